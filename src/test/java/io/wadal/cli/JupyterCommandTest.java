package io.wadal.cli;

import io.wadal.jupyter.JupyterServer;
import io.wadal.ssh.LocalPorts;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Background;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jupyter, url and tunnel against the test master, whose Jupyter (fake) listens on its 127.0.0.1 — this machine. */
@ExtendWith(FakeMaster.class)
@Slow
class JupyterCommandTest {
    private static final String URL = "(http://\\S+)";

    @TempDir
    Path home;
    private SshMaster master;
    private int jupyterPort;

    @BeforeEach
    void setUp(SshMaster master) throws IOException {
        this.master = master;
        jupyterPort = SshMaster.freePort();
        Records.profileWithCluster(home, "p", "JUPYTER_PORT=" + jupyterPort + "\n", master);
    }

    private WadalRun wadal() {
        return new WadalRun(home);
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static void assertReleased(int port) throws IOException {
        assertEquals(port, LocalPorts.probe(port), "the local port is free again");
    }

    @Test
    void urlOnlyPrintsTheTunnelUrlWithTheTokenOnStdoutOnly() {
        JupyterServer jupyter = master.startJupyter(jupyterPort);

        Result r = wadal().run("jupyter", "p", "-u");

        assertEquals(0, r.exitCode(), r.toString());
        // The master is this machine, so JUPYTER_PORT is taken here by Jupyter itself: the next free port is used.
        int local = port(r.out().trim());
        assertTrue(local > jupyterPort, r.toString());
        assertEquals("http://localhost:" + local + "/?token=" + jupyter.token() + "\n", r.out());
        assertFalse(r.err().contains(jupyter.token()), r.toString());
    }

    @Test
    void urlPrintsTheDirectUrlAndWarnsWhenJupyterIsNotPublic() {
        JupyterServer jupyter = master.startJupyter(jupyterPort);

        Result r = wadal().run("url", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("http://127.0.0.1:" + jupyterPort + "/?token=" + jupyter.token() + "\n", r.out());
        assertTrue(r.err().contains("warning: Jupyter listens only on the master's loopback (JUPYTER_PUBLIC is not true)"), r.toString());
        assertFalse(r.err().contains(jupyter.token()), r.toString());

        Result pub = wadal().run("url", "p", "-p", "JUPYTER_PUBLIC=true");
        assertEquals(r.out(), pub.out());
        assertEquals("", pub.err());
    }

    @Test
    void noBrowserHoldsATunnelUntilCtrlC() throws Exception {
        JupyterServer jupyter = master.startJupyter(jupyterPort);
        int local = SshMaster.freePort();
        WadalRun run = wadal();

        Background b = run.start("jupyter", "p", "--no-browser", "--local-port", String.valueOf(local));
        String url = b.awaitOut(URL);

        assertEquals("http://localhost:" + local + "/?token=" + jupyter.token(), url);
        HttpResponse<String> page = get(url.replace("/?", "/tree?"));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Fake Jupyter on port " + jupyterPort), page.body());
        assertEquals(403, get("http://localhost:" + local + "/api/status").statusCode(), "no token, no entry");
        assertEquals(200, get(url.replace("/?", "/api/status?")).statusCode());

        Result r = b.interrupt().result();
        assertEquals(130, r.exitCode(), r.toString());
        assertEquals(url + "\n", r.out());
        assertTrue(r.err().contains("Closed the tunnel to Jupyter."), r.toString());
        assertFalse(r.err().contains(jupyter.token()), r.toString());
        assertEquals(List.of(), run.browsed());
        assertReleased(local);
    }

    @Test
    void theBrowserGetsTheUrlOnTheNextFreePort() throws Exception {
        JupyterServer jupyter = master.startJupyter(jupyterPort);
        WadalRun run = wadal();

        Background b = run.start("jupyter", "p");
        String url = b.awaitOut(URL);

        b.awaitErr("Opened Jupyter in your browser");
        assertNotEquals(jupyterPort, port(url), "JUPYTER_PORT is taken here (by the master's Jupyter itself)");
        assertEquals("http://localhost:" + port(url) + "/?token=" + jupyter.token(), url);
        assertEquals(List.of(url), run.browsed());
        assertEquals(200, get(url.replace("/?", "/api/status?")).statusCode());
        Result r = b.interrupt().result();
        assertEquals(130, r.exitCode(), r.toString());
        assertTrue(r.err().contains("Opened Jupyter in your browser."), r.toString());
        assertReleased(port(url));
    }

    @Test
    void whenTheBrowserCannotBeOpenedItSaysSoInsteadOfOpened() throws Exception {
        master.startJupyter(jupyterPort);
        WadalRun run = wadal().browserFails();

        Background b = run.start("jupyter", "p");
        String url = b.awaitOut(URL);
        b.awaitErr("open the URL above yourself");

        assertEquals(List.of(url), run.browsed(), "the opener was tried");
        Result r = b.interrupt().result();
        assertEquals(130, r.exitCode(), r.toString());
        assertTrue(r.err().contains("\nCould not open a browser here; open the URL above yourself.\n"), r.toString());
        assertFalse(r.err().contains("Opened"), r.toString());
    }

    @Test
    void aTakenLocalPortGivenExplicitlyIsAnErrorBeforeConnecting() throws IOException {
        master.startJupyter(jupyterPort);
        int sessions = master.sessions();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = wadal().run("jupyter", "p", "--local-port", String.valueOf(taken.getLocalPort()));

            assertEquals(2, r.exitCode(), r.toString());
            assertEquals("wadal: local port " + taken.getLocalPort() + " is already in use on this machine; "
                    + "choose another with --local-port N\n", r.err());
            assertEquals("", r.out());
        }
        assertEquals(sessions, master.sessions(), "no SSH connection was made");
    }

    @Test
    void aWorkspaceValueTheMasterCannotTakeIsAUsageErrorBeforeConnecting() {
        int sessions = master.sessions();
        for (List<String> command : List.of(List.of("jupyter", "p", "-u"), List.of("jupyter", "p", "--no-browser"), List.of("url", "p"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("-p", "GIT_REPO=https://git.example.com/team/nb.git", "-p", "GIT_BRANCH=-dev"));
            Result r = wadal().run(args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("GIT_BRANCH='-dev' is not a branch name"), r.toString());
        }
        assertEquals(sessions, master.sessions(), "no SSH connection was made");
    }

    @Test
    void aJupyterThatIsNotRunningIsStartedFirst() throws IOException {
        Result r = wadal().run("jupyter", "p", "-u");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("Jupyter up on port " + jupyterPort + "."), r.toString());
        String token = master.runningJupyter(jupyterPort).orElseThrow().token();
        assertTrue(r.out().matches("http://localhost:\\d+/\\?token=" + token + "\n"), r.toString());
        assertEquals(1, master.calls("pyspark").size(), "Jupyter started through pyspark, once");
    }

    @Test
    void aJupyterThatCannotStartIsExit1WithTheMastersMessage() throws IOException {
        master.failTool("pyspark", 1, "boom: no module named jupyterlab");
        Result r = wadal().run("jupyter", "p", "-u");

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("starting Jupyter on the master failed"), r.toString());
        assertTrue(r.err().contains("boom: no module named jupyterlab"), r.toString());
        assertEquals("", r.out());
    }

    @Test
    void theMasterGoingAwayEndsTheTunnelWithExit1() throws Exception {
        master.startJupyter(jupyterPort);
        Background b = wadal().start("jupyter", "p", "--no-browser");
        String url = b.awaitOut(URL);

        master.dropConnections();

        Result r = b.result();
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("wadal: the master went away (its SSH connection closed), so the tunnel to Jupyter is closed; "
                + "check the cluster with 'wadal state p'"), r.toString());
        assertReleased(port(url));
    }

    @Test
    void directWithALocalPortIsAUsageError() {
        Result r = wadal().run("jupyter", "p", "--direct", "--local-port", "9000");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--local-port sets the local end of the tunnel; --direct uses no tunnel"), r.toString());
    }

    @Test
    void directThroughAJumpHostIsAUsageErrorBeforeAnyConnection() {
        Result r = wadal().run("jupyter", "p", "--direct", "-p", "SSH_PROXY_JUMP=bastion.example.com");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--direct gives your browser the master's own address, which this machine reaches only through "
                + "the jump host (SSH_PROXY_JUMP): leave out --direct"), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void tunnelIsASocksProxyThroughTheMaster() throws Exception {
        JupyterServer jupyter = master.startJupyter(jupyterPort);
        int socks = SshMaster.freePort();

        Background b = wadal().start("tunnel", "p", "--port", String.valueOf(socks));
        assertEquals(String.valueOf(socks), b.awaitOut("^socks5://localhost:(\\d+)$"));

        Proxy proxy = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(InetAddress.getLoopbackAddress(), socks));
        HttpURLConnection c = (HttpURLConnection) URI.create(jupyter.url("127.0.0.1", jupyterPort)).toURL().openConnection(proxy);
        assertEquals(200, c.getResponseCode());
        try (InputStream in = c.getInputStream()) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("Fake Jupyter on port " + jupyterPort));
        }
        b.awaitErr("Spark history server");
        assertTrue(b.err().contains("--proxy-server=socks5://localhost:" + socks), b.err());
        assertTrue(b.err().matches("(?s).*YARN ResourceManager +http://\\S+:8088/.*Spark history server +http://\\S+:18080/.*"), b.err());

        Result r = b.interrupt().result();
        assertEquals(130, r.exitCode(), r.toString());
        assertEquals("socks5://localhost:" + socks + "\n", r.out());
        assertTrue(r.err().contains("Closed the SOCKS proxy."), r.toString());
        assertReleased(socks);
    }

    @Test
    void tunnelOnATakenPortIsAnError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = wadal().run("tunnel", "p", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, r.exitCode(), r.toString());
            assertEquals("wadal: local port " + taken.getLocalPort() + " is already in use on this machine; "
                    + "choose another with --port N\n", r.err());
        }
        assertEquals(0, master.sessions());
    }
}
