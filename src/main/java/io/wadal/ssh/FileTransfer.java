package io.wadal.ssh;

import io.wadal.ExceptionText;
import io.wadal.ExitCodes;
import io.wadal.WadalException;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.CopyMode;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtensionInfo;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Copies files between this machine and the master over SFTP (SPEC §5 upload, download, move).
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

    private final RemoteShell shell;
    private SftpClient sftp;
    private int readChunk;
    private int writeChunk;

    public FileTransfer(RemoteShell shell) {
        this.shell = shell;
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
     * (created if missing) under its own name, replacing what is there.
     *
     * @return the local file (or directory) written
     */
    public Path download(String remotePath, Path localDir, boolean recursive, TransferListener listener) {
        String source = RemotePath.normalize(remotePath);
        Attributes attributes = stat(source);
        if (attributes.isDirectory() && !recursive) {
            throw WadalException.failed(source + " is a directory on the master; use -r to download it with its contents");
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
        List<RemoteFile> files = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        listRemote(source, "", files, dirs);
        listener.started(source, files.size(), files.stream().mapToLong(RemoteFile::size).sum());
        try {
            createLocalDirectories(target);
            for (String dir : dirs) {
                createLocalDirectories(target.resolve(dir));
            }
            for (RemoteFile file : files) {
                getFile(RemotePath.child(source, file.relative()), file.size(), target.resolve(file.relative()), listener);
            }
        } finally {
            listener.finished();
        }
        return target;
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
            throw WadalException.failed(source + " is not a regular file on the master; move takes one file "
                    + "(use 'wadal download -r' for a directory)");
        }
        Path local = download(source, localDir, false, listener);
        long localSize = localSize(local);
        Attributes after = stat(source);
        if (localSize != before.getSize() || after.getSize() != before.getSize()
                || !Objects.equals(after.getModifyTime(), before.getModifyTime())) {
            throw WadalException.failed(source + " changed on the master while it was downloaded (local " + localSize
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

    private void getFile(String source, long size, Path target, TransferListener listener) {
        Path part = target.resolveSibling("." + target.getFileName() + PART_SUFFIX);
        boolean done = false;
        try {
            try (InputStream in = sftp().read(source, readChunk(), EnumSet.of(OpenMode.Read));
                 OutputStream out = new Counting(Files.newOutputStream(part, StandardOpenOption.CREATE,
                         StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), listener)) {
                in.transferTo(out);
            }
            long arrived = Files.size(part);
            if (arrived != size) {
                throw WadalException.failed("download of " + source + " incomplete: " + arrived + " of " + size
                        + " bytes arrived; " + target + " was not replaced");
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

    private void listRemote(String dir, String relative, List<RemoteFile> files, List<String> dirs) {
        List<DirEntry> entries = new ArrayList<>();
        try {
            sftp().readDir(RemotePath.child(dir, relative)).forEach(entries::add);
        } catch (IOException e) {
            throw failure("listing " + RemotePath.child(dir, relative), RemotePath.child(dir, relative), e);
        }
        entries.sort(DirEntry.BY_CASE_SENSITIVE_FILENAME);
        for (DirEntry entry : entries) {
            String name = entry.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            String child = relative.isEmpty() ? name : relative + "/" + name;
            Attributes a = entry.getAttributes();
            if (a.isSymbolicLink()) {
                // Links to files are followed; links to directories are not (they could loop).
                a = statOrNull(RemotePath.child(dir, child));
                if (a == null || a.isDirectory()) {
                    continue;
                }
            }
            if (a.isDirectory()) {
                dirs.add(child);
                listRemote(dir, child, files, dirs);
            } else if (a.isRegularFile()) {
                files.add(new RemoteFile(child, a.getSize()));
            }
        }
    }

    private void makeDirectories(String path) {
        if (path.isEmpty() || path.equals(".")) {
            return;
        }
        Attributes a = statOrNull(path);
        if (a != null) {
            if (!a.isDirectory()) {
                throw WadalException.failed(path + " exists on the master and is not a directory");
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

    private static WadalException failure(String doing, String path, IOException e) {
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
