package io.wadal.cli;

import io.wadal.jupyter.JupyterServer;
import io.wadal.jupyter.JupyterServers;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.SshTarget;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.FakeTools;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Background;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wadal jupyter against a real Jupyter (Debian's jupyter-notebook, notebook 6) on the fake master:
 * the token wadal reads from `jupyter notebook list --json` opens the real server through the tunnel.
 * Skipped where jupyter-notebook is not installed, except under CI=true (.ci/run installs it).
 */
@ExtendWith(FakeMaster.class)
@Slow
class RealJupyterTest {
    private static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    private static final Path NOTEBOOK = Path.of("/usr/bin/jupyter-notebook");

    @TempDir
    Path home;

    @Test
    void theTunnelOpensARealNotebookServerWithTheTokenWadalFound(SshMaster master) throws Exception {
        requireJupyter();
        int port = SshMaster.freePort();
        Records.profileWithCluster(home, "p", "JUPYTER_PORT=" + port + "\n", master);
        JupyterServer server = null;
        // The fake jupyter comes first on the master's PATH; wadal's `jupyter notebook list` must reach the real one.
        try (AutoCloseable realJupyter = FakeTools.hide(master.bin(), "jupyter");
             MinaRemoteShell shell = MinaRemoteShell.connect(
                     new SshTarget("127.0.0.1", master.port(), master.user(), master.keyFile(), null, null), f -> { })) {
            shell.run("nohup " + JUPYTER + " notebook --no-browser --allow-root --ip=127.0.0.1 --port=" + port
                    + " --port-retries=0 </dev/null >jupyter.log 2>&1 &", null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (server == null && System.nanoTime() < deadline) {
                Optional<JupyterServer> found = JupyterServers.onPort(shell, port);
                server = found.orElse(null);
            }
            assertTrue(server != null, "the notebook server did not list itself: " + shell.run("cat jupyter.log", null));

            Background b = new WadalRun(home).start("jupyter", "p", "--no-browser");
            String url = b.awaitOut("^(http://\\S+)$");

            assertEquals(server.url("localhost", java.net.URI.create(url).getPort()), url);
            HttpResponse<String> status = JupyterCommandTest.get(url.replace("/?", "/api/status?"));
            assertEquals(200, status.statusCode(), status.body());
            assertTrue(status.body().contains("\"started\""), status.body());
            HttpResponse<String> contents = JupyterCommandTest.get(url.replace("/?", "/api/contents?"));
            assertEquals(200, contents.statusCode(), contents.body());
            assertTrue(contents.body().contains("\"works\""), "the master's home is the notebook folder: " + contents.body());
            String base = url.substring(0, url.indexOf('?'));
            assertEquals(403, JupyterCommandTest.get(base + "api/contents").statusCode(), "no token, no entry");

            Result r = b.interrupt().result();
            assertEquals(130, r.exitCode(), r.toString());
        } finally {
            stop(server);
        }
    }

    /**
     * The whole workspace setup with a real server: `jupyter -u` on a cluster whose workspace
     * nobody set up runs run_jupyter.sh configure + start (through the fake pyspark, as EMR's
     * pyspark would) in JUPYTER_MODE=notebook, which starts the real notebook 6 with the config
     * run_jupyter.sh wrote; wadal then finds its token and checks it answers, from the master.
     */
    @Test
    void settingTheWorkspaceUpStartsARealNotebookServerThatAnswersWithItsToken(SshMaster master) throws Exception {
        requireJupyter();
        int port = SshMaster.freePort();
        Records.profileWithFreshCluster(home, "p", "JUPYTER_PORT=" + port + "\nJUPYTER_MODE=notebook\n"
                + "RUN_NOTEBOOK_ENVS=STAGE=dev\n", master);
        Files.writeString(master.works().resolve("hello.ipynb"), "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        JupyterServer server = null;
        try (AutoCloseable realJupyter = FakeTools.hide(master.bin(), "jupyter")) {
            Result r = new WadalRun(home).run("jupyter", "p", "-u");
            server = master.runningJupyter(port).orElse(null);

            assertEquals(0, r.exitCode(), r.toString() + "\n--- jupyter.log on the master\n"
                    + Files.readString(master.home().resolve(".wadal/jupyter.log")));
            assertTrue(r.err().contains("Jupyter up on port " + port + "."), r.toString());
            assertTrue(server != null && !server.token().isEmpty(), "a real server with a token: " + server);
            assertTrue(r.out().matches("http://localhost:\\d+/\\?token=" + server.token() + "\n"), r.toString());
            String direct = server.url("127.0.0.1", port);
            HttpResponse<String> contents = JupyterCommandTest.get(direct.replace("/?", "/api/contents?"));
            assertEquals(200, contents.statusCode(), contents.body());
            assertTrue(contents.body().contains("\"hello.ipynb\""), "works/ is Jupyter's root folder: " + contents.body());
            assertEquals(403, JupyterCommandTest.get("http://127.0.0.1:" + port + "/api/contents").statusCode());
            assertTrue(Files.readString(master.home().resolve(".wadal/notebook.env")).contains("export STAGE='dev'"));
        } finally {
            stop(server);
        }
    }

    private static void stop(JupyterServer server) throws Exception {
        if (server != null) {
            Optional<ProcessHandle> p = ProcessHandle.of(server.pid());
            if (p.isPresent()) {
                p.get().destroy();
                p.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void requireJupyter() {
        if (!Files.isExecutable(NOTEBOOK) || !Files.isExecutable(JUPYTER)) {
            String why = NOTEBOOK + " is not installed (apt-get install jupyter-notebook)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
    }
}
