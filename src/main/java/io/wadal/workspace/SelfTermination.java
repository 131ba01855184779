package io.wadal.workspace;

import io.wadal.ssh.MasterScripts;

import io.wadal.shell.ShellQuote;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The master ending its own cluster ({@code wadal_terminate.sh}, installed as
 * {@code ~/.wadal/wadal_terminate.sh} over SSH like the autosave script): at a deadline (MAX_AGE)
 * or at once (a job's end), a final autosave, then TerminateJobFlows with add-termcmd's
 * {@code terminate_cluster} (its keys) or with the instance role. The waiting loop runs in the
 * background ({@code setsid nohup}) and reads its settings again every minute at most. Command
 * lines carry the cluster id, region, deadline and the command's path only: the keys stay in
 * terminate_cluster. It never powers the master off.
 */
public final class SelfTermination {
    public static final String SCRIPT = ".wadal/wadal_terminate.sh";
    public static final String LOG = ".wadal/terminate.log";
    private static final Pattern CLUSTER_ID = Pattern.compile("j-[A-Za-z0-9]+");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]*[a-z0-9]");
    private static final Pattern EPOCH = Pattern.compile("\\d{1,12}");
    /** What the master may say a last reason is: plain printable text, not too long (its text is not trusted). */
    private static final Pattern REASON = Pattern.compile("[\\x20-\\x7e]{0,200}");

    private final byte[] script;

    /** @param script the content of wadal_terminate.sh (bundled, or the home's override) */
    public SelfTermination(byte[] script) {
        this.script = script.clone();
    }

    /** The master's last attempt to terminate: whether EMR took it, when (the master's clock) and why. */
    public record Outcome(boolean ok, Instant at, String reason) {
    }

    /** What the master's script says of itself: the deadline (empty: none), keys or role, the loop, the last attempt. */
    public record Status(Optional<Instant> at, boolean viaKeys, boolean loopRunning, Optional<Outcome> last) {
    }

    /**
     * Installs the script and schedules the termination at {@code at} (empty: turns a schedule
     * off), with {@code command} (the installed terminate_cluster) or, without, the instance
     * role. Starts the loop unless one runs; a deadline already past ends the cluster at once.
     * Returns the script's answer; a failure is the result, not an exception.
     */
    public ExecResult schedule(RemoteShell master, String clusterId, String region, Optional<Instant> at, Optional<String> command) {
        List<String> args = args("schedule", clusterId, region, command);
        args.addAll(List.of("--at", Long.toString(at.map(i -> Math.max(1, i.getEpochSecond())).orElse(0L))));
        ExecResult installed = install(master);
        if (!installed.ok()) {
            return installed;
        }
        return master.run(ShellQuote.join(args) + " </dev/null", null);
    }

    /** Installs the script and ends the cluster now: the final autosave, then the termination. For a job's end. */
    public ExecResult now(RemoteShell master, String clusterId, String region, Optional<String> command, String reason) {
        List<String> args = args("now", clusterId, region, command);
        args.addAll(List.of("--reason", reason));
        ExecResult installed = install(master);
        if (!installed.ok()) {
            return installed;
        }
        return master.run(ShellQuote.join(args) + " </dev/null", null);
    }

    /**
     * Turns a schedule off when the master has the script (it installs nothing otherwise);
     * {@code installed} in the result's output says whether it had.
     */
    public static ExecResult cancel(RemoteShell master, String clusterId, String region) {
        List<String> args = args("schedule", clusterId, region, Optional.empty());
        args.addAll(List.of("--at", "0"));
        return master.run("[ -f " + SCRIPT + " ] || { echo missing; exit 0; }; " + ShellQuote.join(args) + " </dev/null", null);
    }

    /** The script's status, when the master has it. */
    public static Optional<Status> status(RemoteShell master) {
        ExecResult r = master.run("[ -f " + SCRIPT + " ] || exit 0; bash " + SCRIPT + " status </dev/null", null);
        return r.ok() ? status(r.out()) : Optional.empty();
    }

    /** The status lines: believed only when each is well formed. */
    static Optional<Status> status(String out) {
        String at = null;
        String via = null;
        String loop = null;
        String last = null;
        String lastAt = null;
        String reason = null;
        for (String line : out.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = line.substring(eq + 1);
            switch (line.substring(0, eq)) {
                case "at" -> at = value;
                case "via" -> via = value;
                case "loop" -> loop = value;
                case "last" -> last = value;
                case "last_at" -> lastAt = value;
                case "last_reason" -> reason = value;
                default -> {
                }
            }
        }
        if (at == null || !EPOCH.matcher(at).matches() || !("keys".equals(via) || "role".equals(via))
                || !("running".equals(loop) || "stopped".equals(loop))) {
            return Optional.empty();
        }
        Optional<Outcome> outcome = Optional.empty();
        if (("ok".equals(last) || "failed".equals(last)) && lastAt != null && EPOCH.matcher(lastAt).matches()
                && reason != null && REASON.matcher(reason).matches()) {
            outcome = Optional.of(new Outcome("ok".equals(last), Instant.ofEpochSecond(Long.parseLong(lastAt)), reason));
        }
        long epoch = Long.parseLong(at);
        return Optional.of(new Status(epoch == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(epoch)),
                "keys".equals(via), "running".equals(loop), outcome));
    }

    /** A MAX_AGE as people write it: {@code 12h}, {@code 2d}, {@code 90m}, {@code 1h30m}. */
    public static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s > 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s >= 3600 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s >= 3600 && s % 60 == 0) {
            return s / 3600 + "h" + (s % 3600) / 60 + "m";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    private static List<String> args(String what, String clusterId, String region, Optional<String> command) {
        if (clusterId == null || !CLUSTER_ID.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("not a cluster id: " + clusterId);
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("not a region: " + region);
        }
        List<String> args = new ArrayList<>(List.of("bash", SCRIPT, what, "--cluster", clusterId, "--region", region));
        command.ifPresent(c -> {
            if (c.isBlank() || c.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw new IllegalArgumentException("not a command path: " + c);
            }
            args.addAll(List.of("--command", c));
        });
        return args;
    }

    /** Installs the script (when missing or changed), for a job that ends the cluster when it ends. */
    public ExecResult install(RemoteShell master) {
        return MasterScripts.install(master, SCRIPT, script);
    }
}
