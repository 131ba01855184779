package io.wadal.cli;

import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterTerminator;
import io.wadal.git.UnsavedWorkCheck;
import io.wadal.git.WorkTreeStatus;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "terminate", mixinStandardHelpOptions = true,
        description = {"Terminate the profile's cluster and remove its record.",
                "Unless --force, first checks the master's clone works/<repo> of GIT_REPO for modified, staged or untracked files "
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
            confirm(ws, record, info.get());
        }
        terminator.terminate(record);
        out.println("Cluster " + record.id() + " terminated.");
        return 0;
    }

    /**
     * The master's clone is checked for unsaved work over one SSH connection. Clean (or
     * no repository to check): no question. Unsaved work, or a master that could not be checked:
     * say so and terminate only on "y" at a terminal.
     */
    private void confirm(Invocation ws, ClusterRecord record, ClusterInfo info) {
        PrintWriter err = ws.err();
        WorkTreeStatus status;
        try {
            Optional<String> repo = ws.profile(record.profile()).gitRepoName();
            if (repo.isEmpty()) {
                return;
            }
            try (MinaRemoteShell master = ws.master(record.profile(),
                    "'wadal terminate --force " + record.profile() + "' terminates without this check")) {
                status = UnsavedWorkCheck.check(master, repo.get()).orElse(null);
            }
        } catch (WadalException e) {
            err.println("could not check the master for unsaved work: " + e.getMessage());
            ask(err, record, "Terminate cluster " + record.id() + " (" + info.name() + ") anyway? (y/N) ",
                    "the master could not be checked for unsaved work");
            return;
        }
        if (status == null || status.clean()) {
            return;
        }
        err.print(status.report());
        ask(err, record, "Are you sure to terminate (y/N)? ", "there is unsaved work on the master");
    }

    private void ask(PrintWriter err, ClusterRecord record, String question, String why) {
        err.flush();
        if (!ctx.console().interactive()) {
            throw new WadalException(ExitCodes.REFUSED, "not terminating cluster " + record.id() + ": " + why
                    + " and there is no terminal to confirm; use 'wadal terminate --force' to terminate anyway");
        }
        String answer = ctx.console().ask(question);
        if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
            throw new WadalException(ExitCodes.REFUSED, "not terminated: cluster " + record.id() + " keeps running");
        }
    }
}
