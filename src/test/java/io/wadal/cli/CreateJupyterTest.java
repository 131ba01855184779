package io.wadal.cli;

import io.wadal.jupyter.JupyterServer;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.MotoServer;
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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** create --jupyter and the chain create, wait-ready, jupyter: the cluster at moto, the master the test's. */
@ExtendWith({MotoServer.class, FakeMaster.class})
@Slow
class CreateJupyterTest {
    @TempDir
    Path home;
    private MotoServer moto;
    private SshMaster master;
    private JupyterServer jupyter;

    @BeforeEach
    void setUp(MotoServer moto, SshMaster master) throws IOException {
        this.moto = moto;
        this.master = master;
        int port = SshMaster.freePort();
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), "AWS_REGION=ap-northeast-2\nAWS_EMR_LABEL=emr-7.5.0\n"
                + "INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\nJUPYTER_PORT=" + port + "\n" + master.profileLines());
        // The workspace setup that starts Jupyter on a new master is not part of this: it runs already.
        jupyter = master.startJupyter(port);
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env());
    }

    @Test
    void createJupyterLaunchesWaitsAndOpensJupyterInTheBrowser() throws Exception {
        WadalRun run = wadal();
        Background b = run.start("create", "p", "--jupyter");

        String url = b.awaitOut("^(http://\\S+)$");

        String id = b.awaitOut("^(j-[A-Z0-9]+)$");
        b.awaitErr("Opened Jupyter in your browser");
        assertTrue(url.startsWith("http://localhost:") && url.endsWith("/?token=" + jupyter.token()), url);
        assertEquals(List.of(url), run.browsed());
        HttpResponse<String> page = JupyterCommandTest.get(url);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Fake Jupyter"), page.body());

        Result r = b.interrupt().result();
        assertEquals(130, r.exitCode(), r.toString());
        assertEquals(id + "\n" + url + "\n", r.out());
        assertTrue(r.err().contains("Cluster " + id + " is ready (WAITING)."), r.toString());
    }

    @Test
    void createJupyterNoBrowserOpensNothingAndHoldsTheTunnel() throws Exception {
        WadalRun run = wadal();
        Background b = run.start("create", "p", "--jupyter", "--no-browser");

        String url = b.awaitOut("^(http://\\S+)$");
        b.awaitErr("Open the URL above in your browser.");
        assertEquals(200, JupyterCommandTest.get(url.replace("/?", "/api/status?")).statusCode());
        Result r = b.interrupt().result();
        assertEquals(130, r.exitCode(), r.toString());
        assertEquals(List.of(), run.browsed());
        assertFalse(r.err().contains("Opened"), r.toString());
    }

    @Test
    void noBrowserWithoutJupyterIsAUsageErrorBeforeAnyCall() {
        Result r = wadal().run("create", "p", "--no-browser");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("wadal: --no-browser goes with --jupyter (create --jupyter --no-browser opens Jupyter without a browser)\n",
                r.err());
        assertFalse(Files.exists(home.resolve("clusters/p.json")));
    }

    @Test
    void createThenWaitReadyThenJupyter() throws Exception {
        Result created = wadal().run("create", "p");
        assertEquals(0, created.exitCode(), created.toString());
        Result ready = wadal().run("wait-ready", "p");
        assertEquals(0, ready.exitCode(), ready.toString());

        Background b = wadal().start("jupyter", "p", "--no-browser");
        String url = b.awaitOut("^(http://\\S+)$");
        assertEquals(200, JupyterCommandTest.get(url.replace("/?", "/api/status?")).statusCode());
        assertEquals(130, b.interrupt().result().exitCode());
    }
}
