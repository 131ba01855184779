package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Background;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run-* --detach, jobs, attach and logs --job against a master: the jobs run there, wadal comes and goes. */
@ExtendWith(FakeMaster.class)
@Slow
class JobsCommandTest {
    private static final String SECRET = "job-secret-7f3";
    private static final String S3_SECRET = "s3-secret-9k2";

    @TempDir
    Path home;
    private SshMaster master;

    @BeforeEach
    void setUp(SshMaster master) throws IOException {
        this.master = master;
        Records.profileWithCluster(home, "p", "RUN_NOTEBOOK_ENVS=\"PASS=" + SECRET + "\"\n", master);
    }

    /** Lets every job end before the home is cleared (a job outlives wadal, and would write into the next test's home). */
    @AfterEach
    void endTheJobs() throws Exception {
        for (String tool : List.of("spark-submit", "papermill")) {
            Path fifo = master.home().resolve(".fake-hold-" + tool);
            if (Files.exists(fifo)) {
                // read-write: opening never waits for a reader (a killed job has none), and the held tool reads EOF
                new java.io.RandomAccessFile(fifo.toFile(), "rw").close();
                Files.delete(fifo);
            }
        }
        Path jobs = master.home().resolve(".wadal/jobs");
        if (!Files.isDirectory(jobs)) {
            return;
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        try (Stream<Path> dirs = Files.list(jobs)) {
            for (Path dir : dirs.toList()) {
                while (!Files.exists(dir.resolve("status")) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                // the runner writes job.json just after the status
                while (!Files.readString(dir.resolve("job.json")).contains("endedAt") && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private WadalRun wadal() {
        return new WadalRun(home);
    }

    @Test
    void aDetachedJobRunsOnWhileJobsShowsItThenAttachGivesItsOutputAndStatus() throws Exception {
        master.holdTool("spark-submit");
        master.failTool("spark-submit", 3, "Traceback: boom");

        Result started = wadal().run("run-pyspark", "p", "etl/Daily Job.py", "--detach");

        assertEquals(0, started.exitCode(), started.toString());
        assertEquals("py-20261121-1000-daily-job\n", started.out());
        assertTrue(started.err().contains("wadal attach p py-20261121-1000-daily-job"), started.toString());

        Result jobs = wadal().run("jobs", "p");
        assertEquals(0, jobs.exitCode(), jobs.toString());
        assertTrue(jobs.out().startsWith("ID "), jobs.toString());
        assertTrue(jobs.out().lines().anyMatch(l -> l.matches("py-20261121-1000-daily-job +pyspark +etl/Daily Job\\.py +running +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +\\d+s")),
                jobs.toString());

        Background attached = wadal().start("attach", "p", "py-20261121-1000-daily-job");
        attached.awaitOut("fake spark-submit ran");
        master.release("spark-submit");
        Result r = attached.result();
        assertEquals(3, r.exitCode(), r.toString());
        assertEquals("fake spark-submit ran\nTraceback: boom", r.out());
        assertTrue(r.err().contains("job py-20261121-1000-daily-job failed 3"), r.toString());

        Result again = wadal().run("attach", "p", "py-20261121-1000-daily-job", "--tail", "1");
        assertEquals(3, again.exitCode(), "an ended job's status at once: " + again);
        assertEquals("Traceback: boom", again.out());

        Result json = wadal().run("jobs", "p", "--json");
        assertTrue(json.out().contains("\"state\" : \"failed\"") && json.out().contains("\"exitStatus\" : 3"), json.toString());

        Result log = wadal().run("logs", "p", "--job", "py-20261121-1000-daily-job");
        assertEquals(0, log.exitCode(), log.toString());
        assertEquals("fake spark-submit ran\nTraceback: boom", log.out());
    }

    @Test
    void twoJobsAtOnceGetTwoIdsAndEachItsOwnOutput() throws Exception {
        master.holdTool("spark-submit");
        Result first = wadal().run("run-pyspark", "p", "job.py", "--detach");
        Result second = wadal().run("run-notebook", "p", "team/etl.ipynb", "--detach");
        Result third = wadal().run("run-pyspark", "p", "job.py", "--detach");
        assertEquals("py-20261121-1000-job\n", first.out(), first.toString());
        assertEquals("nb-20261121-1000-etl\n", second.out(), second.toString());
        assertEquals("py-20261121-1000-job-2\n", third.out(), "the same minute and script: a suffix. " + third);

        Result notebook = wadal().run("attach", "p", "nb-20261121-1000-etl");
        assertEquals(0, notebook.exitCode(), notebook.toString());
        assertEquals("fake pyspark ran\nfake papermill ran\n", notebook.out());

        Result jobs = wadal().run("jobs", "p", "--json");
        assertTrue(jobs.out().contains("\"output\" : \"team/etl.out.ipynb\""), "the notebook names its output: " + jobs);
        assertEquals(2, jobs.out().split("\"running\"", -1).length - 1, jobs.toString());

        Result killed = wadal().run("jobs", "p", "--kill", "py-20261121-1000-job");
        assertEquals(0, killed.exitCode(), killed.toString());
        assertTrue(killed.out().lines().anyMatch(l -> l.startsWith("py-20261121-1000-job ") && l.contains(" killed ")), killed.toString());
        assertTrue(killed.err().contains("Killed job py-20261121-1000-job."), killed.toString());
        Result attachKilled = wadal().run("attach", "p", "py-20261121-1000-job");
        assertEquals(143, attachKilled.exitCode(), attachKilled.toString());
        Result again = wadal().run("jobs", "p", "--kill", "py-20261121-1000-job");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("Job py-20261121-1000-job had already ended (killed); nothing to kill.")
                && !again.err().contains("Killed"), again.toString());

        master.release("spark-submit");
        assertEquals(0, wadal().run("attach", "p", "py-20261121-1000-job-2").exitCode());

        Result pruned = wadal().run("jobs", "p", "--prune");
        assertEquals(0, pruned.exitCode(), pruned.toString());
        assertTrue(pruned.err().contains("Removed 3 ended job(s)"), pruned.toString());
        assertTrue(pruned.err().contains("No jobs on the master."), pruned.toString());
    }

    @Test
    void noSecretIsOnACommandLineInJobJsonOrInTheArgvOfTheJobsProcessesAndTheEnvFileGoesOnceRead() throws Exception {
        Files.createDirectories(master.home().resolve(".wadal"));
        Files.writeString(master.home().resolve(".wadal/s3.env"), "export AWS_S3_SECRET_KEY='" + S3_SECRET + "'\n");
        master.holdTool("spark-submit");

        Result r = wadal().run("run-pyspark", "p", "job.py", "--detach", "-e", "FLAG=" + SECRET + "-flag");
        assertEquals(0, r.exitCode(), r.toString());
        Path dir = master.home().resolve(".wadal/jobs/py-20261121-1000-job");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        List<String> argv = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")).toList();
        assertTrue(argv.stream().anyMatch(a -> a.contains("wadal_job.sh run py-20261121-1000-job")), "the runner is visible: " + argv);
        for (String line : argv) {
            assertFalse(line.contains(SECRET) || line.contains(S3_SECRET), line);
        }
        master.release("spark-submit");
        assertEquals(0, wadal().run("attach", "p", "py-20261121-1000-job").exitCode());

        assertEquals(SECRET, master.calls("spark-submit").get(0).get("PASS"), "the job had its environment");
        assertEquals(SECRET + "-flag", master.calls("spark-submit").get(0).get("FLAG"));
        assertEquals(S3_SECRET, master.calls("spark-submit").get(0).get("AWS_S3_SECRET_KEY"));
        String json = Files.readString(dir.resolve("job.json"));
        assertTrue(json.contains("\"command\":\"export SPARK_HOME=") && json.contains("\"status\":\"0\"")
                && json.contains("\"startedAt\":\"") && json.contains("\"endedAt\":\""), json);
        assertFalse(Files.exists(dir.resolve("env")), "the environment file is removed once the job has read it");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                assertFalse(text.contains(SECRET) || text.contains(S3_SECRET), f + ": " + text);
            }
        }
        for (String command : master.commands()) {
            assertFalse(command.contains(SECRET) || command.contains(S3_SECRET), command);
        }
    }

    @Test
    void ctrlCDetachesAndTheJobGoesOnWhileKillOnInterruptKillsIt() throws Exception {
        master.holdTool("spark-submit");
        Background run = wadal().start("run-pyspark", "p", "job.py");
        run.awaitOut("fake spark-submit ran");
        Result detached = run.interrupt().result();
        assertEquals(130, detached.exitCode(), detached.toString());
        assertTrue(detached.err().contains("detached; job py-20261121-1000-job goes on on the master. "
                + "'wadal attach p py-20261121-1000-job' shows its output again"), detached.toString());
        assertTrue(wadal().run("jobs", "p").out().contains(" running "), "the job goes on");

        Background killing = wadal().start("run-pyspark", "p", "job.py", "--kill-on-interrupt");
        killing.awaitOut("fake spark-submit ran");
        Result killed = killing.interrupt().result();
        assertEquals(130, killed.exitCode(), killed.toString());
        assertTrue(killed.err().contains("killed job py-20261121-1000-job-2"), killed.toString());
        Result jobs = wadal().run("jobs", "p");
        assertTrue(jobs.out().lines().anyMatch(l -> l.startsWith("py-20261121-1000-job-2 ") && l.contains(" killed ")), jobs.toString());
    }

    @Test
    void aRealCtrlCDetachesAndASecondOneWithinTwoSecondsKillsTheJob() throws Exception {
        master.holdTool("spark-submit");
        Background run = wadal().start("run-pyspark", "p", "job.py");
        run.awaitOut("fake spark-submit ran");
        // SIGINT to this JVM: while a run is attached, wadal's handler has it, not the JVM's shutdown
        sun.misc.Signal.raise(new sun.misc.Signal("INT"));
        run.awaitErr("Ctrl-C again within 2 s kills the job");
        sun.misc.Signal.raise(new sun.misc.Signal("INT"));
        Result r = run.result();
        assertEquals(130, r.exitCode(), r.toString());
        assertTrue(r.err().contains("killed job py-20261121-1000-job on the master"), r.toString());
        Result jobs = wadal().run("jobs", "p");
        assertTrue(jobs.out().lines().anyMatch(l -> l.startsWith("py-20261121-1000-job ") && l.contains(" killed ")), jobs.toString());
    }

    @Test
    void detachWithTerminateAfterOrDownloadIsRefusedBeforeAnythingRuns() {
        Result r = wadal().run("run-pyspark", "p", "job.py", "--detach", "--terminate-after");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--detach with --terminate-after"), r.toString());
        r = wadal().run("run-notebook", "p", "nb.ipynb", "--detach", "--download");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(master.commands().isEmpty(), master.commands().toString());
    }

    @Test
    void downloadJobFetchesTheOutputNotebookTheJobsRecordNamesOnceItHasEnded() throws Exception {
        Result fresh = wadal().run("download", "p", "--job", "nb-20261121-1000-etl");
        assertEquals(1, fresh.exitCode(), fresh.toString());
        assertTrue(fresh.err().contains("no job has run on this master yet"), fresh.toString());
        Files.createDirectories(master.works().resolve("team"));
        Files.writeString(master.works().resolve("team/etl.out.ipynb"), "{\"cells\": [1]}");
        master.holdTool("papermill");
        String id = wadal().run("run-notebook", "p", "team/etl.ipynb", "--detach").out().strip();

        Result early = wadal().run("download", "p", "--job", id);
        assertEquals(1, early.exitCode(), early.toString());
        assertTrue(early.err().contains("job " + id + " is still running: its output notebook team/etl.out.ipynb is whole once it ends"),
                early.toString());
        assertFalse(Files.exists(home.resolve("downloads/etl.out.ipynb")));

        master.release("papermill");
        assertEquals(0, wadal().run("attach", "p", id).exitCode());
        Result r = wadal().run("download", "p", "--job", id);

        assertEquals(0, r.exitCode(), r.toString());
        Path local = home.resolve("downloads/etl.out.ipynb");
        assertEquals("{\"cells\": [1]}", Files.readString(local));
        assertEquals(local + "\n", r.out());

        String py = wadal().run("run-pyspark", "p", "job.py", "--detach").out().strip();
        Result none = wadal().run("download", "p", "--job", py);
        assertEquals(1, none.exitCode(), none.toString());
        assertTrue(none.err().contains("is a pyspark job: it writes no output notebook"), none.toString());
        Result both = wadal().run("download", "p", "team/x.csv", "--job", id);
        assertEquals(2, both.exitCode(), both.toString());
    }

    @Test
    void aJobIdThatIsNoneIsRefusedAndAnUnknownOneIsNamed() {
        Result r = wadal().run("attach", "p", "../x; rm -rf ~");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(master.commands().isEmpty(), master.commands().toString());
        r = wadal().run("attach", "p", "nb-none");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("no job nb-none on this master"), r.toString());
    }
}
