package io.wadal.ssh;

import io.wadal.console.TransferListener;
import io.wadal.error.WadalException;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.SshMaster;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FileTransfer against the fake master, with faults injected between it and a real SFTP
 * connection: streams cut short, connections dropped mid-write, files changing while read.
 */
@ExtendWith(FakeMaster.class)
public class FileTransferTest {
    @TempDir
    Path local;
    private SshMaster master;
    private MinaRemoteShell shell;

    @BeforeEach
    void connect(SshMaster master) {
        this.master = master;
        shell = MinaRemoteShell.connect(new SshTarget("127.0.0.1", master.port(), master.user(), master.keyFile(), null, null),
                fingerprint -> { });
    }

    @AfterEach
    void close() {
        shell.close();
    }

    @Test
    void aDownloadCutShortNeverReplacesTheFinalFile() throws IOException {
        Files.write(master.works().resolve("r.bin"), bytes(500_000));
        Path old = Files.writeString(local.resolve("r.bin"), "previous download");
        FileTransfer transfer = new FileTransfer(faulty(in -> truncated(in, 200_000), out -> out));

        WadalException e = assertThrows(WadalException.class,
                () -> transfer.download("works/r.bin", local, false, TransferListener.NONE));

        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("download of works/r.bin incomplete: 200000 of 500000 bytes"), e.getMessage());
        assertEquals("previous download", Files.readString(old));
        assertEquals(List.of(), parts(local));
    }

    @Test
    void aStreamLongerThanTheAnnouncedSizeIsCutThereAndLeavesNoFile() throws IOException {
        Files.writeString(master.works().resolve("ten.txt"), "0123456789");
        // The stream goes on past the 10 bytes STAT announced, as a lying server's would.
        FileTransfer transfer = new FileTransfer(faulty(in -> new java.io.SequenceInputStream(in,
                new java.io.ByteArrayInputStream(new byte[1_000_000])), out -> out));
        long[] written = new long[1];
        TransferListener counting = new TransferListener() {
            @Override
            public void transferred(long bytes) {
                written[0] += bytes;
            }
        };

        WadalException e = assertThrows(WadalException.class, () -> transfer.download("works/ten.txt", local, false, counting));

        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().startsWith("works/ten.txt sent more than the 10 bytes the master announced for it"), e.getMessage());
        assertEquals(10, written[0], "not a byte written past the announced size");
        assertFalse(Files.exists(local.resolve("ten.txt")));
        assertEquals(List.of(), parts(local));
    }

    @Test
    void aMoveWhoseDownloadFallsShortKeepsTheRemoteFileAndWritesNoLocalOne() throws IOException {
        byte[] content = bytes(300_000);
        Files.write(master.works().resolve("m.bin"), content);
        FileTransfer transfer = new FileTransfer(faulty(in -> truncated(in, 1000), out -> out));

        assertThrows(WadalException.class, () -> transfer.move("works/m.bin", local, TransferListener.NONE));

        assertArrayEquals(content, Files.readAllBytes(master.works().resolve("m.bin")));
        assertFalse(Files.exists(local.resolve("m.bin")));
        assertEquals(List.of(), parts(local));
    }

    @Test
    void aMoveOfAFileChangedWhileDownloadingKeepsTheRemoteFile() throws IOException {
        Path remote = Files.write(master.works().resolve("growing.log"), bytes(50_000));
        Files.setLastModifiedTime(remote, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        // Same size, new modification time: someone rewrote it as it was read.
        FileTransfer transfer = new FileTransfer(faulty(in -> onClose(in, () -> Files.setLastModifiedTime(remote,
                FileTime.from(Instant.parse("2026-06-01T00:00:00Z")))), out -> out));

        WadalException e = assertThrows(WadalException.class, () -> transfer.move("works/growing.log", local, TransferListener.NONE));

        assertTrue(e.getMessage().contains("changed on the master while it was downloaded"), e.getMessage());
        assertTrue(e.getMessage().contains("not deleted"), e.getMessage());
        assertTrue(Files.exists(remote));
    }

    @Test
    void aMoveDeletesTheRemoteFileOnlyAfterAMatchingDownload() throws IOException {
        byte[] content = bytes(70_000);
        Files.write(master.works().resolve("ok.bin"), content);
        List<String> events = new ArrayList<>();
        TransferListener listener = new TransferListener() {
            @Override
            public void finished() {
                events.add("downloaded; remote still there: " + Files.exists(master.works().resolve("ok.bin")));
            }
        };

        Path result = new FileTransfer(shell).move("works/ok.bin", local.resolve("in"), listener);

        assertEquals(local.resolve("in/ok.bin"), result);
        assertArrayEquals(content, Files.readAllBytes(result));
        assertEquals(List.of("downloaded; remote still there: true"), events);
        assertFalse(Files.exists(master.works().resolve("ok.bin")));
    }

    /** What Ctrl-C does to a transfer command (console.CtrlC interrupts its thread). */
    private static final TransferListener INTERRUPTS = new TransferListener() {
        @Override
        public void transferred(long bytes) {
            Thread.currentThread().interrupt();
        }
    };

    @Test
    void ctrlCDuringAnUploadIsExit130AndRemovesThePartialFile() throws IOException {
        Files.writeString(master.works().resolve("c.bin"), "old");
        Path source = local.resolve("c.bin");
        Files.write(source, bytes(3_000_000));

        WadalException e = assertThrows(WadalException.class, () -> new FileTransfer(shell).upload(source, "works/c.bin", false, INTERRUPTS));
        Thread.interrupted();

        assertEquals(130, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith("interrupted: uploading "), e.getMessage());
        assertEquals("old", Files.readString(master.works().resolve("c.bin")));
        assertEquals(List.of(), parts(master.works()));
    }

    @Test
    void ctrlCDuringADownloadIsExit130AndRemovesThePartialFile() throws IOException {
        Files.write(master.works().resolve("d.bin"), bytes(3_000_000));
        Files.writeString(local.resolve("d.bin"), "old");

        WadalException e = assertThrows(WadalException.class, () -> new FileTransfer(shell).download("works/d.bin", local, false, INTERRUPTS));
        Thread.interrupted();

        assertEquals(130, e.exitCode(), e.getMessage());
        assertEquals("old", Files.readString(local.resolve("d.bin")));
        assertEquals(List.of(), parts(local));
    }

    @Test
    void anUploadInterruptedMidStreamLeavesTheOldRemoteFileAndNoTemporary() throws IOException {
        Path source = Files.write(local.resolve("u.bin"), bytes(400_000));
        Path remote = Files.writeString(master.works().resolve("u.bin"), "the old version");
        FileTransfer transfer = new FileTransfer(faulty(in -> in, out -> failingAfter(out, 150_000)));

        WadalException e = assertThrows(WadalException.class,
                () -> transfer.upload(source, "works/u.bin", false, TransferListener.NONE));

        assertTrue(e.getMessage().startsWith("uploading " + source + " to works/u.bin failed: connection reset"), e.getMessage());
        assertEquals("the old version", Files.readString(remote));
        assertEquals(List.of(), parts(master.works()));
    }

    @Test
    void anUploadThatArrivesShortIsNotRenamed() throws IOException {
        Path source = Files.write(local.resolve("s.bin"), bytes(400_000));
        FileTransfer transfer = new FileTransfer(faulty(in -> in, out -> droppingAfter(out, 100_000)));

        WadalException e = assertThrows(WadalException.class,
                () -> transfer.upload(source, "works/s.bin", false, TransferListener.NONE));

        assertTrue(e.getMessage().contains("incomplete: 100000 of 400000 bytes reached the master"), e.getMessage());
        assertFalse(Files.exists(master.works().resolve("s.bin")));
        assertEquals(List.of(), parts(master.works()));
    }

    @Test
    void withoutPosixRenameAnSftpV3ServerStillGetsTheFileReplaced() throws IOException {
        Path source = Files.writeString(local.resolve("v3.txt"), "new");
        Files.writeString(master.works().resolve("v3.txt"), "old");
        FileTransfer transfer = new FileTransfer(faulty(in -> in, out -> out, true));

        assertEquals("works/v3.txt", transfer.upload(source, "works/v3.txt", false, TransferListener.NONE));

        assertEquals("new", Files.readString(master.works().resolve("v3.txt")));
        assertEquals(List.of(), parts(master.works()));
    }

    @Test
    void theListenerHearsEveryByteOnce() throws IOException {
        Files.write(master.works().resolve("count.bin"), bytes(1_234_567));
        long[] seen = new long[3];
        TransferListener listener = new TransferListener() {
            @Override
            public void started(String what, int files, long totalBytes) {
                seen[0] = files;
                seen[1] = totalBytes;
            }

            @Override
            public void transferred(long bytes) {
                seen[2] += bytes;
            }
        };
        new FileTransfer(shell).download("works/count.bin", local, false, listener);
        assertArrayEquals(new long[] {1, 1_234_567, 1_234_567}, seen);
        assertEquals(1_234_567, new FileTransfer(shell).remoteSize("works/count.bin"));
    }

    @Test
    void remoteSizeOfAMissingFileNamesIt() {
        WadalException e = assertThrows(WadalException.class, () -> new FileTransfer(shell).remoteSize("works/none"));
        assertEquals("no such file or directory on the master: works/none", e.getMessage());
    }

    // --- fault injection: a RemoteShell whose SFTP client wraps the streams it opens

    private interface IoOperator<T> {
        T apply(T t) throws IOException;
    }

    private RemoteShell faulty(IoOperator<InputStream> reads, IoOperator<OutputStream> writes) {
        return faulty(reads, writes, false);
    }

    /** @param plainV3 pose as an SFTP v3 server without posix-rename (rename then fails over an existing file) */
    private RemoteShell faulty(IoOperator<InputStream> reads, IoOperator<OutputStream> writes, boolean plainV3) {
        SftpClient real = shell.sftp();
        SftpClient wrapped = (SftpClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SftpClient.class},
                (proxy, method, args) -> {
                    if (plainV3 && method.getName().equals("getVersion")) {
                        return 3;
                    }
                    if (plainV3 && method.getName().equals("getExtension") && args[0] == OpenSSHPosixRenameExtension.class) {
                        return null;
                    }
                    if (plainV3 && method.getName().equals("rename") && args.length == 2
                            && Files.exists(master.home().resolve((String) args[1]))) {
                        throw new SftpException(SftpConstants.SSH_FX_FILE_ALREADY_EXISTS, "exists");
                    }
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("read") && result instanceof InputStream in) {
                        return reads.apply(in);
                    }
                    if (method.getName().equals("write") && result instanceof OutputStream out) {
                        return writes.apply(out);
                    }
                    return result;
                });
        return new RemoteShell() {
            @Override
            public int exec(String command, InputStream stdin, OutputStream out, OutputStream err) {
                return shell.exec(command, stdin, out, err);
            }

            @Override
            public ExecResult run(String command, String stdin) {
                return shell.run(command, stdin);
            }

            @Override
            public SftpClient sftp() {
                return wrapped;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Ends early, as a stream does when the connection drops and the library reports EOF. */
    private static InputStream truncated(InputStream in, long limit) {
        return new FilterInputStream(in) {
            long left = limit;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                left -= Math.max(n, 0);
                return n;
            }

            @Override
            public long transferTo(OutputStream out) throws IOException {
                byte[] buffer = new byte[8192];
                long total = 0;
                for (int n; (n = read(buffer, 0, buffer.length)) >= 0; total += n) {
                    out.write(buffer, 0, n);
                }
                return total;
            }
        };
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static InputStream onClose(InputStream in, IoAction action) {
        return new FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                super.close();
                action.run();
            }
        };
    }

    private static OutputStream failingAfter(OutputStream out, long limit) {
        return new FilterOutputStream(out) {
            long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > limit) {
                    throw new IOException("connection reset");
                }
                out.write(b, off, len);
                written += len;
            }
        };
    }

    /** Silently loses what comes after the limit: the remote file ends up short. */
    private static OutputStream droppingAfter(OutputStream out, long limit) {
        return new FilterOutputStream(out) {
            long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int n = (int) Math.max(0, Math.min(len, limit - written));
                out.write(b, off, n);
                written += len;
            }
        };
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new SplittableRandom(size).nextBytes(b);
        return b;
    }

    private static List<Path> parts(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".wadal-part")).toList();
        }
    }
}
