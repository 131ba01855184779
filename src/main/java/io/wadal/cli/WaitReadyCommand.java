package io.wadal.cli;

import io.wadal.ExitCodes;
import io.wadal.WadalException;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.console.CtrlC;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterWaiter;
import io.wadal.ssh.MasterConnector;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.time.DurationParser;
import io.wadal.workspace.WorkspaceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "wait-ready", mixinStandardHelpOptions = true,
        description = {"Wait until the profile's cluster is RUNNING or WAITING, printing each state change, then finish "
                + "the master's workspace over SSH: works/, the git credentials (0600), the clone of GIT_REPO, the S3 keys "
                + "(0600) and Jupyter, checked on the master with its token. Running it again changes nothing.",
                "Fails fast (exit 3) with EMR's reason if the cluster terminates; exit 4 on timeout."})
public class WaitReadyCommand implements Callable<Integer> {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;
    @Option(names = "--timeout", paramLabel = "DUR", description = "give up after this long: 45s, 15m, 2h (default: 60m)")
    String timeout;

    public WaitReadyCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Duration limit = parseTimeout(timeout);
        Workspace ws = target.workspace(ctx);
        String name = ws.profileName();
        // A profile the workspace cannot be built from, or without the key to reach it, fails here, before any AWS call.
        WorkspaceSpec.of(ws.profile(name));
        MasterConnector.keyFile(ws.profile(name));
        ClusterRecord record = ws.record(name);
        waitReady(ws, record, limit, ws.err());
        return 0;
    }

    static Duration parseTimeout(String text) {
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
    static ClusterInfo waitReady(Workspace ws, ClusterRecord record, Duration timeout, PrintWriter err) {
        try (CtrlC ctrlC = CtrlC.interruptsThisThread()) {
            Instant start = ws.context().clock().instant();
            ClusterInfo info;
            try {
                info = waitForCluster(ws, record, timeout, err);
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
                MasterWorkspace.ready(ws, record.profile(), master, left);
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

    private static ClusterInfo waitForCluster(Workspace ws, ClusterRecord record, Duration timeout, PrintWriter err) {
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
}
