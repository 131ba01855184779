package io.wadal.ssh;

import io.wadal.shell.ShellQuote;
import io.wadal.time.Sleeper;

import java.time.Duration;

/**
 * Tells EMR that the master is in use while a wadal session is open (ssh, a tunnel, a run-*
 * job): EMR (from emr-6.4.0) counts a recently touched {@value #FILE} as activity, so its idle
 * clock does not run while someone works on the master outside YARN. The file is touched over the
 * session's own connection with one fixed command every {@link #PERIOD}, the first one a period
 * after the session opened (a shorter session needs none); where the folder does not exist (an
 * older release, the test machine) nothing is touched nor created.
 */
public final class BusySignal {
    public static final String FILE = "/emr/metricscollector/isbusy";
    /**
     * EMR does not say how it reads the file's age; half of the shortest IDLE_TIMEOUT it takes (60 s)
     * keeps it fresh whatever it does, for one tiny command a period.
     */
    public static final Duration PERIOD = Duration.ofSeconds(30);
    /** Sets the period in seconds, for tests (not a user option). */
    public static final String PERIOD_ENV = "WADAL_ISBUSY_PERIOD";

    private final MasterRoot root;
    private final Sleeper sleeper;
    private final Duration period;

    public BusySignal(MasterRoot root, Sleeper sleeper, Duration period) {
        this.root = root;
        this.sleeper = sleeper;
        this.period = period;
    }

    /** The real sleeper, with {@link #PERIOD} unless {@code periodSeconds} (from {@value #PERIOD_ENV}) is a number. */
    public static BusySignal of(MasterRoot root, String periodSeconds) {
        Duration period = periodSeconds != null && periodSeconds.matches("[1-9][0-9]{0,5}")
                ? Duration.ofSeconds(Long.parseLong(periodSeconds)) : PERIOD;
        return new BusySignal(root, Sleeper.REAL, period);
    }

    /**
     * Touches the file when its folder exists; EMR's services own that folder, so when the login
     * user may not write there, through passwordless sudo (the hadoop user has it on EMR).
     */
    public String command() {
        return "f=" + ShellQuote.quote(root.path(FILE)) + "; [ -d \"${f%/*}\" ] || exit 0; "
                + "touch \"$f\" 2>/dev/null || sudo -n touch \"$f\" 2>/dev/null";
    }

    /** How often the file is touched. */
    public Duration period() {
        return period;
    }

    /** Starts touching over {@code master}, on a daemon thread, until the result is closed. */
    public Held start(RemoteShell master) {
        Held held = new Held();
        Thread t = new Thread(() -> held.loop(master), "wadal isbusy");
        t.setDaemon(true);
        held.thread = t;
        t.start();
        return held;
    }

    /** The touching of one session; closing it stops the touches (before the connection closes). */
    public final class Held implements AutoCloseable {
        private volatile boolean closed;
        private Thread thread;

        private void loop(RemoteShell master) {
            try {
                while (!closed) {
                    sleeper.sleep(period);
                    if (closed) {
                        return;
                    }
                    // a failed touch is not the user's business: the next period tries again
                    master.run(command(), null);
                }
            } catch (InterruptedException e) {
                // closed
            } catch (RuntimeException e) {
                // the connection went away: the command that holds it reports that
            }
        }

        @Override
        public void close() {
            closed = true;
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
