package io.wadal.e2e;

import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built launcher, target/wadal, run as a user runs it: a child process in a wadal home. */
@ExtendWith(MotoServer.class)
@Slow
class LauncherIT {
    static final Path LAUNCHER = Path.of("target/wadal").toAbsolutePath();
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path home;
    private MotoServer moto;

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        assertTrue(Files.isExecutable(LAUNCHER), "mvn package builds " + LAUNCHER);
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/e2e"), """
                export CLUSTER_NAME="e2e cluster"
                export AWS_REGION=ap-northeast-2
                export AWS_EMR_LABEL=emr-7.5.0
                export INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
                export GIT_PASS=e2e-secret-value
                """);
    }

    private Process start(Path cwd, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("PROFILE") || k.startsWith("WADAL_"));
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    private static Run finish(Process p) throws Exception {
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var outText = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(out));
        var errText = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(err));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "wadal finished");
        return new Run(p.exitValue(), outText.get(), errText.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Run wadal(String... args) throws Exception {
        return finish(start(home, moto.env(), args));
    }

    @Test
    void createWaitReadyStateTerminate() throws Exception {
        Run create = wadal("create", "e2e");
        assertEquals(0, create.exit(), create.toString());
        String id = create.out().trim();
        assertTrue(id.matches("j-[A-Z0-9]+"), create.toString());
        assertEquals(id + "\n", Files.readString(home.resolve("clusters/e2e_cluster.id")));

        // wait-ready sets up the master's workspace over SSH (MasterCommandsIT): without a key it cannot.
        Run ready = wadal("wait-ready", "e2e");
        assertEquals(2, ready.exit(), ready.toString());
        assertTrue(ready.err().contains("EC2_KEY_PAIR_PATH"), ready.toString());

        Run state = finish(start(home, withProfile("e2e"), "state"));
        assertEquals(0, state.exit(), state.toString());
        assertEquals("WAITING\n", state.out());

        Run terminate = wadal("terminate", "--force", "e2e");
        assertEquals(0, terminate.exit(), terminate.toString());
        assertEquals("Cluster " + id + " terminated.\n", terminate.out());
        assertFalse(Files.exists(home.resolve("clusters/e2e_cluster.id")));
        assertFalse(Files.exists(home.resolve("clusters/e2e.json")));

        for (Run r : List.of(create, ready, state, terminate)) {
            assertFalse((r.out() + r.err()).contains("e2e-secret-value"), r.toString());
        }
    }

    @Test
    void checkReachesStsEc2S3AndGitFromTheJar() throws Exception {
        Path repo = home.resolve("notebooks.git");
        io.wadal.testing.GitRepos.cloneWithUpstream(repo, home.resolve("clone"));
        Run check = wadal("check", "--json", "e2e", "-p", "GIT_REPO=" + repo);
        assertEquals(1, check.exit(), check.toString());
        String out = check.out();
        assertTrue(out.contains("\"detail\" : \"account 123456789012"), "STS: " + check);
        assertTrue(out.contains("AWS_EMR_SUBNET not set: EMR uses the default VPC vpc-"), "EC2: " + check);
        assertTrue(out.contains("bucket 'wadal-test-bucket' does not exist"), "S3: " + check);
        assertTrue(out.contains(repo + " reachable"), "JGit: " + check);
        assertFalse((out + check.err()).contains("e2e-secret-value"), check.toString());
    }

    private Map<String, String> withProfile(String profile) {
        Map<String, String> env = new java.util.HashMap<>(moto.env());
        env.put("PROFILE", profile);
        return env;
    }

    @Test
    void twoConcurrentCreatesLaunchOneCluster() throws Exception {
        Process a = start(home, moto.env(), "create", "e2e");
        Process b = start(home, moto.env(), "create", "e2e");
        Run ra = finish(a);
        Run rb = finish(b);
        assertEquals(0, ra.exit(), ra.toString());
        assertEquals(0, rb.exit(), rb.toString());
        assertEquals(ra.out(), rb.out(), "both print the one cluster id");
        assertTrue((ra.err() + rb.err()).contains("already exists"), ra + "\n" + rb);
    }

    @Test
    void theQuickstartPlanRunsOnTheBundledExampleWithoutAws() throws Exception {
        Run plan = finish(start(REPO, Map.of(), "plan", "example"));
        assertEquals(0, plan.exit(), plan.toString());
        assertTrue(plan.out().contains("emr-"), plan.toString());
        assertFalse(plan.out().contains("[warning]") || plan.out().contains("[cds]"), "no JVM log on stdout: " + plan.out());
        assertFalse(plan.err().contains("warning"), "a fresh checkout's example warns of nothing: " + plan.err());
        try (var files = Files.list(LAUNCHER.getParent())) {
            assertTrue(files.map(f -> f.getFileName().toString()).anyMatch(n -> n.matches("wadal-.+\\.(jsa|aot)")),
                    "the launcher made its class-data-sharing archive next to the jar");
        }
    }

    @Test
    void withAnArchiveOrWithoutTheOutputIsTheSame() throws Exception {
        Run withArchive = finish(start(REPO, Map.of(), "plan", "--json", "example"));
        Run without = finish(start(REPO, Map.of("WADAL_CDS", "off"), "plan", "--json", "example"));
        assertEquals(0, withArchive.exit(), withArchive.toString());
        assertEquals(without.out(), withArchive.out());
        assertEquals(without.err(), withArchive.err());
    }

    @Test
    void helpListsTheCommandsAndExitCodes() throws Exception {
        Run help = wadal("--help");
        assertEquals(0, help.exit(), help.toString());
        for (String cmd : List.of("profiles", "plan", "upload-assets", "create", "state", "wait-ready", "clusters",
                "terminate")) {
            assertTrue(help.out().contains("  " + cmd + " "), cmd + " in\n" + help.out());
        }
        assertTrue(help.out().contains("Exit codes:") && help.out().contains("130"), help.out());
        Run version = wadal("--version");
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.out().matches("wadal \\d+\\.\\d+\\.\\d+\\s*"), version.toString());
    }

    @Test
    void badUsageIsExit2WithOneLineAndNoStackTrace() throws Exception {
        Run r = wadal("create", "e2e", "--no-such-option");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("wadal: Unknown option: '--no-such-option'"), r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());

        Run noProfile = wadal("state");
        assertEquals(2, noProfile.exit(), noProfile.toString());
        assertEquals("wadal: enter profile or specify PROFILE envvar\n", noProfile.err());
    }
}
