package io.wadal.app;

import io.wadal.emr.EmrClusterService;
import io.wadal.profile.Profile;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.testing.FakeTime;
import io.wadal.testing.Slow;
import io.wadal.testing.TestKeys;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A master behind a security group that drops this machine's packets (a listening port whose
 * queue is full: connecting times out) until SSH_FROM's refresh lets the new address in; then
 * the one retry reaches its sshd. Takes MINA's 15 s connect timeout.
 */
@Slow
class MasterConnectorAccessTest {
    @TempDir
    Path dir;
    private final List<Socket> fillers = new ArrayList<>();
    private ServerSocket dropping;
    private SshServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        if (dropping != null) {
            dropping.close();
        }
        if (server != null) {
            server.stop(true);
        }
    }

    /** A loopback port that accepts nothing more: new connections time out, as through a group that drops them. */
    private int droppingPort() throws IOException {
        dropping = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 20; i++) {
            Socket s = new Socket();
            fillers.add(s);
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), dropping.getLocalPort()), 300);
            } catch (SocketTimeoutException full) {
                return dropping.getLocalPort();
            }
        }
        throw new IllegalStateException("the listen queue never filled up");
    }

    /** The security group lets us in now: the port gets a real sshd. */
    private void openTo(int port) {
        try {
            for (Socket s : fillers) {
                s.close();
            }
            dropping.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server = MasterConnectorTest.sshd(dir, port);
    }

    @Test
    void aTimeoutWithMyIpLetsTheNewAddressInAndConnectsOnceMore() throws Exception {
        int port = droppingPort();
        Profile p = new Profile("p", dir.resolve("p"), Map.of("MASTER_HOST", "127.0.0.1", "SSH_PORT", String.valueOf(port),
                "EC2_KEY_PAIR_PATH", TestKeys.copy(TestKeys.RSA, dir).toString()));
        ClusterRecord record = new ClusterRecord("j-1", "p", "ap-northeast-2", "c", "2026-11-21T10:00:00Z", null, null);
        ClusterStore store = new ClusterStore(dir.resolve("clusters"));
        store.save(record);
        SshAccess access = mock(SshAccess.class);
        when(access.allowCurrentAddress(any(), eq("ap-northeast-2"))).thenAnswer(call -> {
            openTo(port);
            return true;
        });
        FakeTime time = new FakeTime();
        MasterConnector connector = new MasterConnector(() -> store, r -> mock(EmrClusterService.class), time, time::sleep,
                line -> { }, new SshAccessRefresh(() -> access, ClusterRecord::region));

        try (MinaRemoteShell shell = connector.connect(p, record, null)) {
            assertEquals("hi\n", shell.run("echo hi", null).out());
        }
        verify(access, times(1)).allowCurrentAddress(any(), eq("ap-northeast-2"));
        assertTrue(store.find("p").orElseThrow().hostKeyFingerprint().startsWith("SHA256:"));
    }
}
