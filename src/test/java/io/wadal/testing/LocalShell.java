package io.wadal.testing;

import io.wadal.ssh.RemoteShell;
import org.apache.sshd.sftp.client.SftpClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@link RemoteShell} whose commands run in a local /bin/sh, as the master's sshd would run
 * them: for the services that only send command lines ({@code run}), with no SSH in between.
 */
public final class LocalShell implements RemoteShell {
    private final Path dir;
    private final Map<String, String> env;

    /**
     * @param dir the working folder
     * @param env set in the command's environment over this JVM's
     */
    public LocalShell(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Map.copyOf(env);
    }

    @Override
    public ExecResult run(String command, String stdin) {
        try {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(dir.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                    // process ended
                }
            });
            drain.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            drain.join();
            return new ExecResult(status, out, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int exec(String command, InputStream stdin, OutputStream out, OutputStream err) {
        throw new UnsupportedOperationException("run() only");
    }

    @Override
    public SftpClient sftp() {
        throw new UnsupportedOperationException("run() only");
    }

    @Override
    public void close() {
    }
}
