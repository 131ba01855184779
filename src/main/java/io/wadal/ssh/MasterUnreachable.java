package io.wadal.ssh;

import io.wadal.error.WadalException;

/**
 * The master could not be reached over the network (exit 1): nothing listens, nothing answers,
 * or the connection ended before SSH began. {@link #mayComeUp()} when the master's sshd may just
 * not be up yet (refused, timed out, closed before its greeting), so that trying again later
 * can help.
 */
public final class MasterUnreachable extends WadalException {
    private final String where;
    private final String why;
    private final boolean mayComeUp;

    MasterUnreachable(String where, String why, boolean mayComeUp, String hint, Throwable cause) {
        super(io.wadal.error.ExitCodes.FAILED, "cannot connect to the master " + where + ": " + why
                + (hint == null ? "" : "; " + hint), cause);
        this.where = where;
        this.why = why;
        this.mayComeUp = mayComeUp;
    }

    /** user@host:port */
    public String where() {
        return where;
    }

    /** What went wrong, e.g. "connection refused". */
    public String why() {
        return why;
    }

    public boolean mayComeUp() {
        return mayComeUp;
    }

    /** Nothing answered in time: what a security group that does not let this machine in looks like. */
    public boolean timedOut() {
        return "timed out".equals(why);
    }
}
