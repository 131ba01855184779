package io.wadal.cli;

import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.WadalException;
import io.wadal.cli.mixin.ProfileAndArguments;
import io.wadal.console.CtrlC;
import io.wadal.console.TransferProgress;
import io.wadal.ssh.FileTransfer;
import io.wadal.ssh.MinaRemoteShell;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Invocation ws = target.workspace(ctx);
        List<String> args = target.arguments();
        if (args.isEmpty() || args.size() > 2) {
            throw WadalException.usage("upload takes SRC [DST], e.g. wadal upload myprof data.csv input/data.csv");
        }
        String profile = ws.profileName();
        ws.profile(profile);
        ws.record(profile);
        Path source = ctx.cwd().resolve(args.get(0));
        if (!Files.exists(source)) {
            throw WadalException.failed("no such local file: " + args.get(0));
        }
        if (Files.isDirectory(source) && !recursive) {
            throw WadalException.usage(args.get(0) + " is a directory; use -r to upload it with its contents");
        }
        String destination = "works/" + (args.size() == 2 ? args.get(1) : "");
        // Ctrl-C stops the transfer between chunks, so its partial file is removed.
        try (CtrlC ctrlC = CtrlC.interruptsThisThread(); MinaRemoteShell master = ws.master(profile)) {
            TransferProgress progress = new TransferProgress(ws.err(), ctx.stderr());
            String written = new FileTransfer(master).upload(source, destination, recursive, progress);
            progress.summary("uploaded " + written);
        }
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
