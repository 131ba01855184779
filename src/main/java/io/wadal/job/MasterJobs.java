package io.wadal.job;

import io.wadal.console.TerminalText;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.shell.ShellQuote;
import io.wadal.ssh.MasterScripts;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The master's jobs ({@code wadal_job.sh}, installed as {@code ~/.wadal/wadal_job.sh} over SSH
 * when changed): each run-* job runs there under setsid nohup, its output in
 * {@code ~/.wadal/jobs/<id>/log}, so it outlives the connection and the laptop. The environment,
 * which may hold secrets, goes on the start command's stdin into a 0600 file; command lines carry
 * ids, paths and the job's fixed settings only.
 */
public final class MasterJobs {
    public static final String SCRIPT = ".wadal/wadal_job.sh";
    public static final String DIR = ".wadal/jobs";
    /** follow's exit status when the job ended and its whole log was sent; any other is not an end. */
    private static final int FOLLOW_DONE = 0;
    private static final int NO_SUCH_JOB = 4;
    /** bash's status for a script that is not there: a master no run-* command has been to. */
    private static final int NOT_INSTALLED = 127;

    private final byte[] script;

    /** @param script the content of wadal_job.sh (bundled, or the home's override) */
    public MasterJobs(byte[] script) {
        this.script = script.clone();
    }

    /** Installs the script unless the master has this very one. */
    public void install(RemoteShell master) {
        ExecResult r = MasterScripts.install(master, SCRIPT, script);
        if (!r.ok()) {
            throw WadalException.failed("installing ~/" + SCRIPT + " on the master failed (exit status " + r.exitStatus() + "): "
                    + lastLine(r.err()));
        }
    }

    /** Starts the job on the master under an id made from {@code idBase}; returns the id the master gave it. */
    public String start(RemoteShell master, RemoteJob job, String idBase) {
        return start(master, job, idBase, null, null);
    }

    /**
     * @param busyFile  EMR's isbusy file, touched on the master while the job runs (null: none)
     * @param busyEvery how often
     */
    public String start(RemoteShell master, RemoteJob job, String idBase, String busyFile, java.time.Duration busyEvery) {
        return start(master, job, idBase, busyFile, busyEvery, Optional.empty());
    }

    /** @param end when present, the master ends the cluster once the job has ended (not when it is killed) */
    public String start(RemoteShell master, RemoteJob job, String idBase, String busyFile, java.time.Duration busyEvery,
                        Optional<ClusterEnd> end) {
        List<String> words = new ArrayList<>(List.of("bash", SCRIPT, "start", "--id", idBase, "--kind", job.kind(), "--what", job.what()));
        end.ifPresent(e -> {
            words.addAll(List.of("--terminate-cluster", e.clusterId(), "--terminate-region", e.region()));
            e.command().ifPresent(c -> words.addAll(List.of("--terminate-command", c)));
        });
        job.output().ifPresent(o -> words.addAll(List.of("--output", o)));
        if (busyFile != null) {
            words.addAll(List.of("--busy-file", busyFile, "--busy-every", String.valueOf(Math.max(1, busyEvery.toSeconds()))));
        }
        words.addAll(List.of("--command", job.jobCommand()));
        ExecResult r = master.run(ShellQuote.join(words), job.environmentScript());
        String id = r.out().strip().startsWith("id=") ? r.out().strip().substring(3) : "";
        if (!r.ok() || !JobInfo.ID.matcher(id).matches()) {
            throw WadalException.failed("starting the job on the master failed (exit status " + r.exitStatus() + "): "
                    + lastLine(r.err().isBlank() ? r.out() : r.err()));
        }
        return id;
    }

    /**
     * How a {@link #follow} ended: the bytes it received, whether the job ended with all of its log
     * sent, and whether the local output was closed (a pipe's reader ended), which no reconnect mends.
     */
    public record Followed(long received, boolean ended, boolean outputClosed) {
    }

    /**
     * Streams the job's log from byte {@code from} into {@code out} until the job ended (then
     * {@code ended}), or the connection dropped (a {@link WadalException} or no exit status: not
     * ended; {@code received} says how many bytes did arrive, so the next follow resumes there).
     */
    public static Followed follow(RemoteShell master, String id, long from, OutputStream out) {
        Counting counting = new Counting(out);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            status = master.exec(script("follow", id, "--from", String.valueOf(from)) + " </dev/null", null, counting, err);
        } catch (WadalException e) {
            return new Followed(counting.count, false, counting.closed);
        }
        if (counting.closed) {
            return new Followed(counting.count, false, true);
        }
        if (status == FOLLOW_DONE) {
            return new Followed(counting.count, true, false);
        }
        if (status == NO_SUCH_JOB || status == 2) {
            throw failure(err, status);
        }
        return new Followed(counting.count, false, false);
    }

    /** The byte offset where the log's last {@code lines} lines start. */
    public static long offset(RemoteShell master, String id, int lines) {
        ExecResult r = master.run(script("offset", id, "--lines", String.valueOf(lines)) + " </dev/null", null);
        String out = r.out().strip();
        if (!r.ok() || !out.matches("offset=\\d{1,18}")) {
            throw failure(r);
        }
        return Long.parseLong(out.substring("offset=".length()));
    }

    public static JobInfo status(RemoteShell master, String id) {
        ExecResult r = master.run(script("status", id) + " </dev/null", null);
        Optional<JobInfo> info = r.ok() ? JobInfo.parse(r.out().strip()).filter(j -> j.id().equals(id)) : Optional.empty();
        return info.orElseThrow(() -> failure(r));
    }

    public static List<JobInfo> list(RemoteShell master) {
        ExecResult r = master.run(script("list") + " </dev/null", null);
        if (!r.ok()) {
            throw failure(r);
        }
        return JobInfo.parseAll(r.out());
    }

    /**
     * Ends the job's process group on the master; its status becomes killed. Returns false, and
     * leaves it as it is, when the job had ended (lost included).
     */
    public static boolean kill(RemoteShell master, String id) {
        ExecResult r = master.run(script("kill", id) + " </dev/null", null);
        if (!r.ok()) {
            throw failure(r);
        }
        return r.out().strip().equals("killed");
    }

    /** Writes the job's log as it is now into {@code out}. */
    public static void log(RemoteShell master, String id, OutputStream out) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Counting counting = new Counting(out);
        int status;
        try {
            status = master.exec(script("log", id) + " </dev/null", null, counting, err);
        } catch (WadalException e) {
            if (counting.closed) {
                throw outputClosed();
            }
            throw e;
        }
        if (counting.closed) {
            throw outputClosed();
        }
        if (status != 0) {
            throw failure(err, status);
        }
    }

    /** Removes the folders of ended jobs; returns their ids. */
    public static List<String> prune(RemoteShell master) {
        ExecResult r = master.run(script("prune") + " </dev/null", null);
        if (!r.ok()) {
            throw failure(r);
        }
        return r.out().lines().filter(l -> l.startsWith("pruned ")).map(l -> l.substring("pruned ".length()))
                .filter(i -> JobInfo.ID.matcher(i).matches()).toList();
    }

    /** Refuses what cannot be a job id before it reaches the master's command line. */
    public static String checkId(String id) {
        if (id == null || !JobInfo.ID.matcher(id).matches()) {
            throw WadalException.usage("'" + TerminalText.line(String.valueOf(id)) + "' is not a job id (as 'wadal jobs' lists them, "
                    + "e.g. nb-20261201-0931-etl)");
        }
        return id;
    }

    /** What a closed local output ends a command with: no message (like cat's SIGPIPE), only the exit code. */
    private static WadalException outputClosed() {
        return new WadalException(ExitCodes.OUTPUT_CLOSED, "the output was closed before the whole log was written");
    }

    private static String script(String... words) {
        List<String> all = new ArrayList<>(List.of("bash", SCRIPT));
        all.addAll(List.of(words));
        return ShellQuote.join(all);
    }

    private static WadalException failure(ExecResult r) {
        if (r.exitStatus() == NOT_INSTALLED) {
            return WadalException.failed("no job has run on this master yet (it has no ~/" + SCRIPT + ")");
        }
        if (r.exitStatus() == NO_SUCH_JOB) {
            return WadalException.failed(lastLine(r.err()).replaceFirst("^wadal_job: ", "") + " ('wadal jobs' lists them)");
        }
        return WadalException.failed("the master's job script failed (exit status " + r.exitStatus() + "): "
                + lastLine(r.err().isBlank() ? r.out() : r.err()));
    }

    private static WadalException failure(ByteArrayOutputStream err, int status) {
        return failure(new ExecResult(status, "", err.toString(StandardCharsets.UTF_8)));
    }

    private static String lastLine(String text) {
        return TerminalText.line(ExecResult.lastLine(text));
    }

    /**
     * Counts what was written through it: the bytes of the log that reached the user. A write that
     * fails (the reader of a pipe ended) is noted, so it is not taken for a dropped connection.
     */
    private static final class Counting extends OutputStream {
        private final OutputStream out;
        private long count;
        private volatile boolean closed;

        Counting(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                closed = true;
                throw e;
            }
            count += len;
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                closed = true;
                throw e;
            }
        }
    }
}
