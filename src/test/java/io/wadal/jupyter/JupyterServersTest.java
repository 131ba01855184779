package io.wadal.jupyter;

import io.wadal.error.WadalException;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.SshTarget;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.FakeTools;
import io.wadal.testing.SshMaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(FakeMaster.class)
public class JupyterServersTest {
    @Test
    void parsesJupyterServer2AndNotebook6Lines() {
        String out = """
                {"base_url": "/", "hostname": "127.0.0.1", "password": false, "pid": 4242, "port": 8192, "root_dir": "/home/hadoop/works", "secure": false, "sock": "", "token": "abc123", "url": "http://127.0.0.1:8192/", "version": "2.14.2"}
                [JupyterNotebookApp] WARNING | a line that is not JSON
                {"base_url": "/nb", "hostname": "localhost", "notebook_dir": "/home/hadoop/works", "password": false, "pid": 77, "port": 8888, "secure": false, "sock": "", "token": "", "url": "http://localhost:8888/nb/"}
                {"base_url": "/", "hostname": "127.0.0.1", "pid": 4242, "port": 8192, "token": "abc123"}
                {"no": "port"}
                """;
        List<JupyterServer> servers = JupyterServers.parse(out);
        assertEquals(2, servers.size(), "the same server listed by both commands counts once: " + servers);
        assertEquals(new JupyterServer(8192, "abc123", "/", "127.0.0.1", 4242), servers.get(0));
        assertEquals("http://localhost:9000/?token=abc123", servers.get(0).url("localhost", 9000));
        assertEquals("http://master:8888/nb/", servers.get(1).url("master", 8888), "no token, no query");
        assertFalse(servers.get(0).toString().contains("abc123"), "the token stays out of toString (logs)");
    }

    @Test
    void findsTheFakeMastersServerAndItsTokenWorks(SshMaster master) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (MinaRemoteShell shell = MinaRemoteShell.connect(
                new SshTarget("127.0.0.1", master.port(), master.user(), master.keyFile(), null, null), f -> { })) {
            assertTrue(JupyterServers.onPort(shell, port).isEmpty(), "nothing runs yet");
            shell.run("nohup jupyter lab --no-browser --ip=127.0.0.1 --port=" + port + " </dev/null >jupyter.log 2>&1 &", null);
            JupyterServer server = null;
            for (int i = 0; i < 200 && server == null; i++) {
                server = JupyterServers.onPort(shell, port).orElse(null);
            }
            assertTrue(server != null, "the fake server lists itself once listening");
            assertEquals(48, server.token().length());

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(server.url("127.0.0.1", port) .replace("/?", "/api/status?"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, denied.statusCode());
        }
    }

    @Test
    void aTokenOrBaseUrlThatIsNotPlainIsRefusedNotUsed(SshMaster master) throws Exception {
        // A master whose jupyter lists a token carrying an escape sequence and a header break.
        Path jupyter = master.bin().resolve("jupyter");
        Files.writeString(jupyter, "#!/bin/sh\nprintf '%s\\n' '{\"port\": 8192, \"token\": \"abc\\u001b]0;owned\\u0007\\r\\nX-Evil: 1\", \"base_url\": \"/\"}'"
                + " '{\"port\": 8193, \"token\": \"ok\", \"base_url\": \"/a b/\\u001b[2J\"}'"
                + " '{\"port\": 8194, \"token\": \"Ab9._~-\", \"base_url\": \"/user/x%2Fy/\"}'\n");
        Files.setPosixFilePermissions(jupyter, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (MinaRemoteShell shell = MinaRemoteShell.connect(
                new SshTarget("127.0.0.1", master.port(), master.user(), master.keyFile(), null, null), f -> { })) {
            assertEquals(3, JupyterServers.parse(shell.run(JupyterServers.LIST_COMMAND, null).out()).size());
            WadalException token = assertThrows(WadalException.class, () -> JupyterServers.onPort(shell, 8192));
            assertEquals(1, token.exitCode());
            assertTrue(token.getMessage().startsWith("the master sent a malformed Jupyter token (for the server on port 8192)"),
                    token.getMessage());
            assertFalse(token.getMessage().contains("abc") || token.getMessage().contains("\u001b"), "the token is not shown");

            WadalException base = assertThrows(WadalException.class, () -> JupyterServers.onPort(shell, 8193));
            assertTrue(base.getMessage().contains("malformed Jupyter base URL \"/a b/\\x1b[2J/\""), base.getMessage());

            assertEquals("http://localhost:9/user/x%2Fy/?token=Ab9._~-", JupyterServers.onPort(shell, 8194).orElseThrow().url("localhost", 9));
            assertThrows(WadalException.class, () -> JupyterServers.list(shell));
        } finally {
            FakeTools.install(master.bin()); // the real sshd keeps its tools from test to test
        }
    }
}
