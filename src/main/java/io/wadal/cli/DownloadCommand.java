package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileAndArguments;
import io.wadal.error.WadalException;
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
                "  wadal download myprof --job nb-20261201-0931-etl",
                "  PROFILE=myprof wadal download nb.out.ipynb"})
public class DownloadCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;

    @Option(names = "--to", paramLabel = "DIR", description = "local directory to put it in (created if missing); default: <home>/downloads")
    Path to;

    @Option(names = {"-r", "--recursive"}, description = "download a directory with everything in it")
    boolean recursive;

    @Option(names = "--job", paramLabel = "JOB", description = "the output notebook of this run-notebook job (as 'wadal jobs' "
            + "lists it), once it has ended; no PATH then")
    String job;

    @Option(names = "--follow-links", description = "with -r, follow symbolic links that point inside the directory "
            + "(default: links are skipped and listed)")
    boolean followLinks;

    public DownloadCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        if (job != null && (recursive || followLinks)) {
            throw WadalException.usage("download --job fetches one notebook: -r and --follow-links do not apply");
        }
        Path local = job != null ? ws.remoteFiles().downloadJobOutput(target.arguments(), job, to)
                : ws.remoteFiles().download(target.arguments(), to, recursive, followLinks);
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
