package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(FakeMaster.class)
class LogsCommandTest {
    private static final String BOOTSTRAP = "sysroot/emr/instance-controller/log/bootstrap-actions";
    private static final String STEPS = "sysroot/mnt/var/log/hadoop/steps";

    @TempDir
    Path home;
    private SshMaster master;

    @BeforeEach
    void setUp(SshMaster master) throws IOException {
        this.master = master;
        Records.profileWithCluster(home, "p", "", master);
    }

    private WadalRun wadal() {
        return new WadalRun(home).env("WADAL_MASTER_ROOT", "sysroot");
    }

    /** A log folder entry (an action or step) with these files, last modified at this second. */
    private void logDir(String base, String name, long second, String... fileAndContent) throws IOException {
        Path dir = Files.createDirectories(master.home().resolve(base).resolve(name));
        for (int i = 0; i < fileAndContent.length; i += 2) {
            Files.writeString(dir.resolve(fileAndContent[i]), fileAndContent[i + 1]);
        }
        Files.setLastModifiedTime(dir, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + second)));
    }

    @Test
    void withoutAKindBothAreShownOldestFirstWithAHeaderPerFile() throws IOException {
        logDir(BOOTSTRAP, "2", 20, "stdout", "second action\n");
        logDir(BOOTSTRAP, "1", 10, "stdout", "first action\n", "stderr", "warning: pip\n");
        logDir(STEPS, "s-NEWER", 40, "stdout", "newer step\n", "syslog", "not shown\n");
        logDir(STEPS, "s-OLDER", 30, "stderr", "older step failed\n", "controller", "not shown\n");

        Result r = wadal().run("logs", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("==> " + BOOTSTRAP + "/1/stdout <==\nfirst action\n\n"
                + "==> " + BOOTSTRAP + "/1/stderr <==\nwarning: pip\n\n"
                + "==> " + BOOTSTRAP + "/2/stdout <==\nsecond action\n\n"
                + "==> " + STEPS + "/s-OLDER/stderr <==\nolder step failed\n\n"
                + "==> " + STEPS + "/s-NEWER/stdout <==\nnewer step\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void oneKindAndCompressedLogs() throws IOException {
        logDir(BOOTSTRAP, "1", 10, "stdout", "bootstrap\n");
        logDir(STEPS, "s-1", 10);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(master.home().resolve(STEPS + "/s-1/stdout.gz")))) {
            gz.write("rotated step output\n".getBytes());
        }

        Result r = wadal().run("logs", "p", "steps");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("==> " + STEPS + "/s-1/stdout.gz <==\nrotated step output\n", r.out());
    }

    @Test
    void missingFoldersMeanNoLogsYet() throws IOException {
        Files.createDirectories(master.home().resolve(STEPS));

        Result r = wadal().run("logs", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.out());
        assertEquals("no bootstrap logs yet (" + BOOTSTRAP + " does not exist)\n"
                + "no step logs yet (" + STEPS + " is empty)\n", r.err());
    }

    @Test
    void theProfileCanComeFromTheEnvironment() throws IOException {
        logDir(BOOTSTRAP, "1", 10, "stderr", "boot err\n");
        Result r = wadal().env("PROFILE", "p").run("logs", "bootstrap");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("==> " + BOOTSTRAP + "/1/stderr <==\nboot err\n", r.out());
    }

    @Test
    void theAutosaveLogIsTheFileInTheLoginUsersHome() throws IOException {
        Result none = wadal().run("logs", "p", "autosave");
        assertEquals(0, none.exitCode(), none.toString());
        assertEquals("no autosave log yet (~/.wadal/autosave.log does not exist)\n", none.err());

        Files.createDirectories(master.home().resolve(".wadal"));
        Files.writeString(master.home().resolve(".wadal/autosave.log"), "2026-12-01T10:00:00Z error: push refused\n");
        Result r = wadal().run("logs", "p", "autosave");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("==> ~/.wadal/autosave.log <==\n2026-12-01T10:00:00Z error: push refused\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void theTerminationLogIsTheFileInTheLoginUsersHome() throws IOException {
        Result none = wadal().run("logs", "p", "terminate");
        assertEquals(0, none.exitCode(), none.toString());
        assertEquals("no terminate log yet (~/.wadal/terminate.log does not exist)\n", none.err());

        Files.createDirectories(master.home().resolve(".wadal"));
        Files.writeString(master.home().resolve(".wadal/terminate.log"), "2026-12-02T05:40:00Z asked EMR to terminate cluster j-1\n");
        Result r = wadal().run("logs", "p", "terminate");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("==> ~/.wadal/terminate.log <==\n2026-12-02T05:40:00Z asked EMR to terminate cluster j-1\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void anUnknownKindIsAUsageErrorBeforeConnecting() {
        Result r = wadal().run("logs", "p", "yarn");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("unknown log kind 'yarn': use bootstrap, steps, autosave or terminate"), r.toString());
        assertEquals(List.of(), master.commands());
    }

    @Test
    void theFoldersAreQuotedOnTheCommandLine() {
        Result r = new WadalRun(home).env("WADAL_MASTER_ROOT", "x'; touch pwned; '").run("logs", "p");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("no bootstrap logs yet (x'; touch pwned; '/emr/"), r.toString());
        assertTrue(Files.notExists(master.home().resolve("pwned")));
    }
}
