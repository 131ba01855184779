package io.wadal.cli;

import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.WadalException;
import io.wadal.cli.mixin.ProfileAndArguments;
import io.wadal.ssh.MasterLogs;
import io.wadal.ssh.MasterLogs.Kind;
import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.MinaRemoteShell;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "logs", mixinStandardHelpOptions = true, modelTransformer = LogsCommand.Arguments.class,
        description = {"Print the master's bootstrap-action and step logs.",
                "Give bootstrap or steps for one kind (default: both). Prints the stdout and stderr of each action or step, "
                        + "oldest first, each under a '==> file <==' header.",
                "  wadal logs myprof", "  wadal logs myprof steps", "  PROFILE=myprof wadal logs bootstrap"})
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
        List<Kind> kinds = kinds(target.arguments());
        String profile = ws.profileName();
        try (MinaRemoteShell master = ws.master(profile)) {
            ws.out().flush();
            ws.err().flush();
            int status = MasterLogs.print(master, kinds, new MasterRoot(ctx.env(MasterRoot.ENV)), ctx.stdout(), ctx.stderr());
            if (status != 0) {
                throw WadalException.failed("some logs on the master could not be read (exit status " + status
                        + "); see the messages above");
            }
        }
        return 0;
    }

    private static List<Kind> kinds(List<String> arguments) {
        if (arguments.isEmpty()) {
            return List.of(Kind.BOOTSTRAP, Kind.STEPS);
        }
        if (arguments.size() > 1) {
            throw WadalException.usage("logs takes one of bootstrap or steps, not " + String.join(" ", arguments));
        }
        return List.of(Kind.named(arguments.get(0)).orElseThrow(() -> WadalException.usage(
                "unknown log kind '" + arguments.get(0) + "': use bootstrap or steps")));
    }

    /** The usage line names the real arguments. */
    public static final class Arguments implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return ProfileAndArguments.name(spec, "[PROFILE] [bootstrap|steps]",
                    "profile name (unless -P or $PROFILE is given), then which logs (default: both)");
        }
    }
}
