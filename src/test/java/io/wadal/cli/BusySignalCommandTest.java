package io.wadal.cli;

import io.wadal.ssh.BusySignal;
import io.wadal.ssh.MasterRoot;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.FakeTools;
import io.wadal.testing.Records;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * wadal's own sessions count as activity for EMR: while `ssh`, `tunnel` or a run-* job holds the
 * connection, the master's isbusy file gets touched (every second here, through the test knob).
 */
@ExtendWith(FakeMaster.class)
@Slow
class BusySignalCommandTest {
    @TempDir
    Path home;
    private SshMaster master;
    private Path isbusy;

    @BeforeEach
    void setUp(SshMaster master) throws IOException {
        this.master = master;
        Records.profileWithCluster(home, "p", "", master);
        Path root = master.home().resolve("sys");
        isbusy = Files.createDirectories(root.resolve("emr/metricscollector")).resolve("isbusy");
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(MasterRoot.ENV, master.home().resolve("sys").toString())
                .env(BusySignal.PERIOD_ENV, "1");
    }

    @Test
    void aCommandOverSshSeesTheFileTouchedWhileItRuns() throws Exception {
        // waits (up to 20 s) for the touch on the master itself: no fixed sleep
        Result r = wadal().run("ssh", "p", "--", "i=0; while [ ! -e '" + isbusy + "' ]; do i=$((i+1)); "
                + "[ $i -lt 200 ] || exit 7; sleep 0.1; done; echo touched");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("touched\n", r.out());
    }

    @Test
    void theSocksTunnelTouchesTheFileWhileItIsOpen() throws Exception {
        Background b = wadal().start("tunnel", "p", "--port", String.valueOf(SshMaster.freePort()));
        b.awaitOut("^socks5://localhost:(\\d+)$");
        awaitTouched();
        Result r = b.interrupt().result();
        assertEquals(130, r.exitCode(), r.toString());
    }

    @Test
    void aRunPysparkJobTouchesTheFileWhileItRuns() throws Exception {
        FakeTools.hold(master.home(), "spark-submit");
        Background b = wadal().start("run-pyspark", "p", "job.py");
        try {
            awaitTouched();
        } finally {
            FakeTools.release(master.home(), "spark-submit");
        }
        Result r = b.result();
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void aDetachedJobTouchesTheFileItselfWhileItRunsWithNoLaptopAttached() throws Exception {
        FakeTools.hold(master.home(), "spark-submit");
        try {
            Result r = wadal().run("run-pyspark", "p", "job.py", "--detach");
            assertEquals(0, r.exitCode(), r.toString());
            Files.deleteIfExists(isbusy); // wadal has gone: a touch from now on is the job's own
            awaitTouched();
        } finally {
            FakeTools.release(master.home(), "spark-submit");
        }
        Path status = master.home().resolve(".wadal/jobs/py-20261121-1000-job/status");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(status) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("0\n", Files.readString(status));
    }

    private void awaitTouched() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(isbusy)) {
            if (System.nanoTime() > deadline) {
                fail("the master's isbusy was not touched within 20 s; the master ran " + master.commands());
            }
            Thread.sleep(50);
        }
        assertTrue(master.commands().stream().anyMatch(c -> c.contains("isbusy")), master.commands().toString());
    }
}
