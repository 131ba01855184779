package io.wadal.cli;

import io.wadal.ExitCodes;
import io.wadal.WadalException;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterTerminator;
import io.wadal.state.ClusterRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "terminate", mixinStandardHelpOptions = true,
        description = {"Terminate the profile's cluster and remove its record.",
                "Asks for confirmation on a terminal; without a terminal, refuses (exit 5) unless --force."})
public class TerminateCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;
    @Option(names = {"-f", "--force"}, description = "terminate without any question (cron, batch jobs)")
    boolean force;

    public TerminateCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Workspace ws = target.workspace(ctx);
        String name = ws.profileName();
        ClusterRecord record = ws.record(name);
        PrintWriter out = ws.out();
        PrintWriter err = ws.err();
        ClusterTerminator terminator = new ClusterTerminator(ws.store(), ws.emr(ws.region(record)));
        Optional<ClusterInfo> info = terminator.aliveOrForget(record);
        if (info.isEmpty()) {
            err.println("Cluster " + record.id() + " is already terminated or gone; removed its record.");
            return 0;
        }
        if (!force) {
            confirm(record, info.get());
        }
        terminator.terminate(record);
        out.println("Cluster " + record.id() + " terminated.");
        return 0;
    }

    /** terminate --force for a command that ends a batch job (--terminate-after): messages only, never a failure of the job. */
    static void terminateAfterRun(Workspace ws, String profile) {
        ClusterRecord record = ws.record(profile);
        ClusterTerminator terminator = new ClusterTerminator(ws.store(), ws.emr(ws.region(record)));
        if (terminator.aliveOrForget(record).isEmpty()) {
            ws.err().println("Cluster " + record.id() + " is already terminated or gone; removed its record.");
            return;
        }
        terminator.terminate(record);
        ws.err().println("Cluster " + record.id() + " terminated.");
    }

    // Until the master's work tree can be checked over SSH, it counts as unchecked: ask.
    private void confirm(ClusterRecord record, ClusterInfo info) {
        String question = "Terminate cluster " + record.id() + " (" + info.name() + ")? (y/n) ";
        if (!ctx.console().interactive()) {
            throw new WadalException(ExitCodes.REFUSED, "not terminating cluster " + record.id()
                    + ": unsaved work on the master could not be checked and there is no terminal to confirm; "
                    + "use 'wadal terminate --force' to terminate anyway");
        }
        String answer = ctx.console().ask(question);
        if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
            throw new WadalException(ExitCodes.REFUSED, "not terminated: cluster " + record.id() + " keeps running");
        }
    }
}
