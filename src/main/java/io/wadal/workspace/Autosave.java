package io.wadal.workspace;

import io.wadal.ssh.MasterScripts;

import io.wadal.shell.ShellQuote;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;

import java.time.Duration;
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
    /** What the master may say a branch or commit is: a cluster id's characters, a hex sha (its text is not trusted). */
    private static final java.util.regex.Pattern BRANCH = java.util.regex.Pattern.compile("wadal/autosave/[A-Za-z0-9_-]{1,64}");
    private static final java.util.regex.Pattern SHA = java.util.regex.Pattern.compile("[0-9a-f]{40,64}");

    private final byte[] script;

    /** @param script the content of wadal_autosave.sh (bundled, or the home's override) */
    public Autosave(byte[] script) {
        this.script = script.clone();
    }

    /** The last snapshot pushed from this master: how long ago (by the master's clock), and to which branch. */
    public record Snapshot(Duration age, String branch) {
        /** "autosaved 4 min ago to branch wadal/autosave/j-…". */
        public String describe() {
            long minutes = Math.max(0, age.toMinutes());
            return "autosaved " + (minutes == 0 ? "less than a minute" : minutes + " min") + " ago to branch " + branch;
        }
    }

    /** What a final snapshot did: whether it succeeded (or found nothing new), and the last snapshot pushed. */
    public record FinalSave(boolean installed, boolean ok, Optional<Snapshot> last) {
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

    /** One snapshot now (when the master has the script), then the last snapshot pushed; one command. */
    public static FinalSave saveNow(RemoteShell master, String repo, String clusterId) {
        ExecResult r = master.run("[ -f " + SCRIPT + " ] || { echo missing; exit 0; }; " + command("once", repo, clusterId)
                + " >/dev/null 2>&1 </dev/null; echo \"once=$?\"; bash " + SCRIPT + " status", null);
        boolean installed = r.ok() && !r.out().startsWith("missing");
        return new FinalSave(installed, installed && r.out().contains("once=0\n"), status(r));
    }

    /**
     * The autosave branches of the origin other than this cluster's that the clone knows of (as
     * of its clone or last fetch), as the script lists them; nothing when the script is missing.
     */
    public static ExecResult listOthers(RemoteShell master, String repo, String clusterId) {
        return master.run("[ -f " + SCRIPT + " ] || exit 0; " + command("list", repo, clusterId) + " </dev/null", null);
    }

    /** The branches in {@link #listOthers}'s output, one {@code SHA BRANCH} a line. */
    public static List<Branch> branches(String out) {
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split(" ", 2))
                .filter(f -> f.length == 2 && SHA.matcher(f[0]).matches() && BRANCH.matcher(f[1]).matches())
                .map(f -> new Branch(f[0], f[1])).toList();
    }

    /** How to get a branch back in Jupyter's terminal, on a branch of its own (uncommitted files are kept, never overwritten). */
    public static String restoreHint(String branch, String repo) {
        return "cd ~/works/" + repo + " && git fetch origin && git checkout -b restored origin/" + branch;
    }

    private ExecResult install(RemoteShell master) {
        return MasterScripts.install(master, SCRIPT, script);
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
            if (line.startsWith("age=")) {
                at = line.substring("age=".length()).strip();
            } else if (line.startsWith("branch=")) {
                branch = line.substring("branch=".length()).strip();
            }
        }
        if (at == null || branch == null || !at.matches("-?\\d{1,12}") || !BRANCH.matcher(branch).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(Duration.ofSeconds(Long.parseLong(at)), branch));
    }
}
