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

@Command(name = "download", mixinStandardHelpOptions = true, modelTransformer = DownloadCommand.Arguments.class,
        description = {"Copy works/PATH from the master (a directory with -r) into <home>/downloads/ or --to DIR; "
                + "prints the local path.",
                "  wadal download myprof result.csv", "  wadal download myprof -r output --to ./results",
                "  PROFILE=myprof wadal download nb.out.ipynb"})
public class DownloadCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;

    @Option(names = "--to", paramLabel = "DIR", description = "local directory to put it in (created if missing); default: <home>/downloads")
    Path to;

    @Option(names = {"-r", "--recursive"}, description = "download a directory with everything in it")
    boolean recursive;

    @Option(names = "--follow-links", description = "with -r, follow symbolic links that point inside the directory "
            + "(default: links are skipped and listed)")
    boolean followLinks;

    public DownloadCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        Path local = ws.remoteFiles().download(target.arguments(), to, recursive, followLinks);
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
