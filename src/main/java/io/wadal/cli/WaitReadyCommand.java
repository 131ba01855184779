package io.wadal.cli;

import io.wadal.app.ClusterLifecycle;
import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.profile.ProfileKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "wait-ready", mixinStandardHelpOptions = true,
        description = {"Wait until the profile's cluster is RUNNING or WAITING, printing each state change, then finish "
                + "the master's workspace over SSH: works/, the git credentials (0600), the clone of " + ProfileKey.Names.GIT_REPO + ", the S3 keys "
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
        ws.lifecycle().waitReady(ws.profileName(), limit);
        return 0;
    }
}
