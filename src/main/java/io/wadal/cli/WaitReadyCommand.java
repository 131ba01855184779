package io.wadal.cli;

import io.wadal.app.ClusterLifecycle;
import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.console.CtrlC;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterWaiter;
import io.wadal.app.MasterConnector;
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
        Duration limit = ClusterLifecycle.parseTimeout(timeout);
        Invocation ws = target.workspace(ctx);
        String name = ws.profileName();
        // A profile the workspace cannot be built from, or without the key to reach it, fails here, before any AWS call.
        WorkspaceSpec.of(ws.profile(name));
        MasterConnector.keyFile(ws.profile(name));
        ClusterRecord record = ws.record(name);
        ws.lifecycle().waitReady(record, limit, ws.err());
        return 0;
    }
}
