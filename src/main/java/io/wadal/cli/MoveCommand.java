package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileAndArguments;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "move", mixinStandardHelpOptions = true, modelTransformer = MoveCommand.Arguments.class,
        description = {"Download works/PATH like download, check that the local copy has the remote file's size, "
                + "then delete the remote file; prints the local path.",
                "  wadal move myprof big-result.parquet", "  wadal move myprof logs/run.log --to ./logs"})
public class MoveCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;

    @Option(names = "--to", paramLabel = "DIR", description = "local directory to put it in (created if missing); default: <home>/downloads")
    Path to;

    public MoveCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        Path local = ws.remoteFiles().move(target.arguments(), to);
        ws.ui().result(local.toString());
        return 0;
    }

    /** The usage line names the real arguments. */
    public static final class Arguments implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return ProfileAndArguments.name(spec, "[PROFILE] PATH",
                    "profile name (unless -P or $PROFILE is given), then PATH under works/ on the master");
        }
    }
}
