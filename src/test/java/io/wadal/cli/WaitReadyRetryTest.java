package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.FakeTime;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.ThrottlingProxy.Fault;
import io.wadal.testing.ThrottlingProxy;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wait-ready keeps going where it should: EMR throttling or failing (moto behind a fault-injecting
 * proxy) and a master whose SSH does not answer yet, with time that passes only as wadal sleeps.
 */
@ExtendWith({MotoServer.class, FakeMaster.class})
@Slow
class WaitReadyRetryTest {
    private static final String DESCRIBE = "ElasticMapReduce.DescribeCluster";

    @TempDir
    Path home;
    private MotoServer moto;
    private SshMaster master;
    private ThrottlingProxy proxy;
    private final FakeTime time = new FakeTime();

    @BeforeEach
    void setUp(MotoServer moto, SshMaster master) throws IOException {
        this.moto = moto;
        this.master = master;
        proxy = ThrottlingProxy.to(moto.endpoint());
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), "AWS_REGION=" + MotoServer.REGION + "\nAWS_EMR_LABEL=emr-7.5.0\n"
                + "INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\n" + master.profileLines()
                + "JUPYTER_PORT=" + SshMaster.freePort() + "\n");
        Result created = wadal().run("create", "p");
        assertEquals(0, created.exitCode(), created.toString());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env()).env("AWS_ENDPOINT_URL", proxy.endpoint()).time(time);
    }

    private static long lines(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).count();
    }

    @Test
    void persistentThrottlingIsRetriedUntilTheTimeoutThenExit4() {
        Instant start = time.now;
        proxy.failUntil(DESCRIBE, Fault.THROTTLING, time, start.plus(Duration.ofMinutes(10)));

        Result r = wadal().run("wait-ready", "p", "--timeout", "2m");

        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().contains("wadal: timed out after 2m00s waiting for cluster j-") && r.err().contains(
                "EMR kept failing: EMR DescribeCluster failed: ThrottlingException: Rate exceeded"), r.toString());
        assertEquals(1, lines(r.err(), "retrying"), "said once: " + r);
        assertTrue(proxy.faulted() > 3, "more calls than the three failures that used to end the wait: " + proxy.faulted());
        assertEquals(start.plus(Duration.ofMinutes(2)), time.now, "until the timeout, not beyond");
        assertEquals(0, master.sessions(), "no SSH to a cluster not seen ready");
    }

    @Test
    void throttlingAnd503ThatPassEndInAReadyWorkspace() {
        proxy.fail(DESCRIBE, Fault.UNAVAILABLE, 4);
        Result first = wadal().run("wait-ready", "p");
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(4, proxy.faulted());
        assertEquals(1, lines(first.err(), "retrying"), first.toString());
        assertTrue(first.err().contains("Workspace ready."), first.toString());

        proxy.fail(DESCRIBE, Fault.TOO_MANY_REQUESTS, 3);
        Result second = wadal().run("wait-ready", "p");
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals(7, proxy.faulted());
    }

    @Test
    void accessDeniedEndsTheWaitAtOnceWithExit1() {
        proxy.fail(DESCRIBE, Fault.ACCESS_DENIED, 100);

        Result r = wadal().run("wait-ready", "p");

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("EMR DescribeCluster failed: AccessDeniedException"), r.toString());
        assertEquals(1, proxy.faulted(), "not retried");
        assertEquals(0, lines(r.err(), "retrying"), r.toString());
    }

    @Test
    void aMasterWhoseSshNeverAnswersIsRetriedUntilTheTimeoutThenExit4() {
        int closed = SshMaster.freePort();
        Instant start = time.now;

        Result r = wadal().run("wait-ready", "p", "--timeout", "3m", "--set", "SSH_PORT=" + closed);

        assertEquals(4, r.exitCode(), r.toString());
        assertEquals(1, lines(r.err(), "The master does not accept SSH yet (connection refused); retrying for up to 3m00s more"),
                r.toString());
        assertTrue(r.err().contains("is ready but its master hadoop@127.0.0.1:" + closed + " did not accept SSH before --timeout"),
                r.toString());
        assertEquals(start.plus(Duration.ofMinutes(3)), time.now);
        assertEquals(1, proxy.calls(DESCRIBE), "the cluster was seen ready once; no DescribeCluster per SSH attempt");
        assertFalse(r.err().contains("null"), r.toString());
    }

    @Test
    void aMasterThatRefusesSshAtFirstIsWaitedForAndTheWorkspaceSetUp() throws Exception {
        int late = SshMaster.freePort();
        // The master's sshd comes up during wadal's second wait: from then on the port leads to the fake master.
        try (LatePort port = new LatePort(late, master.port())) {
            WadalRun run = wadal();
            Result r = run.onSleep(() -> {
                if (run.sleeps().size() == 2) {
                    port.open();
                }
            }).run("wait-ready", "p", "--set", "SSH_PORT=" + late);

            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(1, lines(r.err(), "The master does not accept SSH yet (connection refused)"), r.toString());
            assertTrue(r.err().contains("Workspace ready."), r.toString());
            assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)), run.sleeps().subList(0, 2));
        }
    }

    /** A port where nothing listens until {@link #open}, then forwards each connection to the target port. */
    private static final class LatePort implements AutoCloseable {
        private final int port;
        private final int target;
        private ServerSocket server;

        LatePort(int port, int target) {
            this.port = port;
            this.target = target;
        }

        void open() {
            try {
                server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            daemon(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                        daemon(() -> pipe(in, out));
                        daemon(() -> pipe(out, in));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private static void pipe(Socket from, Socket to) {
            try (from; to) {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException ignored) {
                // one side closed
            }
        }

        private static void daemon(Runnable r) {
            Thread t = new Thread(r, "late-port");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            if (server != null) {
                server.close();
            }
        }
    }
}
