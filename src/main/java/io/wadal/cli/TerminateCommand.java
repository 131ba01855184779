package io.wadal.cli;

import io.wadal.app.ClusterTermination;
import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.profile.ProfileKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "terminate", mixinStandardHelpOptions = true,
        description = {"Terminate the profile's cluster and remove its record.",
                "Unless --force, first checks the master's clone works/<repo> of " + ProfileKey.Names.GIT_REPO + " for modified, staged or untracked files "
                        + "and unpushed commits: if there are any (or the master cannot be reached), lists them and "
                        + "asks on a terminal; without a terminal, refuses (exit 5)."})
public class TerminateCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;
    @Option(names = {"-f", "--force"}, description = "terminate without checking the master or asking (cron, batch jobs)")
    boolean force;

    public TerminateCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        ClusterTermination.Outcome done = ws.termination().terminate(ws.profileName(), force);
        if (done.wasAlive()) {
            ws.ui().result("Cluster " + done.record().id() + " terminated.");
        } else {
            ws.ui().info("Cluster " + done.record().id() + " is already terminated or gone; removed its record.");
        }
        return 0;
    }
}
