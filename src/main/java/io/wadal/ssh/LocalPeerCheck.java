package io.wadal.ssh;

import org.apache.sshd.common.Factory;
import org.apache.sshd.common.forward.DefaultForwarder;
import org.apache.sshd.common.forward.DefaultForwarderFactory;
import org.apache.sshd.common.forward.Forwarder;
import org.apache.sshd.common.forward.ForwarderFactory;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets only this account's programs use wadal's local listeners (the SOCKS proxy of tunnel, the
 * Jupyter forward): each connection accepted on them is checked before MINA forwards it, and one
 * whose other end belongs to another uid is closed. Linux only: elsewhere, with no /proc/net/tcp
 * to tell the owner, every local connection is served (as {@code ssh -D} does).
 */
final class LocalPeerCheck {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPeerCheck.class);

    private final Path procNet;
    private final int ownUid;
    private final AtomicBoolean warned = new AtomicBoolean();

    LocalPeerCheck(Path procNet, int ownUid) {
        this.procNet = procNet;
        this.ownUid = ownUid;
    }

    /** MINA's forwarders, their listeners checked where the kernel lists socket owners. */
    static ForwarderFactory forwarders() {
        LocalPeerCheck check = system();
        return check == null ? DefaultForwarderFactory.INSTANCE : check.new CheckedForwarders();
    }

    private static LocalPeerCheck system() {
        Path procNet = Path.of("/proc/net");
        if (!Files.isReadable(procNet.resolve("tcp"))) {
            return null;
        }
        try {
            // "Uid:	real	effective	saved	fs": sockets belong to the effective one
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return new LocalPeerCheck(procNet, Integer.parseInt(line.substring(4).trim().split("\\s+")[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read our own uid; local connections are not checked", e);
        }
        return null;
    }

    /** Whether the program at {@code remote}, connected to our {@code local}, runs as this account; warns once when not. */
    boolean allowed(SocketAddress local, SocketAddress remote) {
        if (!(local instanceof InetSocketAddress ours) || !(remote instanceof InetSocketAddress peer)) {
            return true;
        }
        OptionalInt uid;
        try {
            List<String> lines = new ArrayList<>();
            for (String table : List.of("tcp", "tcp6")) {
                Path f = procNet.resolve(table);
                if (Files.isReadable(f)) {
                    lines.addAll(Files.readAllLines(f));
                }
            }
            // the peer's socket: its own end is our remote, its other end our local
            uid = SocketOwners.uid(lines, peer, ours);
        } catch (IOException e) {
            uid = OptionalInt.empty();
        }
        if (uid.isPresent() && uid.getAsInt() == ownUid) {
            return true;
        }
        if (warned.compareAndSet(false, true)) {
            String who = uid.isPresent() ? "another account (uid " + uid.getAsInt() + ")" : "a program whose account cannot be told";
            LOG.warn("refused a connection to localhost:{} from {} of this machine: only your own programs may use wadal's tunnels",
                    ours.getPort(), who);
        }
        return false;
    }

    private final class CheckedForwarders extends DefaultForwarderFactory {
        @Override
        public Forwarder create(ConnectionService service) {
            Forwarder forwarder = new DefaultForwarder(service) {
                @Override
                protected IoAcceptor createIoAcceptor(Factory<? extends IoHandler> handlers) {
                    IoHandler handler = handlers.create();
                    return super.createIoAcceptor(() -> new CheckedHandler(handler));
                }
            };
            forwarder.addPortForwardingEventListenerManager(this);
            return forwarder;
        }
    }

    /** The forwarder's handler, told nothing of a refused connection: it is closed before any byte is forwarded. */
    private final class CheckedHandler implements IoHandler {
        private final IoHandler delegate;
        private final Set<IoSession> refused = ConcurrentHashMap.newKeySet();

        CheckedHandler(IoHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public void sessionCreated(IoSession session) throws Exception {
            if (allowed(session.getLocalAddress(), session.getRemoteAddress())) {
                delegate.sessionCreated(session);
            } else {
                refused.add(session);
                session.close(true);
            }
        }

        @Override
        public void sessionClosed(IoSession session) throws Exception {
            if (!refused.remove(session)) {
                delegate.sessionClosed(session);
            }
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) throws Exception {
            if (!refused.contains(session)) {
                delegate.exceptionCaught(session, cause);
            }
        }

        @Override
        public void messageReceived(IoSession session, Readable message) throws Exception {
            if (!refused.contains(session)) {
                delegate.messageReceived(session, message);
            }
        }
    }
}
