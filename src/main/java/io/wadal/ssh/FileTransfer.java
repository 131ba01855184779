package io.wadal.ssh;

import io.wadal.console.TerminalText;
import io.wadal.console.TransferListener;
import io.wadal.error.ExceptionText;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.CopyMode;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtensionInfo;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.client.impl.SftpInputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Copies files between this machine and the master over SFTP (upload, download, move).
 * Remote paths are relative to the login home ({@code works/…}).
 *
 * <p>Every file is written under a temporary name next to its target ({@code .NAME.wadal-part})
 * and renamed to the final name only once it is complete and of the size of its source, so an
 * interrupted transfer never leaves a truncated file under the final name.
 *
 * <p>Speed: MINA's SFTP streams pipeline requests (as many as fit the 16 MB channel window),
 * which is what lifts a download well above MINA SCP's ~25 MB/s; the request size is the
 * server's own limit where it says (limits@openssh.com), else a size every server accepts.
 */
public final class FileTransfer {
    static final String PART_SUFFIX = ".wadal-part";
    /** OpenSSH before 8.6 (Amazon Linux 2) reads at most 64 KiB per request and says nothing. */
    private static final int SAFE_READ = 64 * 1024;
    private static final int SAFE_WRITE = 64 * 1024;
    private static final int MAX_REQUEST = 255 * 1024;
    private static final int LOCAL_BUFFER = 256 * 1024;
    /** Deeper than any real tree; a master listing a directory inside itself reaches it quickly. */
    static final int MAX_DEPTH = 256;
    private static final int MAX_WARNINGS = 20;

    private final RemoteShell shell;
    private final Consumer<String> warnings;
    private SftpClient sftp;
    private int readChunk;
    private int writeChunk;

    public FileTransfer(RemoteShell shell) {
        this(shell, warning -> { });
    }

    /** @param warnings told what a download skipped (one line each, safe to print) */
    public FileTransfer(RemoteShell shell, Consumer<String> warnings) {
        this.shell = shell;
        this.warnings = warnings;
    }

    /**
     * Uploads a local file (or, with {@code recursive}, a directory) to {@code remotePath}. When
     * that names an existing directory, or ends with '/', the source goes into it under its own
     * name (as cp and scp do); missing parent directories are created.
     *
     * @return the remote path written
     */
    public String upload(Path local, String remotePath, boolean recursive, TransferListener listener) {
        if (!Files.exists(local)) {
            throw WadalException.failed("no such local file: " + local);
        }
        boolean directory = Files.isDirectory(local);
        if (directory && !recursive) {
            throw WadalException.usage(local + " is a directory; use -r to upload it with its contents");
        }
        String name = local.toAbsolutePath().normalize().getFileName().toString();
        boolean intoDirectory = remotePath.endsWith("/");
        String wanted = RemotePath.normalize(remotePath);
        Attributes existing = statOrNull(wanted);
        String target;
        if (existing != null && existing.isDirectory()) {
            target = RemotePath.child(wanted, name);
        } else if (intoDirectory) {
            makeDirectories(wanted);
            target = RemotePath.child(wanted, name);
        } else {
            makeDirectories(RemotePath.parent(wanted));
            target = wanted;
        }
        List<Path> files = directory ? localFiles(local) : List.of(local);
        listener.started(target, files.size(), files.stream().mapToLong(FileTransfer::localSize).sum());
        try {
            if (!directory) {
                putFile(local, target, listener);
                return target;
            }
            makeDirectories(target);
            for (Path dir : localDirectories(local)) {
                makeDirectories(RemotePath.child(target, relative(local, dir)));
            }
            for (Path file : files) {
                putFile(file, RemotePath.child(target, relative(local, file)), listener);
            }
            return target;
        } finally {
            listener.finished();
        }
    }

    /**
     * Downloads a remote file (or, with {@code recursive}, a directory) into {@code localDir}
     * (created if missing) under its own name, replacing what is there. Links inside a directory
     * are skipped (see {@link #download(String, Path, boolean, boolean, TransferListener)}).
     *
     * @return the local file (or directory) written
     */
    public Path download(String remotePath, Path localDir, boolean recursive, TransferListener listener) {
        return download(remotePath, localDir, recursive, false, listener);
    }

    /**
     * Downloads a remote file (or, with {@code recursive}, a directory) into {@code localDir}
     * (created if missing) under its own name, replacing what is there.
     *
     * <p>The master's listing decides nothing outside the target: a listed name that is not one
     * plain path element is skipped with a warning (exit 1 after the rest). Symbolic links in the
     * tree are skipped with a warning, or with {@code followLinks} followed when they point inside
     * the directory being downloaded; a loop is exit 1 before anything is written.
     *
     * @return the local file (or directory) written
     */
    public Path download(String remotePath, Path localDir, boolean recursive, boolean followLinks, TransferListener listener) {
        checkDownloadPath(remotePath);
        String source = RemotePath.normalize(remotePath);
        Attributes attributes = stat(source);
        if (attributes.isDirectory() && !recursive) {
            throw failed(source + " is a directory on the master; use -r to download it with its contents");
        }
        Path target = localDir.resolve(RemotePath.name(source));
        createLocalDirectories(localDir);
        if (!attributes.isDirectory()) {
            listener.started(source, 1, attributes.getSize());
            try {
                getFile(source, attributes.getSize(), target, listener);
            } finally {
                listener.finished();
            }
            return target;
        }
        RemoteTree tree = new RemoteTree(source, followLinks);
        tree.list();
        List<RemoteFile> files = tree.files;
        listener.started(source, files.size(), files.stream().mapToLong(RemoteFile::size).sum());
        try {
            createLocalDirectories(target);
            for (String dir : tree.dirs) {
                createLocalDirectories(target.resolve(dir));
            }
            for (RemoteFile file : files) {
                getFile(RemotePath.child(source, file.relative()), file.size(), target.resolve(file.relative()), listener);
            }
        } finally {
            listener.finished();
        }
        tree.finish(target);
        return target;
    }

    /**
     * Exit 2 when the last element of a path to download is no name to give the local copy
     * ({@code ..}, {@code a/..}): it would land beside the target directory, not in it.
     */
    public static void checkDownloadPath(String remotePath) {
        String name = RemotePath.name(RemotePath.normalize(remotePath));
        if (!PlainName.isPlain(name)) {
            throw WadalException.usage(TerminalText.line(remotePath) + " does not end in a file or directory name;"
                    + " name what to download, e.g. output or output/part-0000.csv");
        }
    }

    /**
     * Downloads a remote file, checks that the local copy has the size the remote file still
     * has, and only then deletes the remote file.
     *
     * @return the local file
     */
    public Path move(String remotePath, Path localDir, TransferListener listener) {
        String source = RemotePath.normalize(remotePath);
        Attributes before = stat(source);
        if (!before.isRegularFile()) {
            throw failed(source + " is not a regular file on the master; move takes one file "
                    + "(use 'wadal download -r' for a directory)");
        }
        Path local = download(source, localDir, false, listener);
        long localSize = localSize(local);
        Attributes after = stat(source);
        if (localSize != before.getSize() || after.getSize() != before.getSize()
                || !Objects.equals(after.getModifyTime(), before.getModifyTime())) {
            throw failed(source + " changed on the master while it was downloaded (local " + localSize
                    + " bytes, remote now " + after.getSize() + "); it was not deleted there");
        }
        try {
            sftp().remove(source);
        } catch (IOException e) {
            throw failure("deleting " + source + " on the master after downloading it to " + local, source, e);
        }
        return local;
    }

    /** The size in bytes of a remote file; exit 1 naming it when it does not exist. */
    public long remoteSize(String remotePath) {
        return stat(RemotePath.normalize(remotePath)).getSize();
    }

    private void putFile(Path local, String target, TransferListener listener) {
        long size = localSize(local);
        String part = RemotePath.part(target);
        boolean done = false;
        try {
            try (InputStream in = Files.newInputStream(local);
                 OutputStream out = sftp().write(part, writeChunk(),
                         EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Truncate))) {
                byte[] buffer = new byte[LOCAL_BUFFER];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    stopIfInterrupted();
                    out.write(buffer, 0, n);
                    listener.transferred(n);
                }
            }
            long arrived = sftp().stat(part).getSize();
            if (arrived != size) {
                throw WadalException.failed("upload of " + local + " incomplete: " + arrived + " of " + size
                        + " bytes reached the master; " + target + " was not replaced");
            }
            replaceRemote(part, target);
            done = true;
        } catch (IOException e) {
            throw failure("uploading " + local + " to " + target, target, e);
        } finally {
            if (!done) {
                // Ctrl-C interrupted this thread: the clean-up's SFTP calls must not see it.
                boolean interrupted = Thread.interrupted();
                removeQuietly(part);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Reads at most the {@code size} bytes the master announced: a file that streams more (or
     * changes size meanwhile) is exit 1 and leaves neither a final nor a partial file.
     */
    private void getFile(String source, long size, Path target, TransferListener listener) {
        if (size < 0) {
            throw failed("the master announced an impossible size (" + size + ") for " + source + "; it was not downloaded");
        }
        Path part = target.resolveSibling("." + target.getFileName() + PART_SUFFIX);
        boolean done = false;
        try {
            try (InputStream in = sftp().read(source, readChunk(), EnumSet.of(OpenMode.Read));
                 OutputStream out = new Counting(Files.newOutputStream(part, StandardOpenOption.CREATE,
                         StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), listener)) {
                long arrived = copyAtMost(in, out, size);
                if (arrived != size) {
                    throw failed("download of " + source + " incomplete: " + arrived + " of " + size
                            + " bytes arrived; " + target + " was not replaced");
                }
                if (in.read() >= 0) {
                    throw failed(source + " sent more than the " + size + " bytes the master announced for it;"
                            + " the download stopped there and " + target + " was not replaced");
                }
            }
            long now = stat(source).getSize();
            if (now != size) {
                throw failed(source + " changed on the master while it was downloaded (" + size + " bytes announced, "
                        + now + " now); " + target + " was not replaced");
            }
            replaceLocal(part, target);
            done = true;
        } catch (IOException e) {
            throw failure("downloading " + source + " to " + target, source, e);
        } finally {
            if (!done) {
                deleteQuietly(part);
            }
        }
    }

    /** Copies up to {@code size} bytes; MINA's stream hands over its received buffers without a copy. */
    private static long copyAtMost(InputStream in, OutputStream out, long size) throws IOException {
        if (in instanceof SftpInputStreamAsync sftpIn) {
            return sftpIn.transferTo(size, new WritableByteChannel() {
                @Override
                public int write(ByteBuffer b) throws IOException {
                    int n = b.remaining();
                    out.write(b.array(), b.arrayOffset() + b.position(), n);
                    b.position(b.limit());
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            });
        }
        byte[] buffer = new byte[LOCAL_BUFFER];
        long total = 0;
        for (int n; total < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - total))) >= 0; total += n) {
            out.write(buffer, 0, n);
        }
        return total;
    }

    /** Renames over an existing file: posix-rename where the server has it (OpenSSH does), else remove then rename. */
    private void replaceRemote(String part, String target) throws IOException {
        SftpClient client = sftp();
        OpenSSHPosixRenameExtension posix = client.getExtension(OpenSSHPosixRenameExtension.class);
        if (posix != null && posix.isSupported()) {
            posix.posixRename(part, target);
        } else if (client.getVersion() >= SftpConstants.SFTP_V5) {
            client.rename(part, target, CopyMode.Overwrite, CopyMode.Atomic);
        } else {
            Attributes old = statOrNull(target);
            if (old != null) {
                client.remove(target);
            }
            client.rename(part, target);
        }
    }

    private static void replaceLocal(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The files and directories under a remote directory, listed depth-first without recursion
     * (a master that lists directories without end gets an error, not a StackOverflowError),
     * with what was skipped reported as warnings.
     */
    private final class RemoteTree {
        private final String source;
        private final boolean followLinks;
        private final List<RemoteFile> files = new ArrayList<>();
        private final List<String> dirs = new ArrayList<>();
        private String rootCanonical;
        private int skipped;
        private int badNames;

        RemoteTree(String source, boolean followLinks) {
            this.source = source;
            this.followLinks = followLinks;
        }

        /** One directory to list: {@code canonical} is its real path on the master (only when links are followed). */
        private record Dir(String relative, String canonical, Dir parent, int depth) {
        }

        void list() {
            Deque<Dir> pending = new ArrayDeque<>();
            rootCanonical = followLinks ? canonical(source) : null;
            pending.push(new Dir("", rootCanonical, null, 0));
            while (!pending.isEmpty()) {
                Dir dir = pending.pop();
                List<Dir> subdirs = new ArrayList<>();
                for (DirEntry entry : readDir(RemotePath.child(source, dir.relative()))) {
                    Dir sub = entry(dir, entry);
                    if (sub != null) {
                        if (sub.depth() > MAX_DEPTH) {
                            throw failed("the listing of " + source + " goes deeper than " + MAX_DEPTH + " levels (at "
                                    + shortened(sub.relative()) + "): the master lists a directory inside itself;"
                                    + " nothing was downloaded");
                        }
                        subdirs.add(sub);
                        dirs.add(sub.relative());
                    }
                }
                for (int i = subdirs.size() - 1; i >= 0; i--) {
                    pending.push(subdirs.get(i));
                }
            }
        }

        /** Adds a listed file; returns a listed directory to descend into, null for anything else. */
        private Dir entry(Dir dir, DirEntry entry) {
            String name = entry.getFilename();
            if (name.equals(".") || name.equals("..")) {
                return null;
            }
            if (!PlainName.isPlain(name)) {
                badNames++;
                skip("skipped a name the master listed in " + RemotePath.child(source, dir.relative()) + " that is not a plain file name: \"" + name + "\"");
                return null;
            }
            String relative = dir.relative().isEmpty() ? name : dir.relative() + "/" + name;
            String remote = RemotePath.child(source, relative);
            Attributes a = entry.getAttributes();
            String canonical = dir.canonical() == null ? null : RemotePath.child(dir.canonical(), name);
            if (a.isSymbolicLink()) {
                if (!followLinks) {
                    skip("skipped the symbolic link " + remote + " (links are not followed; --follow-links follows"
                            + " those that point inside " + source + ")");
                    return null;
                }
                canonical = canonicalOrNull(remote);
                a = canonical == null ? null : statOrNull(remote);
                if (a == null) {
                    skip("skipped the symbolic link " + remote + ": its target cannot be read on the master");
                    return null;
                }
                if (!canonical.equals(rootCanonical)
                        && !canonical.startsWith(rootCanonical.endsWith("/") ? rootCanonical : rootCanonical + "/")) {
                    skip("skipped the symbolic link " + remote + ": it points outside " + source + " (to " + canonical + ")");
                    return null;
                }
                for (Dir up = dir; a.isDirectory() && up != null; up = up.parent()) {
                    if (canonical.equals(up.canonical())) {
                        throw failed("the symbolic link " + remote + " points back to "
                                + RemotePath.child(source, up.relative()) + ", which contains it: following it would"
                                + " never end; nothing was downloaded (leave out --follow-links to skip links)");
                    }
                }
            }
            if (a.isDirectory()) {
                return new Dir(relative, canonical, dir, dir.depth() + 1);
            }
            if (a.isRegularFile()) {
                files.add(new RemoteFile(relative, a.getSize()));
            } else {
                skip("skipped " + remote + ": not a regular file or directory");
            }
            return null;
        }

        private void skip(String warning) {
            skipped++;
            if (skipped <= MAX_WARNINGS) {
                warnings.accept(TerminalText.line(warning));
            }
        }

        /** After the files that could be downloaded: the rest of the warnings' count, and exit 1 for bad names. */
        void finish(Path target) {
            if (skipped > MAX_WARNINGS) {
                warnings.accept("skipped " + (skipped - MAX_WARNINGS) + " more entries of " + TerminalText.line(source)
                        + " (not listed)");
            }
            if (badNames > 0) {
                throw failed(badNames + (badNames == 1 ? " name" : " names") + " in the master's listing of " + source
                        + " could have written outside " + target + " and " + (badNames == 1 ? "was" : "were")
                        + " skipped (see the warnings); the other " + files.size() + " files were downloaded there");
            }
        }

        private String shortened(String relative) {
            String[] parts = relative.split("/", 5);
            return RemotePath.child(source, String.join("/", List.of(parts).subList(0, Math.min(4, parts.length))))
                    + (parts.length > 4 ? "/…" : "");
        }
    }

    private List<DirEntry> readDir(String path) {
        List<DirEntry> entries = new ArrayList<>();
        try {
            sftp().readDir(path).forEach(entries::add);
        } catch (IOException e) {
            throw failure("listing " + path, path, e);
        } catch (UncheckedIOException e) {
            throw failure("listing " + path, path, e.getCause());
        }
        entries.sort(DirEntry.BY_CASE_SENSITIVE_FILENAME);
        return entries;
    }

    /** The master's real path (links resolved, as OpenSSH's REALPATH does), to tell where a link points. */
    private String canonical(String path) {
        try {
            return sftp().canonicalPath(path);
        } catch (IOException e) {
            throw failure("resolving " + path, path, e);
        }
    }

    private String canonicalOrNull(String path) {
        try {
            return sftp().canonicalPath(path);
        } catch (IOException e) {
            return null;
        }
    }

    private void makeDirectories(String path) {
        if (path.isEmpty() || path.equals(".")) {
            return;
        }
        Attributes a = statOrNull(path);
        if (a != null) {
            if (!a.isDirectory()) {
                throw failed(path + " exists on the master and is not a directory");
            }
            return;
        }
        makeDirectories(RemotePath.parent(path));
        try {
            sftp().mkdir(path);
        } catch (IOException e) {
            Attributes now = statOrNull(path);
            if (now == null || !now.isDirectory()) {
                throw failure("creating the directory " + path, path, e);
            }
        }
    }

    private Attributes stat(String path) {
        try {
            return sftp().stat(path);
        } catch (IOException e) {
            throw failure("reading " + path, path, e);
        }
    }

    private Attributes statOrNull(String path) {
        try {
            return sftp().stat(path);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                return null;
            }
            throw failure("reading " + path, path, e);
        } catch (IOException e) {
            throw failure("reading " + path, path, e);
        }
    }

    private void removeQuietly(String path) {
        try {
            sftp().remove(path);
        } catch (IOException | RuntimeException ignored) {
            // the temporary file may never have been created, or the connection is gone
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: a leftover .wadal-part file is harmless and replaced by the next try
        }
    }

    private SftpClient sftp() {
        if (sftp == null) {
            sftp = shell.sftp();
            int read = SAFE_READ;
            int write = SAFE_WRITE;
            try {
                OpenSSHLimitsExtension limits = sftp.getExtension(OpenSSHLimitsExtension.class);
                if (limits != null && limits.isSupported()) {
                    OpenSSHLimitsExtensionInfo info = limits.limits();
                    read = clamp(info.maxReadLength, read);
                    write = clamp(info.maxWriteLength, write);
                }
            } catch (IOException e) {
                // the defaults work with every server
            }
            readChunk = read;
            writeChunk = write;
        }
        return sftp;
    }

    private static int clamp(long serverLimit, int fallback) {
        return serverLimit <= 0 ? fallback : (int) Math.min(serverLimit, MAX_REQUEST);
    }

    private int readChunk() {
        sftp();
        return readChunk;
    }

    private int writeChunk() {
        sftp();
        return writeChunk;
    }

    /** Exit 1; the message names remote paths and may quote the master, so it is made safe to print. */
    private static WadalException failed(String message) {
        return WadalException.failed(TerminalText.line(message));
    }

    private static WadalException failure(String doing, String path, IOException e) {
        WadalException w = unsanitisedFailure(doing, path, e);
        return new WadalException(w.exitCode(), TerminalText.line(w.getMessage()), e);
    }

    private static WadalException unsanitisedFailure(String doing, String path, IOException e) {
        if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
            return new WadalException(ExitCodes.INTERRUPTED, "interrupted: " + doing + " stopped; nothing was replaced", e);
        }
        if (e instanceof SftpException s) {
            switch (s.getStatus()) {
                case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH:
                    return WadalException.failed("no such file or directory on the master: " + path, e);
                case SftpConstants.SSH_FX_PERMISSION_DENIED:
                    return WadalException.failed(doing + " failed: permission denied on the master for " + path, e);
                default:
                    break;
            }
        }
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
            return WadalException.failed(doing + " failed: cannot write " + e.getMessage() + " locally", e);
        }
        if (e instanceof AccessDeniedException) {
            return WadalException.failed(doing + " failed: permission denied for " + e.getMessage(), e);
        }
        return WadalException.failed(doing + " failed: " + ExceptionText.of(e), e);
    }

    /** Ctrl-C interrupts the command's thread (see CtrlC): stop between chunks so the partial file is removed. */
    private static void stopIfInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted");
        }
    }

    private static long localSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw WadalException.failed("cannot read " + file + ": " + ExceptionText.of(e), e);
        }
    }

    private static void createLocalDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw WadalException.failed("cannot create the local directory " + dir + ": " + ExceptionText.of(e), e);
        }
    }

    private static List<Path> localFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw WadalException.failed("cannot read " + dir + ": " + ExceptionText.of(e), e);
        }
    }

    private static List<Path> localDirectories(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir) && Files.isDirectory(p)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw WadalException.failed("cannot read " + dir + ": " + ExceptionText.of(e), e);
        }
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(root.getFileSystem().getSeparator(), "/");
    }

    private record RemoteFile(String relative, long size) {
    }

    /** Reports each write to the listener. */
    private static final class Counting extends FilterOutputStream {
        private final TransferListener listener;

        Counting(OutputStream out, TransferListener listener) {
            super(out);
            this.listener = listener;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            stopIfInterrupted();
            out.write(b, off, len);
            listener.transferred(len);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            listener.transferred(1);
        }
    }
}
