package io.wadal.cli;

import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileAndArguments;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "upload", mixinStandardHelpOptions = true, modelTransformer = UploadCommand.Arguments.class,
        description = {"Copy a local file (or, with -r, a directory) to works/DST on the master (default DST: the file's name).",
                "A DST that is a directory, or ends with /, receives the file under its own name.",
                "  wadal upload myprof data.csv", "  wadal upload myprof data.csv input/2024.csv",
                "  wadal upload myprof -r notebooks/ shared", "  PROFILE=myprof wadal upload data.csv"})
public class UploadCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;

    @Option(names = {"-r", "--recursive"}, description = "upload a directory with everything in it")
    boolean recursive;

    public UploadCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        target.workspace(ctx).remoteFiles().upload(target.arguments(), recursive);
        return 0;
    }

    /** The usage line names the real arguments. */
    public static final class Arguments implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return ProfileAndArguments.name(spec, "[PROFILE] SRC [DST]",
                    "profile name (unless -P or $PROFILE is given), the local file or directory SRC, then DST under works/");
        }
    }
}
