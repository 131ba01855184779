package io.wadal.e2e;

import io.wadal.jupyter.JupyterServer;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's jupyter tunnel and a real Ctrl-C (SIGINT to the JVM): the tunnel closes, exit 130. */
@ExtendWith(FakeMaster.class)
@Slow
class JupyterIT {
    @TempDir
    Path home;

    @Test
    void ctrlCClosesTheTunnelAndExits130(FakeMaster master) throws Exception {
        int port = SshMaster.freePort();
        Records.profileWithCluster(home, "e2e", "JUPYTER_PORT=" + port + "\n", master);
        JupyterServer jupyter = master.startJupyter(port);

        ProcessBuilder pb = new ProcessBuilder(MasterCommandsIT.LAUNCHER.toString(), "jupyter", "e2e", "--no-browser")
                .directory(home.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("PROFILE") || k.startsWith("WADAL_"));
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String url = out.readLine();
            assertTrue(url != null && url.endsWith("/?token=" + jupyter.token()), url + "\n" + (url == null ? err.get() : ""));
            HttpResponse<String> status = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url.replace("/?", "/api/status?"))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode());

            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).inheritIO().start().waitFor());

            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wadal ended on SIGINT");
            assertEquals(130, p.exitValue(), err.get());
            assertTrue(err.get().contains("Closed the tunnel to Jupyter."), err.get());
        } finally {
            p.destroyForcibly();
        }
    }
}
