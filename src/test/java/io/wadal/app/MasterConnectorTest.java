package io.wadal.app;

import io.wadal.emr.EmrClusterService;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.testing.FakeJumpHost;
import io.wadal.testing.FakeTime;
import io.wadal.testing.SshMaster;
import io.wadal.testing.TestKeys;
import io.wadal.time.Sleeper;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/** Connecting to a master whose sshd is not up yet: a port that refuses, then an in-process MINA server that starts listening. */
class MasterConnectorTest {
    @TempDir
    Path dir;
    private final FakeTime time = new FakeTime();
    private final List<String> progress = new ArrayList<>();
    private final EmrClusterService emr = mock(EmrClusterService.class);
    private SshServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.stop(true);
        }
    }

    private Profile profile(int port) throws IOException {
        return new Profile("p", dir.resolve("p"), Map.of("MASTER_HOST", "127.0.0.1", "SSH_PORT", String.valueOf(port),
                "SSH_USER", "hadoop", "EC2_KEY_PAIR_PATH", TestKeys.copy(TestKeys.RSA, dir).toString()));
    }

    private MasterConnector connector(ClusterStore store) {
        return connector(store, time::sleep);
    }

    private MasterConnector connector(ClusterStore store, Sleeper sleeper) {
        return new MasterConnector(() -> store, r -> emr, time, sleeper, progress::add);
    }

    private ClusterStore store() throws IOException {
        ClusterStore store = new ClusterStore(dir.resolve("clusters"));
        store.save(record());
        return store;
    }

    private static ClusterRecord record() {
        return new ClusterRecord("j-1", "p", "ap-northeast-2", "c", "2026-11-21T10:00:00Z", null, null);
    }

    private void startSshd(int port) {
        server = sshd(dir, port);
    }

    /** A MINA sshd on 127.0.0.1:port that lets user hadoop in with any key and runs commands in a local shell. */
    static SshServer sshd(Path dir, int port) {
        try {
            SshServer server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(port);
            CoreModuleProperties.TCP_NODELAY.set(server, true);
            server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("host_key")));
            server.setPublickeyAuthenticator((user, key, session) -> "hadoop".equals(user));
            server.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMasterThatRefusesAtFirstIsRetriedUntilItsSshdListensAndItIsSaidOnce() throws Exception {
        int port = SshMaster.freePort();
        ClusterStore store = store();
        List<Duration> sleeps = new ArrayList<>();
        // The injected sleeper: the master's sshd comes up during the third wait.
        MinaRemoteShell shell = connector(store, d -> {
            sleeps.add(d);
            time.sleep(d);
            if (sleeps.size() == 3) {
                startSshd(port);
            }
        }).connectWithin(profile(port), record(), time.now.plus(Duration.ofMinutes(5)));

        try (shell) {
            assertEquals("hi\n", shell.run("echo hi", null).out());
        }
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)), sleeps);
        assertEquals(List.of("The master does not accept SSH yet (connection refused); retrying for up to 5m00s more…"), progress);
        assertTrue(store.find("p").orElseThrow().hostKeyFingerprint().startsWith("SHA256:"), "pinned once reached");
        verifyNoInteractions(emr);
    }

    @Test
    void aPortThatNeverAcceptsEndsWithExit4AtTheDeadline() throws Exception {
        int port = SshMaster.freePort();
        Instant deadline = time.now.plus(Duration.ofMinutes(2));

        WadalException e = assertThrows(WadalException.class, () -> connector(store()).connectWithin(profile(port), record(),
                deadline));

        assertEquals(4, e.exitCode(), e.getMessage());
        assertEquals("cluster j-1 is ready but its master hadoop@127.0.0.1:" + port + " did not accept SSH before --timeout ran "
                + "out (connection refused); run 'wadal wait-ready p' again to keep waiting", e.getMessage());
        assertEquals(deadline, time.now, "retried up to the deadline, not beyond");
        assertTrue(time.sleeps.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(15)) <= 0), time.sleeps.toString());
        assertEquals(1, progress.size(), progress.toString());
    }

    @Test
    void aPortThatClosesBeforeTheSshGreetingIsRetriedToo() throws Exception {
        try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!closing.isClosed()) {
                    try (Socket s = closing.accept()) {
                        s.setSoLinger(true, 0);
                    } catch (IOException ignored) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            WadalException e = assertThrows(WadalException.class, () -> connector(store()).connectWithin(
                    profile(closing.getLocalPort()), record(), time.now.plus(Duration.ofSeconds(30))));

            assertEquals(4, e.exitCode(), e.getMessage());
            assertTrue(progress.get(0).startsWith("The master does not accept SSH yet (the master closed the connection before SSH started)"),
                    progress.toString());
            assertFalse(e.getMessage().contains("null"), e.getMessage());
        }
    }

    private static io.wadal.emr.ClusterInfo cluster(String state, String code, String message) {
        return new io.wadal.emr.ClusterInfo("j-1", "c", state, code, message, null, null, null, null, Map.of());
    }

    @Test
    void anUnreachableMasterIsExplainedByOneDescribeCluster() throws Exception {
        int closed = SshMaster.freePort();
        org.mockito.Mockito.when(emr.describeIfExists("j-1")).thenReturn(
                java.util.Optional.of(cluster("TERMINATED", "ALL_STEPS_COMPLETED", "Cluster was terminated after being idle")),
                java.util.Optional.of(cluster("STARTING", null, null)),
                java.util.Optional.empty());
        Profile p = profile(closed);

        WadalException terminated = assertThrows(WadalException.class, () -> connector(store()).connect(p, record()));
        assertEquals("cluster j-1 is TERMINATED (ALL_STEPS_COMPLETED: Cluster was terminated after being idle) — run 'wadal create p'"
                + " for a new one", terminated.getMessage());
        org.mockito.Mockito.verify(emr, org.mockito.Mockito.times(1)).describeIfExists("j-1");

        WadalException starting = assertThrows(WadalException.class, () -> connector(store()).connect(p, record()));
        assertEquals("cannot connect to the master hadoop@127.0.0.1:" + closed + ": connection refused; cluster j-1 is STARTING, "
                + "not ready yet — run 'wadal wait-ready p'", starting.getMessage());

        WadalException gone = assertThrows(WadalException.class, () -> connector(store()).connect(p, record()));
        assertTrue(gone.getMessage().contains("EMR does not know cluster j-1") && gone.getMessage().contains("run 'wadal create p'"),
                gone.getMessage());
        org.mockito.Mockito.verify(emr, org.mockito.Mockito.times(3)).describeIfExists("j-1");
    }

    @Test
    void aMasterTheJumpHostCannotReachPointsAtTheJumpHostsWayInNotThisMachines() throws Exception {
        int closed = SshMaster.freePort();
        Path key = TestKeys.copy(TestKeys.RSA, dir);
        org.mockito.Mockito.when(emr.describeIfExists("j-1")).thenReturn(java.util.Optional.of(cluster("WAITING", null, null)));
        try (FakeJumpHost jump = FakeJumpHost.accepting(io.wadal.ssh.KeyFiles.load(key).get(0).getPublic())) {
            Profile p = new Profile("p", dir.resolve("p"), Map.of("MASTER_HOST", "127.0.0.1", "SSH_PORT", String.valueOf(closed),
                    "SSH_USER", "hadoop", "EC2_KEY_PAIR_PATH", key.toString(), "SSH_PROXY_JUMP", "jumper@127.0.0.1:" + jump.port()));

            WadalException e = assertThrows(WadalException.class, () -> connector(store()).connect(p, record()));

            assertEquals(1, e.exitCode());
            assertTrue(e.getMessage().startsWith("cannot connect to the master hadoop@127.0.0.1:" + closed + " through the jump host "
                    + "jumper@127.0.0.1:" + jump.port() + ": the jump host could not connect to it ("), e.getMessage());
            assertTrue(e.getMessage().endsWith(", though cluster j-1 is WAITING; 'wadal wait-ready p' waits until its SSH answers, "
                    + "and a security group of the master (e.g. one in ADDITIONAL_MASTER_SECURITY_GROUPS) must let the jump host in on "
                    + "port " + closed), e.getMessage());
        }
    }

    @Test
    void whenEmrCannotSayEitherTheNetworkReasonAndTheHintRemain() throws Exception {
        int closed = SshMaster.freePort();
        org.mockito.Mockito.when(emr.describeIfExists("j-1")).thenThrow(WadalException.failed("EMR DescribeCluster failed: "
                + "Unable to execute HTTP request: Connection refused"));

        WadalException e = assertThrows(WadalException.class, () -> connector(store()).connect(profile(closed), record()));

        assertEquals(1, e.exitCode());
        assertEquals("cannot connect to the master hadoop@127.0.0.1:" + closed + ": connection refused; if the cluster is still "
                + "starting, run 'wadal wait-ready p' first (its state is unknown: EMR DescribeCluster failed: Unable to execute "
                + "HTTP request: Connection refused)", e.getMessage());
    }

    @Test
    void aCallerThatKnowsTheClusterIsAliveMakesNoDescribeCluster() throws Exception {
        int closed = SshMaster.freePort();
        WadalException e = assertThrows(WadalException.class, () -> connector(store()).connect(profile(closed), record(),
                "'wadal terminate --force p' terminates without this check"));
        assertTrue(e.getMessage().endsWith(": connection refused; 'wadal terminate --force p' terminates without this check"),
                e.getMessage());
        verifyNoInteractions(emr);
    }
}
