package io.wadal.error;

/** Exit codes, as the README's "Exit codes" lists them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int CLUSTER_FAILED = 3;
    public static final int TIMED_OUT = 4;
    public static final int REFUSED = 5;
    public static final int INTERRUPTED = 130;
    /** As a shell reports a process ended by SIGPIPE: what read wadal's output (e.g. head) ended first. */
    public static final int OUTPUT_CLOSED = 141;

    private ExitCodes() {
    }
}
