package io.wadal.cli;

import io.wadal.app.RemoteFiles;
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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
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
        String path = RemoteFiles.onePath(target.arguments(), "download");
        FileTransfer.checkDownloadPath("works/" + path);
        String profile = ws.profileName();
        Path dir = ws.remoteFiles().localDirectory(to);
        // Ctrl-C stops the transfer between chunks, so its partial file is removed.
        try (CtrlC ctrlC = CtrlC.interruptsThisThread(); MinaRemoteShell master = ws.master(profile)) {
            TransferProgress progress = new TransferProgress(ws.err(), ctx.stderr());
            Path local = new FileTransfer(master, ws.warnings())
                    .download("works/" + path, dir, recursive, followLinks, progress);
            progress.summary("downloaded works/" + path + " to " + local);
            ws.out().println(local);
        }
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
