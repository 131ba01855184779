package io.wadal.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real AWS emulator for tests: starts {@code moto_server} once per JVM on a free loopback
 * port and resets its state before each test. Tests get it as a parameter. Without
 * moto_server on PATH the tests are skipped — or fail, when CI=true.
 */
public final class MotoServer implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    public static final String REGION = "ap-northeast-2";
    private static final Pattern RUNNING = Pattern.compile("Running on (http://[0-9.]+:\\d+)");

    private Process process;
    private String endpoint;

    public String endpoint() {
        return endpoint;
    }

    /** Environment for wadal (in-process context or child process) that points every AWS call here. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_REGION", REGION);
        env.put("AWS_MAX_ATTEMPTS", "1");
        // checkip.amazonaws.com, which SSH_FROM=my-ip asks, is not served by moto: a loopback stand-in is
        env.put("WADAL_CHECKIP_URL", CheckIpServer.shared().url());
        return env;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer shared = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(MotoServer.class.getName(), k -> start(), Running.class).server;
        this.process = shared.process;
        this.endpoint = shared.endpoint;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/reset"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        Assertions.assertEquals(200, r.statusCode(), "moto reset");
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return this;
    }

    private static Running start() {
        Optional<Path> exe = onPath("moto_server");
        if (exe.isEmpty()) {
            String why = "moto_server is not on PATH: the AWS emulator tests need moto 5 (pip install 'moto[server]')";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        try {
            Process p = new ProcessBuilder(exe.get().toString(), "-H", "127.0.0.1", "-p", "0")
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        Matcher m = RUNNING.matcher(line);
                        if (m.find()) {
                            return m.group(1);
                        }
                    }
                    return null;
                } catch (IOException e) {
                    return null;
                }
            });
            String endpoint = url.get(60, TimeUnit.SECONDS);
            if (endpoint == null) {
                p.destroyForcibly();
                Assertions.fail("moto_server exited before it was ready");
            }
            // Keep draining its request log so the pipe never fills up.
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            }, "moto-drain");
            drain.setDaemon(true);
            drain.start();
            MotoServer server = new MotoServer();
            server.process = p;
            server.endpoint = endpoint;
            return new Running(server);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start moto_server: " + e, e);
        }
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Stops moto when the test JVM's root context closes. */
    private record Running(MotoServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.process.destroy();
            try {
                if (!server.process.waitFor(10, TimeUnit.SECONDS)) {
                    server.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
