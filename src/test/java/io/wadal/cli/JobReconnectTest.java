package io.wadal.cli;

import io.wadal.testing.FakeTools;
import io.wadal.testing.OpenSshServer;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import io.wadal.testing.WadalRun.Background;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real sshd ends wadal's SSH connection in the middle of a run (as a laptop that sleeps or
 * changes networks): the job goes on on the master, wadal reconnects and resumes the output at
 * the byte it had, so every byte arrives once, and exits with the job's status.
 */
@ExtendWith(OpenSshServer.class)
@Slow
class JobReconnectTest {
    private static final int LINES = 80;

    @TempDir
    Path home;
    private OpenSshServer sshd;
    private AutoCloseable fakeSparkSubmit;

    @BeforeEach
    void setUp(OpenSshServer sshd) throws IOException {
        this.sshd = sshd;
        Records.profileWithCluster(home, "p", "", sshd);
        fakeSparkSubmit = FakeTools.hide(sshd.bin(), "spark-submit");
        Path script = sshd.bin().resolve("spark-submit");
        Files.writeString(script, "#!/bin/bash\nfor i in $(seq 1 " + LINES + "); do echo \"line $i of the job\"; sleep 0.04; done\n"
                + "echo 'done, on stderr' >&2\nexit \"${JOB_EXIT:-0}\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void restore() throws Exception {
        fakeSparkSubmit.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void theJobOutlivesADroppedConnectionAndEveryByteArrivesOnceThenItsStatus(int status) throws Exception {
        WadalRun wadal = new WadalRun(home);
        Background run = wadal.start("run-pyspark", "p", "job.py", "-e", "JOB_EXIT=" + status);
        run.awaitOut("^line 10 of the job$");

        sshd.dropConnections();

        Result r = run.result();
        String expected = IntStream.rangeClosed(1, LINES).mapToObj(i -> "line " + i + " of the job\n").collect(Collectors.joining())
                + "done, on stderr\n";
        assertEquals(expected, r.out(), r.toString());
        assertEquals(status, r.exitCode(), r.toString());
        assertTrue(r.err().contains("the connection to the master dropped; the job goes on there. Reconnecting"), r.toString());
        assertTrue(wadal.sleeps().size() >= 1, "waited (injected) before reconnecting: " + wadal.sleeps());
    }
}
