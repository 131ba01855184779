package io.wadal.workspace;

import io.wadal.shell.ShellQuote;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The master's autosave ({@code wadal_autosave.sh}, installed as {@code ~/.wadal/wadal_autosave.sh}
 * over SSH like run_jupyter.sh): every interval a snapshot of {@code works/<repo>}'s work tree is
 * force-pushed to {@code wadal/autosave/<cluster id>} on the origin, through a temporary index, so
 * the user's branch, index, stash and files are never touched. The loop runs in the background
 * ({@code setsid nohup}, so it outlives the SSH connection) and reads its settings again every few
 * seconds. Command lines carry the repository folder, cluster id and interval only: git takes the
 * credentials from its store.
 */
public final class Autosave {
    public static final String SCRIPT = ".wadal/wadal_autosave.sh";
    public static final String LOG = ".wadal/autosave.log";
    public static final String BRANCH_PREFIX = "wadal/autosave/";

    private final byte[] script;

    /** @param script the content of wadal_autosave.sh (bundled, or the home's override) */
    public Autosave(byte[] script) {
        this.script = script.clone();
    }

    /** The last snapshot pushed from this master: when, and to which branch. */
    public record Snapshot(Instant pushedAt, String branch) {
        /** "autosaved 4 min ago to branch wadal/autosave/j-…". */
        public String describe(Instant now) {
            long minutes = Math.max(0, Duration.between(pushedAt, now).toMinutes());
            return "autosaved " + (minutes == 0 ? "less than a minute" : minutes + " min") + " ago to branch " + branch;
        }
    }

    /** An autosave branch on the origin: its commit and name ({@code wadal/autosave/j-…}). */
    public record Branch(String commit, String name) {
    }

    public static String branch(String clusterId) {
        return BRANCH_PREFIX + clusterId;
    }

    /**
     * Installs the script and starts the loop unless one runs (an interval of none turns a running
     * one off). Returns the script's one-line answer; a failure is the result, not an exception.
     */
    public ExecResult start(RemoteShell master, String repo, String clusterId, Optional<Duration> interval) {
        ExecResult installed = install(master);
        if (!installed.ok()) {
            return installed;
        }
        long seconds = interval.map(d -> Math.max(1, d.toSeconds())).orElse(0L);
        return master.run(command("start", repo, clusterId) + " --interval " + seconds + " </dev/null", null);
    }

    /** One snapshot now, then the status: the last snapshot pushed (empty when none, or no script on the master). */
    public Optional<Snapshot> saveNow(RemoteShell master, String repo, String clusterId) {
        return status(master.run("if [ -f " + SCRIPT + " ]; then " + command("once", repo, clusterId) + " >/dev/null 2>&1 </dev/null; "
                + "bash " + SCRIPT + " status; fi", null));
    }

    /** The last snapshot pushed, without taking one. */
    public static Optional<Snapshot> last(RemoteShell master) {
        return status(master.run("if [ -f " + SCRIPT + " ]; then bash " + SCRIPT + " status; fi", null));
    }

    /**
     * The autosave branches on the origin other than this cluster's, as the script lists them.
     *
     * @return empty when they could not be listed (the message is in the result)
     */
    public static ExecResult listOthers(RemoteShell master, String repo, String clusterId) {
        return master.run("[ -f " + SCRIPT + " ] || exit 0; " + command("list", repo, clusterId) + " </dev/null", null);
    }

    /** The branches in {@link #listOthers}'s output, one {@code SHA BRANCH} a line. */
    public static List<Branch> branches(String out) {
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split(" ", 2))
                .filter(f -> f.length == 2 && f[1].startsWith(BRANCH_PREFIX)).map(f -> new Branch(f[0], f[1])).toList();
    }

    /** How to get a branch back in Jupyter's terminal, on a branch of its own (uncommitted files are kept, never overwritten). */
    public static String restoreHint(String branch, String repo) {
        return "cd ~/works/" + repo + " && git fetch origin && git checkout -b restored origin/" + branch;
    }

    private ExecResult install(RemoteShell master) {
        String command = "umask 077 && mkdir -p .wadal && chmod 700 .wadal"
                + " && tmp=$(mktemp " + SCRIPT + ".XXXXXX) && cat > \"$tmp\""
                + " && if cmp -s \"$tmp\" " + SCRIPT + "; then rm -f \"$tmp\"; else chmod 700 \"$tmp\" && mv -f \"$tmp\" " + SCRIPT + "; fi";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = master.exec(command, new ByteArrayInputStream(script), out, err);
        return new ExecResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String command(String what, String repo, String clusterId) {
        return ShellQuote.join(List.of("bash", SCRIPT, what, "--repo", "works/" + repo, "--cluster", clusterId));
    }

    static Optional<Snapshot> status(ExecResult r) {
        if (!r.ok()) {
            return Optional.empty();
        }
        String at = null;
        String branch = null;
        for (String line : r.out().lines().toList()) {
            if (line.startsWith("pushed_at=")) {
                at = line.substring("pushed_at=".length()).strip();
            } else if (line.startsWith("branch=")) {
                branch = line.substring("branch=".length()).strip();
            }
        }
        if (at == null || branch == null || !at.matches("\\d{1,12}") || !branch.startsWith(BRANCH_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(Instant.ofEpochSecond(Long.parseLong(at)), branch));
    }
}
