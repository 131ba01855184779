package io.wadal.app;

import io.wadal.console.CtrlC;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterTerminator;
import io.wadal.emr.ClusterWaiter;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.time.DurationParser;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** A cluster's life: waiting until it can be used, and terminating it after a batch run. */
public final class ClusterLifecycle {
    private final Invocation ws;

    public ClusterLifecycle(Invocation ws) {
        this.ws = ws;
    }


    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    public static Duration parseTimeout(String text) {
        if (text == null) {
            return DEFAULT_TIMEOUT;
        }
        Duration d = DurationParser.parse(text).orElseThrow(() ->
                WadalException.usage("--timeout " + text + " is not a duration; write e.g. 45s, 15m, 2h"));
        if (d.isZero() || d.isNegative()) {
            throw WadalException.usage("--timeout must be longer than 0");
        }
        return d;
    }

    /**
     * Waits for the cluster, caches its master host in the record, then sets the master's workspace
     * up within what is left of the timeout. Shared with create --wait.
     */
    public ClusterInfo waitReady(ClusterRecord record, Duration timeout, PrintWriter err) {
        try (CtrlC ctrlC = CtrlC.interruptsThisThread()) {
            Instant start = ws.context().clock().instant();
            ClusterInfo info;
            try {
                info = waitForCluster(record, timeout, err);
            } catch (RuntimeException e) {
                throw interrupted(ctrlC, e) ? new WadalException(ExitCodes.INTERRUPTED, "cluster " + record.id()
                        + " keeps starting; 'wadal wait-ready " + record.profile() + "' to wait again, 'wadal terminate "
                        + record.profile() + "' to stop it", e) : e;
            }
            Duration left = timeout.minus(Duration.between(start, ws.context().clock().instant()));
            if (left.isZero() || left.isNegative()) {
                throw new WadalException(ExitCodes.TIMED_OUT, "the cluster is ready but --timeout ran out before the "
                        + "master's workspace was set up; run 'wadal wait-ready " + record.profile() + "' again");
            }
            err.println("Setting up the master's workspace…");
            err.flush();
            Instant deadline = start.plus(timeout);
            try (MinaRemoteShell master = ws.masterWithin(record.profile(), deadline)) {
                left = Duration.between(ws.context().clock().instant(), deadline);
                if (left.isZero() || left.isNegative()) {
                    throw new WadalException(ExitCodes.TIMED_OUT, "the cluster is ready but --timeout ran out before the "
                            + "master's workspace was set up; run 'wadal wait-ready " + record.profile() + "' again");
                }
                ws.masterSession().ready(record.profile(), master, left);
            } catch (RuntimeException e) {
                throw interrupted(ctrlC, e) ? new WadalException(ExitCodes.INTERRUPTED, "cluster " + record.id()
                        + " is up but its workspace is not set up; 'wadal wait-ready " + record.profile()
                        + "' to finish, 'wadal terminate " + record.profile() + "' to stop it", e) : e;
            }
            err.println("Workspace ready.");
            err.flush();
            return info;
        }
    }

    /** Whether a failure is Ctrl-C's doing (an SDK or SSH call cut short may say otherwise). */
    private static boolean interrupted(CtrlC ctrlC, RuntimeException e) {
        return ctrlC.pressed() || Thread.currentThread().isInterrupted()
                || e instanceof WadalException w && w.exitCode() == ExitCodes.INTERRUPTED;
    }

    private ClusterInfo waitForCluster(ClusterRecord record, Duration timeout, PrintWriter err) {
        ClusterWaiter waiter = new ClusterWaiter(ws.emr(ws.region(record)), ws.context().clock(), ws.context().sleeper(),
                line -> {
                    err.println(line);
                    err.flush();
                });
        err.println("Waiting for cluster " + record.id() + " (profile '" + record.profile() + "')…");
        ClusterInfo info = waiter.waitUntilReady(record.id(), timeout);
        if (info.masterPublicDns() != null) {
            // Re-read: a terminate may have removed the record while we waited.
            ws.store().find(record.profile())
                    .filter(r -> r.id().equals(record.id()) && !info.masterPublicDns().equals(r.masterHost()))
                    .ifPresent(r -> ws.store().update(r.withMasterHost(info.masterPublicDns())));
        }
        err.println("Cluster " + info.id() + " is ready (" + info.state() + ").");
        err.flush();
        return info;
    }

    /** terminate --force for a command that ends a batch job (--terminate-after): messages only, never a failure of the job. */
    public void terminateAfterRun(String profile) {
        ClusterRecord record = ws.record(profile);
        ClusterTerminator terminator = new ClusterTerminator(ws.store(), ws.emr(ws.region(record)));
        if (terminator.aliveOrForget(record).isEmpty()) {
            ws.err().println("Cluster " + record.id() + " is already terminated or gone; removed its record.");
            return;
        }
        terminator.terminate(record);
        ws.err().println("Cluster " + record.id() + " terminated.");
    }
}
