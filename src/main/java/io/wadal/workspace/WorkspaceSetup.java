package io.wadal.workspace;

import io.wadal.env.S3EnvFile;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.jupyter.JupyterServer;
import io.wadal.jupyter.JupyterServers;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.SecretMasker;
import io.wadal.shell.ShellQuote;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;
import io.wadal.time.Sleeper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finishes the master's workspace over one SSH connection, the part the bash
 * original did in an EMR step with GIT_PASS as its argument: {@code works/}; the git
 * credentials in the login user's git credential store ({@code ~/.git-credentials}, 0600);
 * the notebook repository cloned into {@code works/<repo>} (once: an existing clone holds the
 * user's work and is left alone); the notebook S3 keys in {@code ~/.wadal/s3.env} (0600);
 * Jupyter configured and started by wadal's own {@code run_jupyter.sh}, copied to
 * {@code ~/.wadal/run_jupyter.sh}; and finally Jupyter asked, from the master, whether it
 * answers with its token. Every step can run again: a second run clones nothing and starts no
 * second Jupyter. Secrets travel only on the stdin of the commands; command lines hold none.
 */
public final class WorkspaceSetup {
    public static final String SCRIPT = ".wadal/run_jupyter.sh";
    private static final String S3_ENV = S3EnvFile.PATH;
    static final int TIMED_OUT_STATUS = 124;
    private static final int LIST_ATTEMPTS = 30;
    private static final Duration LIST_PAUSE = Duration.ofSeconds(1);

    private final byte[] runJupyter;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> progress;

    /**
     * @param runJupyter the content of {@code run_jupyter.sh} (bundled, or the home's override)
     * @param progress   receives one line per step, for stderr
     */
    public WorkspaceSetup(byte[] runJupyter, Clock clock, Sleeper sleeper, Consumer<String> progress) {
        this.runJupyter = runJupyter.clone();
        this.clock = clock;
        this.sleeper = sleeper;
        this.progress = progress;
    }

    /**
     * Sets the workspace up as far as it is not yet, and returns the Jupyter server that
     * answered. Failures are exit 1 with the master's message, secrets masked; exit 4 when
     * {@code timeout} runs out on the master.
     */
    public JupyterServer ensureReady(RemoteShell master, WorkspaceSpec spec, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        SecretMasker masker = new SecretMasker(spec.secrets());
        installScript(master, masker);
        Optional<GitRemote> git = spec.git();
        if (git.isPresent() && git.get().usesPassword()) {
            storeCredentials(master, git.get(), masker);
        }
        if (!spec.s3Keys().isEmpty()) {
            storeS3Keys(master, spec, masker);
        }
        if (git.isPresent() || spec.gitName() != null || spec.gitMail() != null) {
            gitIdentityAndClone(master, spec, masker, deadline);
        }
        startJupyter(master, spec, masker, deadline);
        return answeringServer(master, spec.jupyterPort(), deadline);
    }

    private void installScript(RemoteShell master, SecretMasker masker) {
        String command = "mkdir -p works && umask 077 && mkdir -p .wadal && chmod 700 .wadal"
                + " && tmp=$(mktemp " + SCRIPT + ".XXXXXX) && cat > \"$tmp\""
                + " && if cmp -s \"$tmp\" " + SCRIPT + "; then rm -f \"$tmp\"; echo unchanged;"
                + " else chmod 700 \"$tmp\" && mv -f \"$tmp\" " + SCRIPT + " && echo installed; fi";
        ExecResult r = run(master, command, runJupyter);
        check(r, "preparing works/ and ~/" + SCRIPT + " on the master", masker);
    }

    private void storeCredentials(RemoteShell master, GitRemote git, SecretMasker masker) {
        String command = "umask 077 && git config --global --replace-all credential.helper store"
                + " && git credential approve && chmod 600 .git-credentials";
        ExecResult r = master.run(command, git.credentialInput());
        check(r, "storing the git credentials on the master", masker);
        progress.accept("Git credentials stored in ~/.git-credentials (mode 0600).");
    }

    private void storeS3Keys(RemoteShell master, WorkspaceSpec spec, SecretMasker masker) {
        StringBuilder file = new StringBuilder("# The profile's notebook S3 keys, written by wadal (mode 0600).\n"
                + "# Shell: . ~/" + S3_ENV + "   Python: os.environ (Jupyter has them), or python-dotenv.\n");
        spec.s3Keys().forEach((k, v) -> file.append("export ").append(k).append('=').append(ShellQuote.quote(v)).append('\n'));
        String command = "umask 077 && mkdir -p .wadal && tmp=$(mktemp " + S3_ENV + ".XXXXXX) && cat > \"$tmp\""
                + " && mv -f \"$tmp\" " + S3_ENV;
        ExecResult r = master.run(command, file.toString());
        check(r, "storing the S3 keys on the master", masker);
        progress.accept("S3 keys stored in ~/" + S3_ENV + " (mode 0600).");
    }

    private void gitIdentityAndClone(RemoteShell master, WorkspaceSpec spec, SecretMasker masker, Instant deadline) {
        List<String> steps = new ArrayList<>();
        steps.add("export GIT_TERMINAL_PROMPT=0 GIT_SSH_COMMAND='ssh -o BatchMode=yes'");
        if (spec.gitName() != null) {
            steps.add("git config --global user.name " + ShellQuote.quote(spec.gitName()) + " || exit 1");
        }
        if (spec.gitMail() != null) {
            steps.add("git config --global user.email " + ShellQuote.quote(spec.gitMail()) + " || exit 1");
        }
        Optional<GitRemote> git = spec.git();
        if (git.isEmpty()) {
            check(master.run(String.join("; ", steps), null), "setting the git identity on the master", masker);
            return;
        }
        GitRemote g = git.get();
        String dir = "works/" + g.dirName();
        progress.accept("Cloning " + g.url() + (g.branch() == null ? "" : " (branch " + g.branch() + ")")
                + " into " + dir + "…");
        steps.add(cloneCommand(g, remainingSeconds(deadline)));
        ExecResult r = master.run(String.join("; ", steps), null);
        if (r.exitStatus() == TIMED_OUT_STATUS) {
            throw new WadalException(ExitCodes.TIMED_OUT, "cloning " + g.url() + " timed out; the master's "
                    + "workspace is not ready (run 'wadal wait-ready' again with a longer --timeout)");
        }
        if (!r.ok()) {
            throw WadalException.failed("cloning " + g.url() + (g.branch() == null ? "" : " (branch " + g.branch() + ")")
                    + " on the master failed (exit status " + r.exitStatus() + "): " + lastLines(masker.mask(r.err()), 5)
                    + "; check " + ProfileKey.GIT_REPO + ", " + ProfileKey.GIT_BRANCH + ", " + ProfileKey.GIT_USER + " and " + ProfileKey.GIT_PASS + " in the profile");
        }
        switch (r.out().strip()) {
            case "present" -> progress.accept(dir + " is already cloned; left as it is.");
            case "occupied" -> progress.accept("warning: " + dir + " exists but is not a git clone; nothing cloned into it.");
            default -> progress.accept("Cloned into " + dir + ".");
        }
    }

    /**
     * Clones into a temporary folder, then renames it to works/NAME; prints cloned, present (a
     * clone is there, left alone) or occupied (something else is). Exit 124 when out of time.
     */
    static String cloneCommand(GitRemote g, long timeoutSeconds) {
        String branch = g.branch() == null ? "" : " --branch " + ShellQuote.quote(g.branch());
        return String.join("; ", List.of(
                "dir=" + ShellQuote.quote("works/" + g.dirName()),
                "if [ -d \"$dir/.git\" ]; then echo present; exit 0; fi",
                "if [ -e \"$dir\" ]; then echo occupied; exit 0; fi",
                "umask 022",
                "tmp=$(mktemp -d " + ShellQuote.quote("works/." + g.dirName() + ".cloning.") + "XXXXXX) || exit 1",
                "t=; if command -v timeout >/dev/null 2>&1; then t='timeout " + timeoutSeconds + "'; fi",
                "if $t git clone --quiet" + branch + " -- " + ShellQuote.quote(g.url()) + " \"$tmp/repo\";"
                        // -T: a clone another wadal finished meanwhile is kept, never given this one inside it
                        + " then if mv -T \"$tmp/repo\" \"$dir\" 2>/dev/null; then rmdir \"$tmp\"; echo cloned;"
                        + " else rm -rf \"$tmp\"; if [ -d \"$dir/.git\" ]; then echo present; else echo occupied; fi; fi;"
                        + " else s=$?; rm -rf \"$tmp\"; exit $s; fi"));
    }

    private void startJupyter(RemoteShell master, WorkspaceSpec spec, SecretMasker masker, Instant deadline) {
        List<String> configure = new ArrayList<>(List.of("bash", SCRIPT, "configure", "--port", String.valueOf(spec.jupyterPort()),
                "--mode", spec.jupyterMode()));
        spec.git().ifPresent(g -> configure.addAll(List.of("--repo", g.dirName())));
        if (spec.jupyterPublic()) {
            configure.add("--public");
        }
        configure.addAll(List.of("--kernel-idle-timeout", Long.toString(spec.kernelIdleSeconds())));
        String command = "export WADAL_MASTER_HOME=\"$HOME\" WADAL_MASTER_USER=\"$(id -un)\" WADAL_JUPYTER_WAIT="
                + remainingSeconds(deadline) + "; " + ShellQuote.join(configure) + " </dev/null && exec bash " + SCRIPT + " start";
        ExecResult r = master.run(command, spec.notebookEnvLines());
        if (r.exitStatus() == TIMED_OUT_STATUS) {
            throw new WadalException(ExitCodes.TIMED_OUT, "Jupyter did not start listening on port " + spec.jupyterPort()
                    + " before the timeout; its log is ~/.wadal/jupyter.log on the master (run 'wadal wait-ready' again "
                    + "with a longer --timeout)");
        }
        if (!r.ok()) {
            throw WadalException.failed("starting Jupyter on the master failed (exit status " + r.exitStatus() + "): "
                    + lastLines(masker.mask(r.err()), 8) + "; its log is ~/.wadal/jupyter.log on the master");
        }
    }

    /** Waits (boundedly) until Jupyter lists itself on the port, then asks it for api/status with its token. */
    private JupyterServer answeringServer(RemoteShell master, int port, Instant deadline) {
        for (int attempt = 1; ; attempt++) {
            Optional<JupyterServer> server = JupyterServers.onPort(master, port);
            int status = server.map(s -> JupyterProbe.status(master, s)).orElse(0);
            if (status == 200) {
                progress.accept("Jupyter up on port " + port + ".");
                return server.get();
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new WadalException(ExitCodes.TIMED_OUT, "Jupyter on port " + port + " did not answer before the timeout; "
                        + "see ~/.wadal/jupyter.log on the master (run 'wadal wait-ready' again with a longer --timeout)");
            }
            if (attempt >= LIST_ATTEMPTS) {
                throw WadalException.failed(server.isEmpty()
                        ? "Jupyter was started but no server lists itself on port " + port + "; see ~/.wadal/jupyter.log on the master"
                        : "Jupyter on port " + port + " does not answer with its token (HTTP " + status
                                + "); see ~/.wadal/jupyter.log on the master");
            }
            try {
                sleeper.sleep(LIST_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WadalException(ExitCodes.INTERRUPTED, "interrupted while waiting for Jupyter");
            }
        }
    }

    private long remainingSeconds(Instant deadline) {
        long left = Duration.between(clock.instant(), deadline).toSeconds();
        if (left <= 0) {
            throw new WadalException(ExitCodes.TIMED_OUT, "timed out before the master's workspace was ready");
        }
        return left;
    }

    private static ExecResult run(RemoteShell master, String command, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = master.exec(command, new ByteArrayInputStream(stdin), out, err);
        return new ExecResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void check(ExecResult r, String what, SecretMasker masker) {
        if (!r.ok()) {
            throw WadalException.failed(what + " failed (exit status " + r.exitStatus() + "): " + lastLines(masker.mask(r.err()), 5));
        }
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return "no message";
        }
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
