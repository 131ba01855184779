package io.wadal.workspace;

import com.sun.net.httpserver.HttpServer;
import io.wadal.jupyter.JupyterServer;
import io.wadal.ssh.RemoteShell;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The readiness probe run on the master, against a local HTTP server that wants Jupyter's token:
 * by python3, and by curl on a PATH without python3 (a master image without it).
 */
class JupyterProbeTest {
    private static final String TOKEN = "probe-token-5f1e";

    @TempDir
    Path dir;
    private HttpServer jupyter;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startJupyter() throws IOException {
        jupyter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jupyter.createContext("/", exchange -> {
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(exchange.getRequestURI().getPath() + " " + auth);
            int status = exchange.getRequestURI().getPath().equals("/lab/api/status") && auth.equals("token " + TOKEN) ? 200 : 403;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        jupyter.start();
    }

    @AfterEach
    void stopJupyter() {
        jupyter.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3", "curl"})
    void theRightTokenIs200AndAWrongOne403(String client) throws IOException {
        RemoteShell master = new LocalShell(path(client));
        int port = jupyter.getAddress().getPort();

        assertEquals(200, JupyterProbe.status(master, new JupyterServer(port, TOKEN, "/lab/", "localhost", 1)), requests::toString);
        assertEquals(403, JupyterProbe.status(master, new JupyterServer(port, "wrong", "/lab/", "localhost", 1)), requests::toString);
        assertEquals(List.of("/lab/api/status token " + TOKEN, "/lab/api/status token wrong"), requests);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3", "curl"})
    void nothingListeningIs0(String client) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals(0, JupyterProbe.status(new LocalShell(path(client)), new JupyterServer(closed, TOKEN, "/", "localhost", 1)));
    }

    @Test
    void theTokenIsNeverOnTheCommandLine() {
        String command = JupyterProbe.command("http://127.0.0.1:8192/api/status");
        assertFalse(command.contains(TOKEN));
        assertTrue(command.contains("python3") && command.contains("curl"), command);
    }

    /** The PATH the probe's shell gets: the machine's, or a folder holding curl alone (no python3). */
    private String path(String client) throws IOException {
        if (client.equals("python3")) {
            return System.getenv("PATH");
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path curl = Arrays.stream(System.getenv("PATH").split(":")).map(d -> Path.of(d, "curl")).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new AssertionError("curl is not on PATH (.ci/run installs it)"));
        Files.createSymbolicLink(bin.resolve("curl"), curl);
        return bin.toString();
    }

    /** Runs commands in a local /bin/sh with the given PATH, as the master's sshd would. */
    private record LocalShell(String path) implements RemoteShell {
        @Override
        public ExecResult run(String command, String stdin) {
            try {
                ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
                pb.environment().put("PATH", path);
                pb.environment().keySet().removeIf(k -> k.toLowerCase().endsWith("_proxy"));
                Process p = pb.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
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
}
