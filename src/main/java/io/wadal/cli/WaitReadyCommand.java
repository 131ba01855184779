package io.wadal.cli;

import io.wadal.WadalException;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterWaiter;
import io.wadal.state.ClusterRecord;
import io.wadal.time.DurationParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "wait-ready", mixinStandardHelpOptions = true,
        description = {"Wait until the profile's cluster is RUNNING or WAITING, printing each state change.",
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
        ClusterRecord record = ws.record(ws.profileName());
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

    /** Waits for the cluster and caches its master host in the record. Shared with create --wait. */
    static ClusterInfo waitReady(Workspace ws, ClusterRecord record, Duration timeout, PrintWriter err) {
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
