package io.wadal.e2e;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.GitHttpServer;
import io.wadal.testing.GitRepos;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import io.wadal.testing.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSH commands through the built launcher, as a user runs them: moto for AWS, the fake master for SSH. */
@ExtendWith({MotoServer.class, FakeMaster.class})
@Slow
class MasterCommandsIT {
    static final Path LAUNCHER = Path.of("target/wadal").toAbsolutePath();

    @TempDir
    Path home;
    private MotoServer moto;
    private FakeMaster master;

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private GitHttpServer git;

    @BeforeEach
    void setUp(MotoServer moto, FakeMaster master) throws IOException {
        this.moto = moto;
        this.master = master;
        git = GitHttpServer.start("e2e", "e2e-secret-value");
        git.createRepo("notebooks");
        int jupyterPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            jupyterPort = s.getLocalPort();
        }
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/e2e"), """
                export AWS_REGION=ap-northeast-2
                export AWS_EMR_LABEL=emr-7.5.0
                export INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
                export GIT_USER=e2e
                export GIT_PASS=e2e-secret-value
                """ + "GIT_REPO=" + git.url("notebooks") + "\nJUPYTER_PORT=" + jupyterPort + "\n" + master.profileLines());
    }

    @AfterEach
    void stopGit() {
        git.close();
    }

    /** Runs target/wadal; with a terminal, under script(1) so that it has a real pseudo-terminal. */
    private Run wadal(boolean terminal, String input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (terminal) {
            StringBuilder line = new StringBuilder("'" + LAUNCHER + "'");
            for (String a : args) {
                line.append(" '").append(a.replace("'", "'\\''")).append("'");
            }
            cmd.addAll(List.of("script", "-qec", line.toString(), "/dev/null"));
        } else {
            cmd.add(LAUNCHER.toString());
            cmd.addAll(List.of(args));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("PROFILE") || k.startsWith("WADAL_"));
        pb.environment().putAll(moto.env());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "wadal finished: " + String.join(" ", args));
        return new Run(p.exitValue(), out.get(), err.get());
    }

    private Run wadal(String... args) throws Exception {
        return wadal(false, "", args);
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String state(String id) {
        try (EmrClient emr = EmrClient.builder().region(Region.of(MotoServer.REGION))
                .endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            return emr.describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString();
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void aDayOnTheClusterFromCreateToTerminate() throws Exception {
        Run create = wadal("create", "e2e");
        assertEquals(0, create.exit(), create.toString());
        String id = create.out().trim();
        Run ready = wadal("wait-ready", "e2e");
        assertEquals(0, ready.exit(), ready.toString());
        assertTrue(ready.err().contains("Jupyter up on port"), ready.toString());
        assertTrue(Files.exists(master.works().resolve("notebooks/README.md")), "the notebook repository is cloned");

        Path big = home.resolve("big.bin");
        TestFiles.random(big, 100L << 20, 42);
        Run upload = wadal("upload", "e2e", big.toString(), "data/big.bin");
        assertEquals(0, upload.exit(), upload.toString());
        assertEquals(sha256(big), sha256(master.works().resolve("data/big.bin")));

        Run ls = wadal("ls", "e2e", "-l", "data");
        assertEquals(0, ls.exit(), ls.toString());
        assertTrue(ls.out().contains("big.bin") && ls.out().contains("104857600"), ls.toString());

        Run pyspark = wadal("run-pyspark", "e2e", "jobs/etl.py", "2026-11-21");
        assertEquals(0, pyspark.exit(), pyspark.toString());
        assertEquals("works/jobs/etl.py\n2026-11-21", master.calls("spark-submit").get(0).get("args"));
        master.failTool("spark-submit", 3, "Traceback: boom");
        Run failing = wadal("run-pyspark", "e2e", "jobs/etl.py");
        assertEquals(3, failing.exit(), failing.toString());
        assertTrue(failing.out().contains("Traceback: boom"), "the job's stderr is in its log, on stdout: " + failing);

        Run notebook = wadal("run-notebook", "e2e", "notebooks/etl.ipynb", "-p", "date", "2026-11-21");
        assertEquals(0, notebook.exit(), notebook.toString());
        assertTrue(master.calls("papermill").get(0).get("args").contains("works/notebooks/etl.out.ipynb\n-p\ndate\n2026-11-21"));

        Run download = wadal("download", "e2e", "data/big.bin");
        assertEquals(0, download.exit(), download.toString());
        assertEquals(sha256(big), sha256(home.resolve("downloads/big.bin")));

        Path moved = home.resolve("moved");
        Run move = wadal("move", "e2e", "data/big.bin", "--to", moved.toString());
        assertEquals(0, move.exit(), move.toString());
        assertEquals(sha256(big), sha256(moved.resolve("big.bin")));
        assertFalse(Files.exists(master.works().resolve("data/big.bin")));

        // Unsaved work in the notebook clone: a modified file and an untracked notebook.
        Path clone = master.works().resolve("notebooks");
        Files.writeString(clone.resolve("README.md"), "changed\n");
        Files.writeString(clone.resolve("new.ipynb"), "{}");

        Run no = wadal(true, "n\n", "terminate", "e2e");
        assertEquals(5, no.exit(), no.toString());
        assertTrue(no.out().contains("There are 2 uncommitted file(s) and 0 unpushed commit(s)!!"), no.toString());
        assertTrue(no.out().contains("Are you sure to terminate (y/N)?"), no.toString());
        assertTrue(no.out().contains("The work tree was autosaved less than a minute ago to branch wadal/autosave/" + id), no.toString());
        assertEquals("changed\n", GitRepos.git(git.bare("notebooks"), "show", "wadal/autosave/" + id + ":README.md"),
                "the final snapshot reached the git server with the stored credentials");
        assertEquals("WAITING", state(id));

        Run yes = wadal(true, "y\n", "terminate", "e2e");
        assertEquals(0, yes.exit(), yes.toString());
        assertTrue(yes.out().contains("Cluster " + id + " terminated."), yes.toString());
        assertEquals("TERMINATED", state(id));
        assertFalse(Files.exists(home.resolve("clusters/e2e_cluster.id")));

        for (Run r : List.of(create, ready, upload, ls, pyspark, notebook, download, move, no, yes)) {
            assertFalse((r.out() + r.err()).contains("e2e-secret-value"), r.toString());
        }
        assertTrue(master.commands().stream().noneMatch(c -> c.contains("e2e-secret-value")));
    }

    @Test
    void anInteractiveShellOnATerminalGetsThePtyAndReturnsTheShellsStatus() throws Exception {
        assertEquals(0, wadal("create", "e2e").exit());
        Run shell = wadal(true, "echo hello-from-$((6*7))\nexit 4\n", "ssh", "e2e");
        assertEquals(4, shell.exit(), shell.toString());
        assertTrue(shell.out().contains("hello-from-42"), shell.toString());
    }

    @Test
    void terminateForceNeedsNoMasterAndAChangedHostKeyIsRefused() throws Exception {
        Run create = wadal("create", "e2e");
        String id = create.out().trim();
        assertEquals(0, wadal("ssh", "e2e", "--", "true").exit());
        master.replaceHostKey();
        Run refused = wadal("ssh", "e2e", "--", "echo", "should-not-run");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("offered host key"), refused.toString());
        assertFalse(refused.out().contains("should-not-run"));

        int before = master.commands().size();
        Run force = wadal("terminate", "--force", "e2e");
        assertEquals(0, force.exit(), force.toString());
        assertEquals("Cluster " + id + " terminated.\n", force.out());
        assertEquals(before, master.commands().size(), "--force runs nothing on the master");
        assertEquals("TERMINATED", state(id));
    }
}
