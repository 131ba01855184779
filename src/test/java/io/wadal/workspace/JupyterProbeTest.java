package io.wadal.workspace;

import com.sun.net.httpserver.HttpServer;
import io.wadal.jupyter.JupyterServer;
import io.wadal.ssh.RemoteShell;
import io.wadal.testing.LocalShell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        RemoteShell master = shell(client);
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
        assertEquals(0, JupyterProbe.status(shell(client), new JupyterServer(closed, TOKEN, "/", "localhost", 1)));
    }

    @Test
    void theTokenIsNeverOnTheCommandLine() {
        String command = JupyterProbe.command("http://127.0.0.1:8192/api/status");
        assertFalse(command.contains(TOKEN));
        assertTrue(command.contains("python3") && command.contains("curl"), command);
    }

    /** The master's shell: the machine's PATH, or a folder holding curl alone (no python3). */
    private RemoteShell shell(String client) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("http_proxy", "", "HTTP_PROXY", "", "no_proxy", "*"));
        if (client.equals("python3")) {
            return new LocalShell(dir, env);
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path curl = Arrays.stream(System.getenv("PATH").split(":")).map(d -> Path.of(d, "curl")).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new AssertionError("curl is not on PATH (.ci/run installs it)"));
        Files.createSymbolicLink(bin.resolve("curl"), curl);
        env.put("PATH", bin.toString());
        return new LocalShell(dir, env);
    }
}
