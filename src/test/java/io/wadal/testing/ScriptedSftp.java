package io.wadal.testing;

import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fake master's SFTP server: MINA's, answering as OpenSSH's sftp-server does where wadal relies
 * on it (READDIR reports a link as a link, REALPATH resolves links), and scriptable to lie as a
 * hostile master would: any name in a listing, any announced size, a file that never ends, a
 * directory that lists itself.
 */
public final class ScriptedSftp extends SftpSubsystemFactory {
    /** Where an endless file stops after all, so a client that reads on does not fill the disk. */
    public static final long ENDLESS_CAP = 200_000_000L;

    private final Map<String, String> listedAs = new ConcurrentHashMap<>();
    private final Map<String, Long> announced = new ConcurrentHashMap<>();
    private final Set<String> endless = ConcurrentHashMap.newKeySet();
    private final Set<String> foldsBack = ConcurrentHashMap.newKeySet();
    private final AtomicLong endlessBytesServed = new AtomicLong();

    public ScriptedSftp() {
        setFileSystemAccessor(new Accessor());
    }

    /**
     * READDIR lists the entry whose real name is {@code real} as {@code listed}; a path that
     * contains {@code listed} (as a client that trusted the name would ask for) reaches {@code real}.
     */
    public ScriptedSftp listAs(String real, String listed) {
        listedAs.put(real, listed);
        return this;
    }

    /** Every file named {@code real} is announced (STAT, READDIR) with this size, whatever it holds. */
    public ScriptedSftp announce(String real, long size) {
        announced.put(real, size);
        return this;
    }

    /** Every file named {@code real} streams bytes without end (up to {@link #ENDLESS_CAP}). */
    public ScriptedSftp endless(String real) {
        endless.add(real);
        return this;
    }

    /** A directory named {@code name} is the directory it is in: {@code d/name/name/…} all list {@code d}. */
    public ScriptedSftp foldsBack(String name) {
        foldsBack.add(name);
        return this;
    }

    /** How many bytes endless files have handed out. */
    public long endlessBytesServed() {
        return endlessBytesServed.get();
    }

    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
        SftpSubsystem subsystem = new SftpSubsystem(channel, this) {
            @Override
            protected SimpleImmutableEntry<Path, Boolean> validateRealPath(int id, String path, Path f, LinkOption... options)
                    throws IOException {
                // OpenSSH answers REALPATH with realpath(3): links resolved, also when they lead out of the home.
                Path root = ((RootedFileSystem) f.getFileSystem()).getRoot().toRealPath();
                String absolute = f.toAbsolutePath().toString();
                Path real = root.resolve(absolute.substring(1)).toRealPath();
                Path shown = real.startsWith(root) ? f.getFileSystem().getPath("/" + root.relativize(real))
                        : f.getFileSystem().getPath(real.toString());
                return new SimpleImmutableEntry<>(shown, Boolean.TRUE);
            }

            @Override
            protected void writeDirEntry(int id, DirectoryHandle dir, Map<String, Path> entries, Buffer buffer, int index, Path f,
                    String shortName, LinkOption... options) throws IOException {
                // OpenSSH's READDIR gives each entry's lstat: a link shows as a link.
                super.writeDirEntry(id, dir, entries, buffer, index, f, shortName, LinkOption.NOFOLLOW_LINKS);
            }
        };
        GenericUtils.forEach(getRegisteredListeners(), subsystem::addSftpEventListener);
        return subsystem;
    }

    private final class Accessor implements SftpFileSystemAccessor {
        @Override
        public Path resolveLocalFilePath(SftpSubsystemProxy subsystem, Path rootDir, String remotePath) throws IOException {
            String path = remotePath;
            for (Map.Entry<String, String> lie : listedAs.entrySet()) {
                String listed = lie.getValue();
                if (!listed.isEmpty() && !listed.equals(".") && !listed.equals("..")) {
                    path = path.replace(listed, lie.getKey());
                }
            }
            StringBuilder folded = new StringBuilder();
            boolean first = true;
            for (String part : path.split("/", -1)) {
                if (foldsBack.contains(part)) {
                    continue;
                }
                folded.append(first ? "" : "/").append(part);
                first = false;
            }
            return SftpFileSystemAccessor.super.resolveLocalFilePath(subsystem, rootDir, folded.toString());
        }

        @Override
        public void putRemoteFileName(SftpSubsystemProxy subsystem, Path path, Buffer buf, String name, boolean shortName)
                throws IOException {
            buf.putString(shortName ? listedAs.getOrDefault(name, name) : name);
        }

        @Override
        public NavigableMap<String, Object> resolveReportedFileAttributes(SftpSubsystemProxy subsystem, Path file, int flags,
                NavigableMap<String, Object> attributes, LinkOption... options) throws IOException {
            Long size = file.getFileName() == null ? null : announced.get(file.getFileName().toString());
            if (size == null) {
                return attributes;
            }
            NavigableMap<String, Object> lied = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            lied.putAll(attributes);
            lied.put("size", size);
            return lied;
        }

        @Override
        public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
            if (file.getFileName() != null && endless.contains(file.getFileName().toString())) {
                return new Endless();
            }
            return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
        }
    }

    private final class Endless implements SeekableByteChannel {
        private long position;
        private boolean open = true;

        @Override
        public int read(ByteBuffer dst) {
            if (position >= ENDLESS_CAP) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), ENDLESS_CAP - position);
            for (int i = 0; i < n; i++) {
                dst.put((byte) 'x');
            }
            position += n;
            endlessBytesServed.addAndGet(n);
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return ENDLESS_CAP;
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
