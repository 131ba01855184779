package io.wadal.ssh;

import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;
import io.wadal.profile.ProfileKey;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.util.net.SshdSocketAddress;

import java.io.IOException;
import java.security.KeyPair;
import java.util.List;

/**
 * The SSH session to the jump host, and the forward through it that the master's session runs
 * over: a listener on 127.0.0.1 (port chosen by the system, served to this account only, see
 * {@link LocalPeerCheck}) whose connections the jump host connects to the master (direct-tcpip),
 * as MINA's own ProxyJump does. It knows whether the jump host reached the master, so a
 * failure says whether the jump host or the master is in the way.
 */
final class JumpSession implements AutoCloseable {
    private final SshClient client;
    private final ClientSession session;
    private volatile boolean opened;

    private JumpSession(SshClient client, ClientSession session) {
        this.client = client;
        this.session = session;
        session.addChannelListener(new ChannelListener() {
            @Override
            public void channelOpenSuccess(Channel channel) {
                opened = true;
            }
        });
    }

    /** Connects and authenticates to the jump host, checking its host key against the pin (trust on first use). */
    static JumpSession open(JumpTarget jump) {
        List<KeyPair> keys = KeyFiles.load(jump.keyFile(), jump.keySetting());
        HostKeyPinning pinning = new HostKeyPinning(jump.pins().pinned(jump.host(), jump.port()).orElse(null),
                fingerprint -> jump.pins().pin(jump.host(), jump.port(), fingerprint));
        SshClient client = MinaRemoteShell.newClient(pinning);
        client.start();
        ClientSession session = null;
        try {
            session = client.connect(jump.user(), jump.host(), jump.port()).verify(MinaRemoteShell.CONNECT_TIMEOUT).getSession();
            for (KeyPair key : keys) {
                session.addPublicKeyIdentity(key);
            }
            session.auth().verify(MinaRemoteShell.AUTH_TIMEOUT);
            return new JumpSession(client, session);
        } catch (IOException | RuntimeException e) {
            MinaRemoteShell.closeQuietly(session);
            client.stop();
            if (pinning.refused()) {
                throw new SshRefusal("the jump host " + jump.host() + " offered host key " + pinning.offered()
                        + " but its pinned key is " + pinning.pinned() + "; refusing to connect (someone may be intercepting "
                        + "the connection). If the jump host was really replaced, remove its line from " + jump.pins().file(), e);
            }
            String where = "cannot connect to the jump host " + jump + " (" + ProfileKey.SSH_PROXY_JUMP + "): ";
            if (MinaRemoteShell.unreachable(jump.toString(), null, e, session) instanceof MasterUnreachable u) {
                throw WadalException.failed(where + u.why(), e);
            }
            throw new SshRefusal(where + "the key " + jump.keyNamed() + " was not accepted by the jump host", e);
        }
    }

    /** A local address whose connections reach host:port from the jump host. */
    SshdSocketAddress forwardTo(String host, int port) throws IOException {
        return session.startLocalPortForwarding(new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(host, port));
    }

    /** Why the jump host did not connect a forward: its reason, and whether it forwards nothing at all (SSH_OPEN_ADMINISTRATIVELY_PROHIBITED). */
    record Refusal(String reason, boolean prohibited) {
    }

    /**
     * Why the jump host does not connect to host:port, or null when it does. MINA keeps the
     * reason of the forward's failure to itself, so this asks again on a channel of its own.
     */
    Refusal refusal(String host, int port) {
        try (ChannelDirectTcpip probe = session.createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 0),
                new SshdSocketAddress(host, port))) {
            probe.open().verify(MinaRemoteShell.OPEN_TIMEOUT);
            return null;
        } catch (IOException | RuntimeException e) {
            return refusalOf(e);
        }
    }

    /** The jump host's own words from MINA's "DefaultOpenFuture[…]: Failed (SshChannelOpenException) to execute: …" wrapping. */
    static Refusal refusalOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SshChannelOpenException open) {
                String reason = open.getMessage() == null || open.getMessage().isBlank() ? "open failed" : open.getMessage().strip();
                return new Refusal(reason, open.getReasonCode() == SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED);
            }
        }
        String why = ExceptionText.of(e);
        return new Refusal(why.isBlank() ? "open failed" : why, false);
    }

    /** Whether the jump host has connected a forward to the master. */
    boolean forwarded() {
        return opened;
    }

    @Override
    public void close() {
        MinaRemoteShell.closeQuietly(session);
        client.stop();
    }
}
