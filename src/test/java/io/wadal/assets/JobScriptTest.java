package io.wadal.assets;

import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.testing.LocalShell;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wadal_job.sh's view of jobs whose runner is gone without a status (the master restarted),
 * jobs still starting, and a job killed before its runner began, on a master's home here.
 */
class JobScriptTest {
    private static final Path SCRIPT = AssetScriptsTest.ASSETS_DIR.resolve("wadal_job.sh");

    @TempDir
    Path home;
    private LocalShell master;
    private long now;

    @BeforeEach
    void setUp() {
        master = new LocalShell(home, Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin"));
        now = Instant.now().getEpochSecond();
    }

    /** A job folder as start leaves it; {@code pid} null for one whose runner has not written it yet. */
    private Path job(String id, long started, Long pid) throws IOException {
        Path dir = Files.createDirectories(home.resolve(".wadal/jobs/" + id));
        Files.writeString(dir.resolve("kind"), "pyspark\n");
        Files.writeString(dir.resolve("what"), "works/job.py\n");
        Files.writeString(dir.resolve("output"), "");
        Files.writeString(dir.resolve("cmd"), "touch '" + home.resolve("ran-" + id) + "'\n");
        Files.writeString(dir.resolve("log"), "line 1\n");
        Files.writeString(dir.resolve("started"), started + "\n");
        if (pid != null) {
            Files.writeString(dir.resolve("pid"), pid + "\n");
        }
        return dir;
    }

    private ExecResult script(String... words) {
        return master.run("bash '" + SCRIPT + "' " + String.join(" ", words), null);
    }

    /** The pid of a process that has ended: no process group of that id runs. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aLostJobEndedWhenItsLogWasLastWrittenIsLeftAloneByKillAndPruned() throws Exception {
        Path dir = job("py-20261201-0900-job", now - 3600, deadPid());
        Files.setLastModifiedTime(dir.resolve("log"), FileTime.from(Instant.ofEpochSecond(now - 3000)));

        String[] fields = script("list").out().strip().split("\t");
        assertEquals("lost", fields[3], String.join("|", fields));
        assertEquals(String.valueOf(now - 3000), fields[5], "its end is its log's last write, so its duration stops growing");

        ExecResult kill = script("kill", "py-20261201-0900-job");
        assertEquals(0, kill.exitStatus(), kill.toString());
        assertEquals("ended: lost", kill.out().strip());
        assertFalse(Files.exists(dir.resolve("status")), "a lost job is not made a killed one");

        ExecResult prune = script("prune");
        assertEquals("pruned py-20261201-0900-job", prune.out().strip(), prune.toString());
        assertFalse(Files.exists(dir));
    }

    @Test
    void aJobWhoseRunnerHasNotWrittenItsPidYetIsRunningAndStays() throws Exception {
        Path young = job("py-20261201-0901-job", now - 2, null);
        Path old = job("py-20261201-0800-job", now - 7200, null);

        String listed = script("list").out();
        assertTrue(listed.contains("py-20261201-0901-job\tpyspark\trunning\t"), listed);
        assertTrue(listed.contains("py-20261201-0800-job\tpyspark\tlost\t"), "a start that never ran, an hour on: " + listed);

        assertEquals("pruned py-20261201-0800-job", script("prune").out().strip());
        assertTrue(Files.exists(young));
        assertFalse(Files.exists(old));
    }

    @Test
    void aJobKilledBeforeItsRunnerBeganRunsNothing() throws Exception {
        Path dir = job("py-20261201-0902-job", now, null);
        ExecResult kill = script("kill", "py-20261201-0902-job");
        assertEquals("killed", kill.out().strip(), kill.toString());

        ExecResult run = script("run", "py-20261201-0902-job");

        assertEquals(0, run.exitStatus(), run.toString());
        assertFalse(Files.exists(home.resolve("ran-py-20261201-0902-job")), "the command did not run");
        assertEquals("killed", Files.readString(dir.resolve("status")).strip());
    }

    @Test
    void killingAnEndedJobSaysSoAndKeepsItsStatus() throws Exception {
        Path dir = job("py-20261201-0903-job", now - 60, deadPid());
        Files.writeString(dir.resolve("status"), "0\n");
        Files.writeString(dir.resolve("ended"), (now - 30) + "\n");

        ExecResult kill = script("kill", "py-20261201-0903-job");

        assertEquals("ended: exit:0", kill.out().strip(), kill.toString());
        assertEquals("0", Files.readString(dir.resolve("status")).strip());
    }
}
