package io.wadal.app;

import io.wadal.console.CtrlC;
import io.wadal.console.TerminalText;
import io.wadal.console.TransferProgress;
import io.wadal.console.Ui;
import io.wadal.error.WadalException;
import io.wadal.job.JobInfo;
import io.wadal.job.MasterJobs;
import io.wadal.profile.Profile;
import io.wadal.shell.ShellQuote;
import io.wadal.ssh.FileTransfer;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Files under works/ on the master: ls, upload, download and move. */
public final class RemoteFiles {
    private final Supplier<String> profileName;
    private final Function<String, Profile> profiles;
    private final Function<String, ClusterRecord> records;
    private final Function<String, MinaRemoteShell> masters;
    private final Supplier<Path> downloads;
    private final WadalContext ctx;
    private final Ui ui;

    /**
     * @param profileName the command's profile, asked for only once the arguments are known to be right
     * @param records     the profile's cluster record, exit 2 when there is none
     * @param masters     an SSH connection to the profile's master
     */
    public RemoteFiles(Supplier<String> profileName, Function<String, Profile> profiles, Function<String, ClusterRecord> records,
                       Function<String, MinaRemoteShell> masters, Supplier<Path> downloads, WadalContext ctx, Ui ui) {
        this.profileName = profileName;
        this.profiles = profiles;
        this.records = records;
        this.masters = masters;
        this.downloads = downloads;
        this.ctx = ctx;
        this.ui = ui;
    }

    /**
     * Runs ls on the master; ls's exit status. Before --, a word starting with - is an option
     * for ls, in the order given; after --, every word is a name.
     *
     * @param original  the command line's words as given
     * @param unmatched the words the parser took for unknown options
     * @param arguments the positionals that are not the profile (some dashed words, -1 or -, land here)
     */
    public int ls(List<String> original, List<String> unmatched, List<String> arguments) {
        String profile = profileName.get();
        try (MinaRemoteShell master = masters.apply(profile)) {
            // names come from the master: shown escaped, never as terminal control sequences
            OutputStream out = TerminalText.filter(ctx.stdout());
            OutputStream err = TerminalText.filter(ctx.stderr());
            try {
                return master.exec(lsCommand(original, unmatched, arguments), null, out, err);
            } finally {
                flush(out);
                flush(err);
            }
        }
    }

    private static void flush(OutputStream s) {
        try {
            s.flush();
        } catch (IOException e) {
            // stdout gone (a closed pipe): nothing left to show
        }
    }

    private static String lsCommand(List<String> original, List<String> unmatched, List<String> arguments) {
        int dash = original.indexOf("--");
        int afterDash = dash < 0 ? 0 : original.size() - dash - 1;
        List<String> beforeDash = arguments.subList(0, arguments.size() - afterDash);
        List<String> candidates = new ArrayList<>(unmatched);
        List<String> names = new ArrayList<>();
        for (String word : beforeDash) {
            if (word.length() > 1 && word.startsWith("-")) {
                candidates.add(word);
            } else {
                names.add(word);
            }
        }
        names.addAll(arguments.subList(arguments.size() - afterDash, arguments.size()));
        List<String> options = new ArrayList<>();
        for (String word : dash < 0 ? original : original.subList(0, dash)) {
            if (candidates.remove(word)) {
                options.add(word);
            }
        }
        options.addAll(candidates);
        return lsCommand(options, names);
    }

    /** {@code ls OPTS works/SUBDIR…}, every word quoted; the works/ prefix keeps a name from reading as an option. */
    private static String lsCommand(List<String> options, List<String> subdirs) {
        List<String> words = new ArrayList<>(options);
        if (subdirs.isEmpty()) {
            words.add("works");
        }
        for (String dir : subdirs) {
            words.add("works/" + dir);
        }
        return "ls " + ShellQuote.join(words);
    }

    /** Uploads {@code SRC [DST]} to works/DST; the remote path written. */
    public String upload(List<String> args, boolean recursive) {
        if (args.isEmpty() || args.size() > 2) {
            throw WadalException.usage("upload takes SRC [DST], e.g. wadal upload myprof data.csv input/data.csv");
        }
        String profile = profileName.get();
        profiles.apply(profile);
        records.apply(profile);
        Path source = ctx.cwd().resolve(args.get(0));
        if (!Files.exists(source)) {
            throw WadalException.failed("no such local file: " + args.get(0));
        }
        if (Files.isDirectory(source) && !recursive) {
            throw WadalException.usage(args.get(0) + " is a directory; use -r to upload it with its contents");
        }
        String destination = "works/" + (args.size() == 2 ? args.get(1) : "");
        // Ctrl-C stops the transfer between chunks, so its partial file is removed.
        try (CtrlC ctrlC = CtrlC.interruptsThisThread(); MinaRemoteShell master = masters.apply(profile)) {
            TransferProgress progress = new TransferProgress(ui.err(), ctx.stderr());
            String written = new FileTransfer(master).upload(source, destination, recursive, progress);
            progress.summary("uploaded " + written);
            return written;
        }
    }

    /** Downloads the one works/PATH in {@code args} into {@code to} (default: the home's downloads); the local path. */
    public Path download(List<String> args, Path to, boolean recursive, boolean followLinks) {
        String path = onePath(args, "download");
        FileTransfer.checkDownloadPath("works/" + path);
        String profile = profileName.get();
        Path dir = localDirectory(to);
        // Ctrl-C stops the transfer between chunks, so its partial file is removed.
        try (CtrlC ctrlC = CtrlC.interruptsThisThread(); MinaRemoteShell master = masters.apply(profile)) {
            TransferProgress progress = new TransferProgress(ui.err(), ctx.stderr());
            Path local = new FileTransfer(master, ui.warnings())
                    .download("works/" + path, dir, recursive, followLinks, progress);
            progress.summary("downloaded works/" + path + " to " + local);
            return local;
        }
    }

    /**
     * Downloads the output notebook of run-notebook job {@code jobId} (as its record on the master
     * names it) into {@code to}; the local path. A job still running, or one that writes none, is
     * refused with what to do.
     */
    public Path downloadJobOutput(List<String> args, String jobId, Path to) {
        if (!args.isEmpty()) {
            throw WadalException.usage("download --job takes no PATH: the job's record names its output notebook");
        }
        MasterJobs.checkId(jobId);
        String profile = profileName.get();
        Path dir = localDirectory(to);
        try (CtrlC ctrlC = CtrlC.interruptsThisThread(); MinaRemoteShell master = masters.apply(profile)) {
            JobInfo job = MasterJobs.status(master, jobId);
            String output = job.outputUnderWorks().orElseThrow(() -> WadalException.failed("job " + jobId + " is a " + job.kind()
                    + " job: it writes no output notebook; 'wadal logs " + profile + " --job " + jobId + "' prints its output"));
            if (!job.over()) {
                throw WadalException.failed("job " + jobId + " is still running: its output notebook " + output + " is whole once "
                        + "it ends; 'wadal attach " + profile + " " + jobId + "' waits for that");
            }
            FileTransfer.checkDownloadPath("works/" + output);
            TransferProgress progress = new TransferProgress(ui.err(), ctx.stderr());
            Path local = new FileTransfer(master, ui.warnings()).download("works/" + output, dir, false, false, progress);
            progress.summary("downloaded works/" + output + " (job " + jobId + ", " + job.stateText() + ") to " + local);
            return local;
        }
    }

    /** As {@link #download}, then deletes the remote file once the local copy has its size; the local path. */
    public Path move(List<String> args, Path to) {
        String path = onePath(args, "move");
        FileTransfer.checkDownloadPath("works/" + path);
        String profile = profileName.get();
        Path dir = localDirectory(to);
        // Ctrl-C stops the transfer between chunks, so its partial file is removed.
        try (CtrlC ctrlC = CtrlC.interruptsThisThread(); MinaRemoteShell master = masters.apply(profile)) {
            TransferProgress progress = new TransferProgress(ui.err(), ctx.stderr());
            Path local = new FileTransfer(master).move("works/" + path, dir, progress);
            progress.summary("moved works/" + path + " to " + local);
            return local;
        }
    }

    private static String onePath(List<String> args, String command) {
        if (args.size() != 1) {
            throw WadalException.usage(command + " takes one PATH under works/, e.g. wadal " + command + " myprof result.csv");
        }
        return args.get(0);
    }

    /** The local directory to download into; exit 2 when it, or a folder above it, is an existing file. */
    private Path localDirectory(Path to) {
        Path dir = to == null ? downloads.get() : ctx.cwd().resolve(to);
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                break;
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw WadalException.usage((to == null ? dir : "--to " + to) + (p.equals(dir) ? "" : ": " + p)
                        + " is a file, not a directory; name a directory to download into (it is created if missing)");
            }
        }
        return dir;
    }
}
