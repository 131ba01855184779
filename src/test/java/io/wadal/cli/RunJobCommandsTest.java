package io.wadal.cli;

import io.wadal.Main;
import io.wadal.app.WadalContext;
import io.wadal.aws.AwsClients;
import io.wadal.console.Console;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run-pyspark and run-notebook against the fake master: what its spark-submit, pyspark and papermill were given. */
@ExtendWith(FakeMaster.class)
class RunJobCommandsTest {
    private static final String PROFILE_SECRET = "profile-secret-1";
    private static final String ENVS_SECRET = "envs secret 2";
    private static final String FLAG_SECRET = "flag-secret-3";

    @TempDir
    Path home;
    private SshMaster master;

    @BeforeEach
    void setUp(SshMaster master) throws IOException {
        this.master = master;
        Records.profileWithCluster(home, "p", "RUN_NOTEBOOK_ENVS=\"A=from-profile B=from-profile C=from-profile "
                + "PASS=" + PROFILE_SECRET + "\"\n", master);
    }

    private static String args(String... words) {
        return String.join("\n", words);
    }

    @Test
    void runPysparkSubmitsTheScriptWithItsArgumentsFromTheHome() throws IOException {
        Result r = new WadalRun(home).run("run-pyspark", "p", "etl/daily job.py", "--date", "2026-11-21", "it's \"quoted\"",
                "$(touch pwned)", "--", "-v", "-e");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("fake spark-submit ran\n", r.out());
        List<Map<String, String>> calls = master.calls("spark-submit");
        assertEquals(1, calls.size());
        Map<String, String> call = calls.get(0);
        assertEquals(master.home().toString(), call.get("cwd"));
        assertEquals(args("works/etl/daily job.py", "--date", "2026-11-21", "it's \"quoted\"", "$(touch pwned)", "-v", "-e"),
                call.get("args"));
        assertEquals("/usr/lib/spark", call.get("SPARK_HOME"));
        assertEquals("python3", call.get("PYSPARK_PYTHON"));
        assertEquals(PROFILE_SECRET, call.get("PASS"));
        assertFalse(Files.exists(master.home().resolve("pwned")));
    }

    @Test
    void theEnvironmentComesFromTheProfileThenEnvsThenFlagsAndNeverFromTheCommandLine() throws IOException {
        Result r = new WadalRun(home).env("ENVS", "B=from-envs C=from-envs SECRET2=\"" + ENVS_SECRET + "\"")
                .run("run-pyspark", "p", "job.py", "-e", "C=from-flag", "-e", "SECRET3=" + FLAG_SECRET, "--env", "SPARK_HOME=/opt/spark");

        assertEquals(0, r.exitCode(), r.toString());
        Map<String, String> call = master.calls("spark-submit").get(0);
        assertEquals("from-profile", call.get("A"));
        assertEquals("from-envs", call.get("B"));
        assertEquals("from-flag", call.get("C"));
        assertEquals(PROFILE_SECRET, call.get("PASS"));
        assertEquals(ENVS_SECRET, call.get("SECRET2"));
        assertEquals(FLAG_SECRET, call.get("SECRET3"));
        assertEquals("/opt/spark", call.get("SPARK_HOME"), "the user's environment overrides wadal's defaults");
        assertEquals(args("works/job.py"), call.get("args"));
        for (String command : master.commands()) {
            for (String secret : List.of(PROFILE_SECRET, ENVS_SECRET, FLAG_SECRET, "from-envs", "from-flag", "from-profile")) {
                assertFalse(command.contains(secret), command);
            }
        }
        assertFalse(r.out().contains(FLAG_SECRET) || r.err().contains(FLAG_SECRET), r.toString());
    }

    @Test
    void theNotebookS3KeysStoredByTheWorkspaceSetupReachBothJobsButNotTheirCommandLines() throws IOException {
        Path s3env = Files.createDirectories(master.home().resolve(".wadal")).resolve("s3.env");
        Files.writeString(s3env, "export AWS_S3_ACCESS_KEY='AKIAS3NOTEBOOK'\nexport AWS_S3_SECRET_KEY='s3 secret $(x)'\n");
        Records.profileWithCluster(home, "p", "RUN_NOTEBOOK_ENVS=AWS_S3_ACCESS_KEY=overridden\n", master);

        assertEquals(0, new WadalRun(home).run("run-pyspark", "p", "job.py").exitCode());
        assertEquals(0, new WadalRun(home).run("run-notebook", "p", "nb.ipynb").exitCode());

        for (Map<String, String> call : List.of(master.calls("spark-submit").get(0), master.calls("pyspark").get(0))) {
            assertEquals("s3 secret $(x)", call.get("AWS_S3_SECRET_KEY"), call.toString());
            assertEquals("overridden", call.get("AWS_S3_ACCESS_KEY"), "the job's own environment wins: " + call);
        }
        for (String command : master.commands()) {
            assertFalse(command.contains("s3 secret"), command);
        }
    }

    @Test
    void aFailingScriptsStatusIsReturnedWithItsStderrStreamedInOrderOnStdout() throws IOException {
        master.failTool("spark-submit", 3, "Traceback: boom");
        Result r = new WadalRun(home).run("run-pyspark", "p", "job.py");
        assertEquals(3, r.exitCode(), r.toString());
        // the job's log on the master combines its stdout and stderr, in order
        assertEquals("fake spark-submit ran\nTraceback: boom", r.out());
        assertEquals("", r.err());
    }

    @Test
    void aProfileWarningIsPrintedOnceEvenThoughTheRunUsesTheProfileTwice() throws IOException {
        Records.profileWithCluster(home, "p", "CLUSTERNAME=typo\n", master);
        Result r = new WadalRun(home).run("run-pyspark", "p", "job.py");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.err().lines().filter(l -> l.contains("unknown key CLUSTERNAME")).count(), r.toString());
    }

    @Test
    void downloadFetchesTheOutputNotebookAfterTheRun() throws IOException {
        // The fake papermill writes nothing: the output notebook is put where papermill would write it.
        Files.createDirectories(master.works().resolve("team"));
        Files.writeString(master.works().resolve("team/etl.out.ipynb"), "{\"cells\": []}");

        Result r = new WadalRun(home).run("run-notebook", "p", "team/etl.ipynb", "--download");

        assertEquals(0, r.exitCode(), r.toString());
        Path local = home.resolve("downloads/etl.out.ipynb");
        assertEquals("{\"cells\": []}", Files.readString(local));
        assertTrue(r.out().endsWith(local + "\n"), r.toString());
    }

    @Test
    void aMissingOutputNotebookMakesASuccessfulRunExit1() {
        Result r = new WadalRun(home).run("run-notebook", "p", "none.ipynb", "--download");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("could not download works/none.out.ipynb"), r.toString());
    }

    @Test
    void withProfileInTheEnvironmentEveryPositionalIsAnArgument() throws IOException {
        Result r = new WadalRun(home).env("PROFILE", "p").run("run-pyspark", "p", "x");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(args("works/p", "x"), master.calls("spark-submit").get(0).get("args"));

        r = new WadalRun(home).env("PROFILE", "p").run("run-notebook", "p.ipynb");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(master.calls("papermill").get(0).get("args").contains("works/p.ipynb\nworks/p.out.ipynb"));
    }

    @Test
    void runNotebookRunsPapermillThroughPysparkInTheNotebooksFolder() throws IOException {
        Result r = new WadalRun(home).run("run-notebook", "p", "team/a b/my \"note\" $(x).ipynb", "-p", "date", "2026-11-21",
                "-p", "query", "$(touch pwned) it's", "-p", "n", "-1");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("fake pyspark ran\nfake papermill ran\n", r.out());
        Map<String, String> pyspark = master.calls("pyspark").get(0);
        assertEquals("papermill", pyspark.get("PYSPARK_DRIVER_PYTHON"));
        assertEquals("/usr/lib/spark", pyspark.get("SPARK_HOME"));
        assertEquals("", pyspark.get("args"));
        Map<String, String> papermill = master.calls("papermill").get(0);
        assertEquals(master.home().toString(), papermill.get("cwd"));
        assertEquals(args("--start_timeout", "1200", "--cwd", "works/team/a b", "works/team/a b/my \"note\" $(x).ipynb",
                "works/team/a b/my \"note\" $(x).out.ipynb", "-p", "date", "2026-11-21", "-p", "query", "$(touch pwned) it's",
                "-p", "n", "-1"), papermill.get("args"));
        assertEquals("python3", papermill.get("PYSPARK_PYTHON"));
        assertEquals(PROFILE_SECRET, papermill.get("PASS"));
        assertFalse(Files.exists(master.home().resolve("pwned")));
        assertFalse(r.err().contains("not found"), r.toString());
    }

    @Test
    void dashPWithTwoWordsIsANotebookParameterWithOneWordAProfileOverrideAndSetAlwaysOverrides() throws IOException {
        Result r = new WadalRun(home).run("run-notebook", "-p", "RUN_NOTEBOOK_ENVS=X=from-p", "p", "nb.ipynb",
                "-p", "alpha", "0.5", "--set", "SSH_USER=" + master.user(), "-p", "beta", "x=y");

        assertEquals(0, r.exitCode(), r.toString());
        Map<String, String> papermill = master.calls("papermill").get(0);
        assertTrue(papermill.get("args").endsWith(args("-p", "alpha", "0.5", "-p", "beta", "x=y")), papermill.get("args"));
        assertEquals("from-p", papermill.get("X"), "-p KEY=VALUE replaced RUN_NOTEBOOK_ENVS");
        assertEquals(null, papermill.get("A"));

        r = new WadalRun(home).run("run-notebook", "p", "nb.ipynb", "--set", "RUN_NOTEBOOK_ENVS=Y=from-set");
        assertEquals(0, r.exitCode(), r.toString());
        papermill = master.calls("papermill").get(1);
        assertEquals("from-set", papermill.get("Y"));
        assertFalse(papermill.get("args").contains("-p"), papermill.get("args"));
    }

    @Test
    void aOneWordDashPThatIsNoProfileKeyIsRefusedWithTheNotebookParameterSpelling() {
        Result r = new WadalRun(home).run("run-notebook", "p", "nb.ipynb", "-p", "alpha=0.5");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("alpha is not a profile key; for a notebook parameter write -p alpha VALUE"), r.toString());
        assertTrue(master.commands().isEmpty());
    }

    @Test
    void otherCommandsKeepDashPAsAnOverrideOnly() {
        Result r = new WadalRun(home).run("run-pyspark", "p", "job.py", "-p", "alpha", "0.5");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("KEY=VALUE"), r.toString());
        assertTrue(master.commands().isEmpty());
    }

    @Test
    void aFailingNotebookReturnsPapermillsStatus() throws IOException {
        master.failTool("papermill", 1, "PapermillExecutionError: cell 3");
        Result r = new WadalRun(home).run("run-notebook", "p", "nb.ipynb");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("fake pyspark ran\nfake papermill ran\nPapermillExecutionError: cell 3", r.out());
    }

    @Test
    void malformedEnvironmentIsAUsageErrorBeforeConnecting() {
        Result r = new WadalRun(home).env("ENVS", "A=\"unterminated " + ENVS_SECRET).run("run-pyspark", "p", "job.py");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("ENVS") && !r.err().contains(ENVS_SECRET), r.toString());

        r = new WadalRun(home).run("run-notebook", "p", "nb.ipynb", "-e", "NOEQUALS");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("-e 'NOEQUALS' is not KEY=VALUE"), r.toString());

        r = new WadalRun(home).run("run-notebook", "p", "nb.ipynb", "-p", "RUN_NOTEBOOK_ENVS=bad-name=1");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("RUN_NOTEBOOK_ENVS"), r.toString());
        assertTrue(master.commands().isEmpty(), master.commands().toString());
    }

    @Test
    void missingOrExtraArgumentsAreUsageErrors() {
        Result r = new WadalRun(home).run("run-pyspark", "p");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("name the script"), r.toString());

        r = new WadalRun(home).run("run-notebook", "p", "a.ipynb", "b.ipynb");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("one notebook at a time"), r.toString());

        r = new WadalRun(home).run("run-notebook", "p", "/home/hadoop/works/a.ipynb");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("relative to works/"), r.toString());

        r = new WadalRun(home).run("run-notebook");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("enter profile or specify PROFILE envvar"), r.toString());
        assertTrue(master.commands().isEmpty(), master.commands().toString());
    }

    @Test
    void theUsersStdinNeverReachesTheJobOrItsEnvironment() throws IOException {
        Result r = new WadalRun(home).stdin("export PASS=hijacked\n").run("run-pyspark", "p", "job.py");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(PROFILE_SECRET, master.calls("spark-submit").get(0).get("PASS"));
        String start = master.commands().stream().filter(c -> c.startsWith("'bash' '.wadal/wadal_job.sh' 'start' ")).findFirst().orElseThrow();
        assertTrue(start.endsWith(" </dev/null'"), "the job's command reads nothing: " + start);
    }

    @Test
    void outputArrivesWhileTheJobStillRuns() throws Exception {
        master.holdTool("spark-submit");
        CompletableFuture<Void> lineSeen = new CompletableFuture<>();
        OutputStream stdout = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                if (toString(StandardCharsets.UTF_8).contains("fake spark-submit ran\n")) {
                    lineSeen.complete(null);
                }
            }
        };
        WadalContext ctx = new WadalContext(Map.of(), home, home.resolve("user-home"), Clock.systemUTC(), d -> { },
                noTerminal(), new AwsClients(Map.of()), new ByteArrayInputStream(new byte[0]), stdout, new ByteArrayOutputStream());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> run = pool.submit(() -> Main.run(new String[] {"run-pyspark", "p", "job.py"}, ctx));
            lineSeen.get(60, TimeUnit.SECONDS);
            assertFalse(run.isDone(), "the job is still held on the master");
            master.release("spark-submit");
            assertEquals(0, run.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
            ctx.aws().close();
        }
    }

    private static Console noTerminal() {
        return new Console() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public String ask(String prompt) {
                return null;
            }
        };
    }
}
