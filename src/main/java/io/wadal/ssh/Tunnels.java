package io.wadal.ssh;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.PortForwardingTracker;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Port forwarding over the command's one SSH session, listening on the loopback only:
 * a local forward ({@code ssh -L}) and a SOCKS proxy ({@code ssh -D}).
 */
public final class Tunnels {
    private static final String LOOPBACK = "127.0.0.1";

    private Tunnels() {
    }

    /** A listener on localhost whose connections go through the master; closing it stops listening. */
    public record Listener(int port, PortForwardingTracker tracker) implements AutoCloseable {
        @Override
        public void close() {
            try {
                tracker.close();
            } catch (IOException e) {
                // the session is going away anyway
            }
        }
    }

    /** localhost:localPort → remoteHost:remotePort as the master sees it. */
    public static Listener local(ClientSession session, int localPort, String remoteHost, int remotePort) throws IOException {
        PortForwardingTracker t = session.createLocalPortForwardingTracker(
                new SshdSocketAddress(LOOPBACK, localPort), new SshdSocketAddress(remoteHost, remotePort));
        return new Listener(t.getBoundAddress().getPort(), t);
    }

    /** A SOCKS (4 and 5) proxy on localhost:localPort whose connections leave from the master. */
    public static Listener socks(ClientSession session, int localPort) throws IOException {
        PortForwardingTracker t = session.createDynamicPortForwardingTracker(new SshdSocketAddress(LOOPBACK, localPort));
        return new Listener(t.getBoundAddress().getPort(), t);
    }

    /**
     * Waits until the session closes (the master went away: heartbeats unanswered or the connection
     * dropped). A held tunnel may carry no traffic for hours, so the session's idle timeout is
     * turned off first.
     *
     * @throws InterruptedException when the thread is interrupted (Ctrl-C)
     */
    public static void awaitClosed(ClientSession session) throws InterruptedException {
        CoreModuleProperties.IDLE_TIMEOUT.set(session, Duration.ZERO);
        CountDownLatch closed = new CountDownLatch(1);
        session.addCloseFutureListener(f -> closed.countDown());
        if (!session.isOpen()) {
            return;
        }
        closed.await();
    }
}
