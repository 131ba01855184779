package io.wadal.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wadal.testing.Slow;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kernel culling with the config run_jupyter.sh configure writes, in a real Jupyter — Debian's
 * notebook 6 (jupyter_notebook_config.py) and Jupyter Server, which JupyterLab runs on EMR
 * (jupyter_server_config.py): an idle kernel ends even with a websocket open to it (cull_connected), a busy one
 * (a running cell) does not (cull_busy off). The waits are Jupyter's own timer, polled with a
 * deadline. Skipped where jupyter-notebook or jupyter-server is not installed, except under CI=true.
 */
@Slow
class RealJupyterCullingTest {
    private static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    // long enough for a kernel to finish starting on a loaded 2-core CI machine (one took over 4 s)
    private static final int TIMEOUT_S = 6;
    private static final String TOKEN = "culling-test-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private int port;

    @ParameterizedTest
    @ValueSource(strings = {"notebook", "server"})
    void anIdleKernelIsCulledWithAConnectionOpenAndABusyOneIsNot(String app) throws Exception {
        if (!Files.isExecutable(JUPYTER) || !Files.isExecutable(Path.of("/usr/bin/jupyter-" + app))) {
            String why = "jupyter-" + app + " is not installed (apt-get install jupyter-" + app + ")";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path home = KernelCullingConfigTest.configure(tmp, "--kernel-idle-timeout", String.valueOf(TIMEOUT_S));
        // the port in the written config is 8192: the test's own port comes on the command line
        List<String> cmd = new ArrayList<>(List.of(JUPYTER.toString(), app, "--no-browser", "--port=" + port));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-root");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("jupyter.log").toFile());
        pb.environment().clear();
        pb.environment().putAll(KernelCullingConfigTest.env(tmp, home));
        pb.environment().put("PATH", "/usr/bin:/bin" + File.pathSeparator + pb.environment().get("PATH"));
        pb.environment().put("JUPYTER_TOKEN", TOKEN);
        Process jupyter = pb.start();
        try {
            awaitUp();
            String idle = startKernel();
            WebSocket idleTab = channels(idle);
            String busy = busyKernel();
            long busySince = System.nanoTime();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (kernel(idle) != null) {
                if (System.nanoTime() > deadline) {
                    fail("the idle kernel with a tab open was not culled within 60 s; jupyter.log:\n" + log());
                }
                Thread.sleep(200);
            }
            // past the timeout plus two checks since the busy kernel's last message, it must still be there
            long past = busySince + TimeUnit.SECONDS.toNanos(TIMEOUT_S + 3);
            while (System.nanoTime() < past) {
                Thread.sleep(200);
            }
            JsonNode b = kernel(busy);
            assertTrue(b != null, "the busy kernel was culled; jupyter.log:\n" + log());
            assertEquals("busy", b.path("execution_state").asText(), b.toString());
            assertTrue(log().contains("Culling kernels with idle durations > " + TIMEOUT_S + " seconds"), log());
            assertTrue(log().contains(app.equals("server") ? "ServerApp" : "NotebookApp"), "the app under test answered: " + log());
            idleTab.abort();
        } finally {
            jupyter.destroy();
            if (!jupyter.waitFor(20, TimeUnit.SECONDS)) {
                jupyter.destroyForcibly();
            }
        }
    }

    private String log() throws Exception {
        return Files.readString(tmp.resolve("jupyter.log"));
    }

    private void awaitUp() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (get("/api/status").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                fail("Jupyter did not come up in 60 s:\n" + log());
            }
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "token " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String startKernel() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/kernels"))
                .header("Authorization", "token " + TOKEN).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"python3\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** The kernel as GET /api/kernels/ID shows it; null once it is gone. */
    private JsonNode kernel(String id) throws Exception {
        HttpResponse<String> r = get("/api/kernels/" + id);
        if (r.statusCode() == 404) {
            return null;
        }
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /**
     * A kernel running a long cell, its tab closed again. A kernel still starting is idle to Jupyter and may
     * rightly be culled before the cell reaches it: then another one is started, up to three.
     */
    private String busyKernel() throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            String id = startKernel();
            WebSocket tab = channels(id);
            tab.sendText(executeRequest("import time; time.sleep(120)"), true).get(10, TimeUnit.SECONDS);
            if (reachesBusy(id, tab)) {
                tab.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
                return id;
            }
            tab.abort();
        }
        return fail("no kernel got as far as running a cell in three tries; jupyter.log:\n" + log());
    }

    /**
     * True once the kernel has stayed busy for over a second; false if it is culled first. A kernel
     * still starting shows busy for an instant (its kernel_info) and may drop a cell sent that early:
     * when it turns idle again, the cell is sent once more.
     */
    private boolean reachesBusy(String id, WebSocket tab) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long busySince = -1;
        while (true) {
            JsonNode k = kernel(id);
            if (k == null) {
                return false;
            }
            if ("busy".equals(k.path("execution_state").asText())) {
                if (busySince < 0) {
                    busySince = System.nanoTime();
                } else if (System.nanoTime() - busySince > TimeUnit.MILLISECONDS.toNanos(1200)) {
                    return true;
                }
            } else if (busySince >= 0) {
                busySince = -1;
                tab.sendText(executeRequest("import time; time.sleep(120)"), true).get(10, TimeUnit.SECONDS);
            }
            if (System.nanoTime() > deadline) {
                fail("kernel " + id + " did not stay busy in 30 s: " + k + "\n" + log());
            }
            Thread.sleep(100);
        }
    }

    /** The kernel's channels websocket, as a browser tab holds it. */
    private WebSocket channels(String id) throws Exception {
        return HTTP.newWebSocketBuilder().header("Authorization", "token " + TOKEN)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/kernels/" + id + "/channels?session_id="
                        + UUID.randomUUID()), new WebSocket.Listener() { })
                .get(20, TimeUnit.SECONDS);
    }

    private static String executeRequest(String code) throws Exception {
        String session = UUID.randomUUID().toString();
        return JSON.writeValueAsString(Map.of(
                "header", Map.of("msg_id", UUID.randomUUID().toString(), "username", "test", "session", session,
                        "msg_type", "execute_request", "version", "5.3"),
                "parent_header", Map.of(), "metadata", Map.of(), "channel", "shell", "buffers", List.of(),
                "content", Map.of("code", code, "silent", false, "store_history", false, "user_expressions", Map.of(),
                        "allow_stdin", false, "stop_on_error", true)));
    }
}
