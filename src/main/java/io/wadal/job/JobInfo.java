package io.wadal.job;

import io.wadal.console.TerminalText;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job on the master as {@code wadal_job.sh list} or {@code status} describes it, one tab-separated
 * line. The master is not trusted: every field is checked (ids, kinds, states, numbers) or made safe
 * for the terminal (the script or notebook) before it is used, and a line that fails is dropped.
 */
public record JobInfo(String id, String kind, State state, int exitStatus, Instant started, Instant ended, Instant now,
                      String what, String output) {
    public enum State { RUNNING, SUCCEEDED, FAILED, KILLED, LOST }

    /** What a job id may be (and what the master may say one is). */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern STATE = Pattern.compile("running|killed|lost|exit:(\\d{1,3})");
    private static final Pattern EPOCH = Pattern.compile("\\d{1,12}");
    /** An output notebook as RemoteJob names one: under works/, no way out of it. */
    private static final Pattern OUTPUT = Pattern.compile("works/[^\\p{Cntrl}]{1,1000}");
    /** Exit status of wadal for a job killed on the master (128 + SIGTERM, as a shell says). */
    public static final int KILLED_STATUS = 143;

    public static Optional<JobInfo> parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 9 || !f[0].equals("job") || !ID.matcher(f[1]).matches() || !List.of("notebook", "pyspark").contains(f[2])) {
            return Optional.empty();
        }
        Matcher s = STATE.matcher(f[3]);
        if (!s.matches() || !EPOCH.matcher(f[4]).matches() || !(f[5].equals("-") || EPOCH.matcher(f[5]).matches())
                || !EPOCH.matcher(f[6]).matches()) {
            return Optional.empty();
        }
        State state;
        int status = -1;
        if (s.group(1) != null) {
            status = Integer.parseInt(s.group(1));
            if (status > 255) {
                return Optional.empty();
            }
            state = status == 0 ? State.SUCCEEDED : State.FAILED;
        } else {
            state = State.valueOf(f[3].toUpperCase(java.util.Locale.ROOT));
        }
        String output = f[8].equals("-") ? null : f[8];
        if (output != null && (!OUTPUT.matcher(output).matches() || output.contains("/../") || output.endsWith("/.."))) {
            output = null;
        }
        Instant ended = f[5].equals("-") ? null : Instant.ofEpochSecond(Long.parseLong(f[5]));
        String what = TerminalText.line(f[7].length() > 1000 ? f[7].substring(0, 1000) : f[7]);
        return Optional.of(new JobInfo(f[1], f[2], state, status, Instant.ofEpochSecond(Long.parseLong(f[4])), ended,
                Instant.ofEpochSecond(Long.parseLong(f[6])), what, output));
    }

    public static List<JobInfo> parseAll(String out) {
        return out.lines().map(JobInfo::parse).flatMap(Optional::stream).toList();
    }

    public boolean over() {
        return state != State.RUNNING;
    }

    /** How long it ran, or has run so far, by the master's clock. */
    public Duration duration() {
        Duration d = Duration.between(started, ended != null ? ended : now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** running, succeeded, failed N, killed, lost. */
    public String stateText() {
        return state == State.FAILED ? "failed " + exitStatus : state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** What wadal exits with for this job once it ended: its status; 143 killed; 1 lost. */
    public int exitCode() {
        return switch (state) {
            case SUCCEEDED, FAILED -> exitStatus;
            case KILLED -> KILLED_STATUS;
            case LOST -> 1;
            case RUNNING -> throw new IllegalStateException("job " + id + " still runs");
        };
    }

    /** The output notebook's path under works/ (what 'wadal download P PATH' takes), if the job writes one. */
    public Optional<String> outputUnderWorks() {
        return Optional.ofNullable(output).map(o -> o.substring("works/".length()));
    }
}
