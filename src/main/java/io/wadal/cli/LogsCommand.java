package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.MasterLogReader;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileAndArguments;
import io.wadal.error.WadalException;
import io.wadal.ssh.MasterLogs.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "logs", mixinStandardHelpOptions = true, modelTransformer = LogsCommand.Arguments.class,
        description = {"Print the master's bootstrap-action and step logs, or its autosave or termination log.",
                "Give bootstrap or steps for one kind (default: both). Prints the stdout and stderr of each action or step, "
                        + "oldest first, each under a '==> file <==' header.",
                "autosave prints ~/.wadal/autosave.log: each push of the work tree to wadal/autosave/<cluster> and each failure.",
                "terminate prints ~/.wadal/terminate.log: when the master ends its own cluster (its maximum age), its final autosave and each failure.",
                "A cluster that has ended (e.g. its bootstrap failed) has no master: bootstrap then reads every node's bootstrap "
                        + "logs from the cluster's LogUri in S3, where EMR pushes them about every 5 minutes.",
                "--job JOB prints the output of a run-notebook or run-pyspark job so far (~/.wadal/jobs/JOB/log; 'wadal jobs' lists them).",
                "  wadal logs myprof", "  wadal logs myprof steps", "  wadal logs myprof autosave", "  wadal logs myprof terminate",
                "  wadal logs myprof --job nb-20261201-0931-etl", "  PROFILE=myprof wadal logs bootstrap"})
public class LogsCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;
    @Option(names = "--job", paramLabel = "JOB", description = "print this job's output (stdout and stderr, as they came) instead")
    String job;

    public LogsCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        if (job != null) {
            if (!target.arguments().isEmpty()) {
                throw WadalException.usage("--job prints a job's output alone: drop " + String.join(" ", target.arguments()));
            }
            ws.jobControl().log(ws.profileName(), job);
            return 0;
        }
        MasterLogReader logs = ws.masterLogs();
        List<Kind> kinds = logs.kinds(target.arguments());
        logs.print(ws.profileName(), kinds);
        return 0;
    }

    /** The usage line names the real arguments. */
    public static final class Arguments implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return ProfileAndArguments.name(spec, "[PROFILE] [bootstrap|steps|autosave|terminate]",
                    "profile name (unless -P or $PROFILE is given), then which logs (default: bootstrap and steps)");
        }
    }
}
