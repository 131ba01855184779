package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Background;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SOCKS proxy of tunnel and the Jupyter forward, connected to for real by this account (root,
 * the tests' account) and by another one (nobody, through setpriv): the other account's
 * connection is closed unanswered, ours served, before and after.
 */
@EnabledOnOs(OS.LINUX)
@ExtendWith(FakeMaster.class)
class LocalPeerCheckTest {
    private static final String NOBODY = "65534";

    @TempDir
    Path home;
    private SshMaster master;
    private int jupyterPort;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void setUp(SshMaster master) throws IOException {
        this.master = master;
        jupyterPort = SshMaster.freePort();
        Records.profileWithCluster(home, "p", "JUPYTER_PORT=" + jupyterPort + "\n", master);
        // the refusal is logged (at WARN, shown by default); Logback writes to System.err
        savedErr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(savedErr);
    }

    @Test
    void theSocksProxyServesOnlyThisAccount() throws Exception {
        int socks = SshMaster.freePort();
        Background b = new WadalRun(home).start("tunnel", "p", "--port", String.valueOf(socks));
        b.awaitOut("^socks5://localhost:(\\d+)$");

        assertArrayEquals(new byte[] {5, 0}, socksGreeting(socks), "our own connection is answered");
        String python = "import socket; s = socket.create_connection(('127.0.0.1', " + socks + ")); s.settimeout(20); "
                + "s.sendall(b'\\x05\\x01\\x00')\ntry:\n print(s.recv(2).hex() or 'closed')\nexcept ConnectionResetError:\n print('closed')";
        assertEquals("closed", asNobody(python), "another account's connection is closed unanswered");
        assertEquals("closed", asNobody(python));
        assertArrayEquals(new byte[] {5, 0}, socksGreeting(socks), "and ours is still served");

        Result r = b.interrupt().result();
        assertEquals(130, r.exitCode(), r.toString());
        String log = logs.toString(StandardCharsets.UTF_8);
        String warning = "refused a connection to localhost:" + socks + " from another account (uid " + NOBODY + ") of this machine";
        assertTrue(log.contains(warning), log);
        assertEquals(log.indexOf(warning), log.lastIndexOf(warning), "warned once: " + log);
    }

    @Test
    void theJupyterForwardServesOnlyThisAccount() throws Exception {
        master.startJupyter(jupyterPort);
        int local = SshMaster.freePort();
        Background b = new WadalRun(home).start("jupyter", "p", "--no-browser", "--local-port", String.valueOf(local));
        String url = b.awaitOut("(http://\\S+)");

        assertEquals(200, JupyterCommandTest.get(url.replace("/?", "/api/status?")).statusCode());
        String python = "import urllib.request\ntry:\n print(urllib.request.urlopen('" + url.replace("/?", "/api/status?")
                + "', timeout=20).status)\nexcept Exception as e:\n print('closed', type(e).__name__)";
        String nobody = asNobody(python);
        assertTrue(nobody.startsWith("closed") && !nobody.contains("Timeout"), "another account's connection is closed: " + nobody);
        assertEquals(200, JupyterCommandTest.get(url.replace("/?", "/api/status?")).statusCode(), "ours is still served");

        Result r = b.interrupt().result();
        assertEquals(130, r.exitCode(), r.toString());
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("refused a connection to localhost:" + local
                + " from another account (uid " + NOBODY + ")"), logs.toString(StandardCharsets.UTF_8));
    }

    private static byte[] socksGreeting(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {5, 1, 0});
            out.flush();
            InputStream in = s.getInputStream();
            return in.readNBytes(2);
        }
    }

    /** Runs a Python program as the account nobody and returns what it printed. */
    private static String asNobody(String program) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "/usr/bin/python3", "-c", program).redirectErrorStream(true).start();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the connection as nobody ended");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
