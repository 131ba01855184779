package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import io.wadal.testing.WadalRun.Background;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An attached run whose SSH connection the fake master ends, twice: the output resumes at the byte it stopped. */
@ExtendWith(FakeMaster.class)
@Slow
class JobFollowTest {
    private static final int LINES = 60;

    @TempDir
    Path home;
    private FakeMaster master;

    @BeforeEach
    void setUp(FakeMaster master) throws IOException {
        this.master = master;
        Records.profileWithCluster(home, "p", "", master);
        Path script = master.bin().resolve("spark-submit");
        Files.writeString(script, "#!/bin/sh\ni=1\nwhile [ $i -le " + LINES + " ]; do echo \"line $i\"; i=$((i + 1)); sleep 0.01; done\n"
                + "echo boom >&2\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void eachDropIsReconnectedAndNoByteIsLostOrRepeated() throws Exception {
        WadalRun wadal = new WadalRun(home);
        Background run = wadal.start("run-pyspark", "p", "job.py");
        run.awaitOut("^line 5$");
        master.dropConnections();
        run.awaitOut("^line 30$");
        master.dropConnections();

        Result r = run.result();
        assertEquals(IntStream.rangeClosed(1, LINES).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining()) + "boom\n",
                r.out(), r.toString());
        assertEquals(3, r.exitCode(), r.toString());
        assertEquals(1, r.err().split("Reconnecting", -1).length - 1, "said once: " + r);
        assertEquals(Duration.ofSeconds(2), wadal.sleeps().get(0), "the backoff starts at 2 s: " + wadal.sleeps());
    }

    @Test
    void aReconnectThatMeetsAnotherHostKeyStopsAtOnceAndIsNotTriedAgain() throws Exception {
        WadalRun wadal = new WadalRun(home);
        Background run = wadal.start("run-pyspark", "p", "job.py");
        run.awaitOut("^line 5$");
        master.replaceHostKey();
        master.dropConnections();

        Result r = run.result();
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("offered host key") && r.err().contains("refusing to connect"), r.toString());
        assertEquals(java.util.List.of(Duration.ofSeconds(2)), wadal.sleeps(), "the one try that met the key, and no more: " + r);
        assertTrue(!r.err().contains("could not reconnect"), r.toString());
    }

    @Test
    void aMasterThatStaysAwayEndsTheRunWith255AfterFiveTriesAndTheWayToResume() throws Exception {
        WadalRun wadal = new WadalRun(home);
        Background run = wadal.start("run-pyspark", "p", "job.py");
        run.awaitOut("^line 5$");
        master.stopListening(); // which ends the open connections too

        Result r = run.result();
        assertEquals(255, r.exitCode(), r.toString());
        assertEquals(java.util.List.of(2L, 5L, 10L, 30L, 60L), wadal.sleeps().stream().map(Duration::toSeconds).toList(),
                "five tries over about two minutes: " + r);
        assertTrue(r.err().contains("could not reconnect to the master") && r.err().contains("The job goes on there: "
                + "'wadal attach p py-20261121-1000-job' shows the rest of its output"), r.toString());
    }
}
