package io.wadal.ssh;

import io.wadal.console.TransferListener;
import io.wadal.shell.ShellQuote;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Upload and download speed over loopback against the fake master (or any SSH server); prints
 * MB/s, asserts only that the bytes arrived. Run:
 * {@code mvn -q -B -o test -Dtest=TransferBenchmark -Dwadal.bench=true}, with
 * {@code -Dwadal.bench.mb=N} for another size, and
 * {@code -Dwadal.bench.target=user@host:port -Dwadal.bench.key=FILE -Dwadal.bench.dir=DIR} to
 * measure against another server (a real sshd, an EMR master).
 */
@ExtendWith(FakeMaster.class)
@EnabledIfSystemProperty(named = "wadal.bench", matches = "true")
class TransferBenchmark {
    @TempDir
    Path tmp;

    @Test
    void uploadAndDownloadSpeed(FakeMaster master) throws IOException {
        long megabytes = Long.getLong("wadal.bench.mb", 200);
        long size = megabytes * 1_000_000L;
        Path source = tmp.resolve("bench.bin");
        TestFiles.random(source, size, 42);
        SshTarget target = new SshTarget("127.0.0.1", master.port(), FakeMaster.USER, master.keyFile(), null, null);
        String other = System.getProperty("wadal.bench.target");
        if (other != null) {
            String[] userHost = other.split("@", 2);
            String[] hostPort = userHost[1].split(":", 2);
            target = new SshTarget(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 22, userHost[0],
                    Path.of(System.getProperty("wadal.bench.key")), null, null);
        }
        String remote = System.getProperty("wadal.bench.dir", "works") + "/bench.bin";
        System.out.println("against " + target.user() + "@" + target.host() + ":" + target.port() + ", " + remote);
        try (MinaRemoteShell shell = MinaRemoteShell.connect(target, fingerprint -> { })) {
            FileTransfer transfer = new FileTransfer(shell);
            for (int round = 1; round <= 3; round++) {
                long start = System.nanoTime();
                transfer.upload(source, remote, false, TransferListener.NONE);
                double up = rate(size, start);
                start = System.nanoTime();
                Path local = transfer.download(remote, tmp.resolve("down"), false, TransferListener.NONE);
                double down = rate(size, start);
                assertEquals(size, Files.size(local));
                start = System.nanoTime();
                try (OutputStream out = Files.newOutputStream(tmp.resolve("cat.bin"))) {
                    shell.exec("cat " + ShellQuote.quote(remote), null, out, System.err);
                }
                double cat = rate(size, start);
                assertEquals(size, Files.size(tmp.resolve("cat.bin")));
                System.out.printf("round %d, %d MB: upload %.0f MB/s, download %.0f MB/s (exec cat: %.0f MB/s)%n",
                        round, megabytes, up, down, cat);
            }
            shell.sftp().remove(remote);
        }
    }

    private static double rate(long bytes, long startNanos) {
        return bytes / 1e6 / ((System.nanoTime() - startNanos) / 1e9);
    }

}
