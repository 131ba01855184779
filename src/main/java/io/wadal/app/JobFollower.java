package io.wadal.app;

import io.wadal.console.Interrupts;
import io.wadal.console.Ui;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.job.JobInfo;
import io.wadal.job.MasterJobs;
import io.wadal.ssh.BusySignal;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.SshRefusal;
import io.wadal.time.Sleeper;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Streams a master job's log to the user until the job ends, over as many connections as it
 * takes: when one drops, it reconnects with backoff and resumes at the byte offset it had
 * received, so every byte of the log arrives once. Ctrl-C detaches (the job goes on) unless told
 * to kill it; a second Ctrl-C within {@link #SECOND_PRESS} kills it.
 */
final class JobFollower {
    /** About two minutes of tries: a laptop waking up or a network changing is back by then. */
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60));
    static final Duration SECOND_PRESS = Duration.ofSeconds(2);
    /** What wadal exits with when the master stayed unreachable (as ssh does for a lost connection). */
    static final int CONNECTION_LOST = 255;

    /** A connection to the master, counted as activity for EMR's idle clock while open. */
    static final class Link implements AutoCloseable {
        private final Function<String, MinaRemoteShell> masters;
        private final Supplier<MasterSession> session;
        private final String profile;
        private MinaRemoteShell shell;
        private BusySignal.Held held;

        Link(Function<String, MinaRemoteShell> masters, Supplier<MasterSession> session, String profile) {
            this.masters = masters;
            this.session = session;
            this.profile = profile;
        }

        MinaRemoteShell shell() {
            if (shell == null) {
                shell = masters.apply(profile);
                held = session.get().keepBusy(shell);
            }
            return shell;
        }

        void drop() {
            closeQuietly(held);
            closeQuietly(shell);
            held = null;
            shell = null;
        }

        @Override
        public void close() {
            drop();
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the connection is gone already
            }
        }
    }

    /** How following ended: with the job (its record), detached, or with the master out of reach. */
    /** @param killed the job was killed on the way out (a second Ctrl-C, --kill-on-interrupt) */
    record Outcome(JobInfo job, int exitCode, boolean killed) {
        Outcome(JobInfo job, int exitCode) {
            this(job, exitCode, false);
        }
    }

    private final Sleeper sleeper;
    private final OutputStream stdout;
    private final Ui ui;

    JobFollower(Sleeper sleeper, OutputStream stdout, Ui ui) {
        this.sleeper = sleeper;
        this.stdout = stdout;
        this.ui = ui;
    }

    /**
     * Follows job {@code id} from byte {@code from} until it ends: its exit code then (with the job);
     * 130 when Ctrl-C detached or killed it; 141 when the local output was closed; 255 when the
     * master could not be reached again.
     */
    Outcome follow(Link link, String profile, String id, long from, Interrupts ctrlC, boolean killOnInterrupt) {
        long offset = from;
        int failures = 0;
        boolean said = false;
        while (true) {
            WadalException lost = null;
            try {
                MasterJobs.Followed f = followOnce(link, id, offset);
                if (f == null) {
                    return interrupt(link, profile, id, ctrlC, killOnInterrupt);
                }
                offset += f.received();
                if (f.outputClosed()) {
                    ui.info("wadal: the output was closed (what read it has ended); job " + id + " goes on on the master. "
                            + "'wadal attach " + profile + " " + id + "' shows its output, 'wadal jobs " + profile
                            + " --kill " + id + "' stops it.");
                    return new Outcome(null, ExitCodes.OUTPUT_CLOSED);
                }
                if (f.received() > 0) {
                    failures = 0;
                }
                if (interrupted(ctrlC)) {
                    return interrupt(link, profile, id, ctrlC, killOnInterrupt);
                }
                if (f.ended()) {
                    JobInfo job = MasterJobs.status(link.shell(), id);
                    if (job.over()) {
                        return new Outcome(job, job.exitCode());
                    }
                    continue; // the runner writes the status an instant after its log: follow again
                }
            } catch (WadalException e) {
                if (interrupted(ctrlC)) {
                    return interrupt(link, profile, id, ctrlC, killOnInterrupt);
                }
                // no retry mends a refused key, nor brings back a cluster that has ended
                if (e.exitCode() == ExitCodes.USAGE || e instanceof SshRefusal || e instanceof ClusterEnded) {
                    throw e;
                }
                lost = e;
            }
            link.drop();
            if (failures >= BACKOFF.size()) {
                ui.info("wadal: could not reconnect to the master" + (lost == null ? "" : ": " + lost.getMessage())
                        + ". The job goes on there: 'wadal attach " + profile + " " + id + "' shows the rest of its output, "
                        + "'wadal jobs " + profile + " --kill " + id + "' stops it.");
                return new Outcome(null, CONNECTION_LOST);
            }
            if (!said) {
                ui.info("wadal: the connection to the master dropped; the job goes on there. Reconnecting (up to "
                        + BACKOFF.size() + " tries over about 2 minutes)...");
                said = true;
            }
            try {
                sleeper.sleep(BACKOFF.get(failures++));
            } catch (InterruptedException e) {
                return interrupt(link, profile, id, ctrlC, killOnInterrupt);
            }
        }
    }

    /**
     * One follow, on a thread of its own: MINA's wait for the channel does not end on an interrupt,
     * so on Ctrl-C this closes the connection, waits for the thread (no byte is printed after the
     * message) and returns null.
     */
    private MasterJobs.Followed followOnce(Link link, String id, long offset) {
        MinaRemoteShell shell = link.shell();
        CompletableFuture<MasterJobs.Followed> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(MasterJobs.follow(shell, id, offset, stdout));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "wadal-follow-" + id);
        t.setDaemon(true);
        t.start();
        try {
            return f.get();
        } catch (InterruptedException e) {
            link.drop();
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException again) {
                // a second press: the message comes now
            }
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static boolean interrupted(Interrupts ctrlC) {
        return Thread.interrupted() | ctrlC.pressed();
    }

    private Outcome interrupt(Link link, String profile, String id, Interrupts ctrlC, boolean killOnInterrupt) {
        Thread.interrupted();
        boolean kill = killOnInterrupt;
        if (!kill) {
            ui.info("wadal: detached; job " + id + " goes on on the master. 'wadal attach " + profile + " " + id
                    + "' shows its output again, 'wadal jobs " + profile + "' lists the jobs, 'wadal jobs " + profile
                    + " --kill " + id + "' stops it.");
            if (ctrlC.pressed()) {
                ui.info("(Ctrl-C again within " + SECOND_PRESS.toSeconds() + " s kills the job.)");
                kill = ctrlC.anotherWithin(SECOND_PRESS);
                Thread.interrupted();
            }
        }
        boolean killed = false;
        if (kill) {
            link.drop();
            try {
                MasterJobs.kill(link.shell(), id);
                killed = true;
                ui.info("wadal: killed job " + id + " on the master.");
            } catch (WadalException e) {
                ui.info("wadal: could not kill job " + id + ": " + e.getMessage() + "; try 'wadal jobs " + profile
                        + " --kill " + id + "'");
            }
        }
        return new Outcome(null, ExitCodes.INTERRUPTED, killed);
    }
}
