package io.wadal.e2e;

import com.sun.net.httpserver.HttpServer;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.Pty;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C on a terminal while wait-ready polls a cluster that keeps starting (an EMR endpoint that
 * answers every DescribeCluster with STARTING; moto's clusters are WAITING at once): exit 130,
 * saying what is true and what to do next.
 */
@ExtendWith(FakeMaster.class)
@Slow
class WaitReadyCtrlCIT {
    @TempDir
    Path home;

    @Test
    void ctrlCWhileWaitingSaysTheClusterKeepsStartingAndHowToWaitOrStop(FakeMaster master) throws Exception {
        Records.profileWithFreshCluster(home, "e2e", "", master);
        AtomicInteger describes = new AtomicInteger();
        HttpServer emr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        emr.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            describes.incrementAndGet();
            byte[] body = """
                    {"Cluster": {"Id": "j-FAKEMASTER", "Name": "wadal", "Status": {"State": "STARTING",
                     "StateChangeReason": {}}}}""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        emr.start();
        Map<String, String> env = new HashMap<>();
        System.getenv().keySet().stream()
                .filter(k -> k.startsWith("AWS_") || k.equals("PROFILE") || k.startsWith("WADAL_"))
                .forEach(k -> env.put(k, null));
        env.putAll(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + emr.getAddress().getPort(),
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_MAX_ATTEMPTS", "1"));
        try (Pty pty = Pty.start(home, env, MasterCommandsIT.LAUNCHER.toString(), "wait-ready", "e2e")) {
            pty.await("STARTING");
            assertTrue(pty.running(), pty.toString());

            pty.type("\u0003");

            assertEquals(130, pty.exitStatus(), pty.toString());
            String screen = pty.screen().replaceAll("\\s+", " ");
            assertTrue(screen.contains("cluster j-FAKEMASTER keeps starting; 'wadal wait-ready e2e' to wait again, "
                    + "'wadal terminate e2e' to stop it"), pty.toString());
            assertEquals(1, screen.split("keeps starting", -1).length - 1, "said once: " + pty);
            assertTrue(describes.get() >= 1);
        } finally {
            emr.stop(0);
        }
    }
}
