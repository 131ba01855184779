package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.MasterLogReader;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileAndArguments;
import io.wadal.ssh.MasterLogs.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "logs", mixinStandardHelpOptions = true, modelTransformer = LogsCommand.Arguments.class,
        description = {"Print the master's bootstrap-action and step logs, or its autosave or termination log.",
                "Give bootstrap or steps for one kind (default: both). Prints the stdout and stderr of each action or step, "
                        + "oldest first, each under a '==> file <==' header.",
                "autosave prints ~/.wadal/autosave.log: each push of the work tree to wadal/autosave/<cluster> and each failure.",
                "terminate prints ~/.wadal/terminate.log: when the master ends its own cluster (its maximum age), its final autosave and each failure.",
                "  wadal logs myprof", "  wadal logs myprof steps", "  wadal logs myprof autosave", "  wadal logs myprof terminate",
                "  PROFILE=myprof wadal logs bootstrap"})
public class LogsCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;

    public LogsCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
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
