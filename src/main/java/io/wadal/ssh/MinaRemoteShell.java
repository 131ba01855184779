package io.wadal.ssh;

import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;
import io.wadal.profile.ProfileKey;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.io.input.NoCloseInputStream;
import org.apache.sshd.common.util.io.output.NoCloseOutputStream;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** {@link RemoteShell} over Apache MINA SSHD: one client, one session, channels multiplexed on it. */
public final class MinaRemoteShell implements RemoteShell {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(20);
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);
    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final SshClient client;
    private final ClientSession session;
    private final JumpSession jump;
    private SftpClient sftp;

    private MinaRemoteShell(SshClient client, ClientSession session, JumpSession jump) {
        this.client = client;
        this.session = session;
        this.jump = jump;
    }

    /**
     * Connects and authenticates with the key file, checking the host key against the pin; with
     * a jump host in the target, through it (its own key and pin).
     *
     * @param pin stores the host key fingerprint seen on first contact
     */
    public static MinaRemoteShell connect(SshTarget target, Consumer<String> pin) {
        List<KeyPair> keys = KeyFiles.load(target.keyFile());
        JumpSession jump = target.jump() == null ? null : JumpSession.open(target.jump());
        HostKeyPinning pinning = new HostKeyPinning(target.pinnedFingerprint(), pin);
        SshClient client = newClient(pinning);
        client.start();
        ClientSession session = null;
        String where = target.user() + "@" + target.host() + ":" + target.port()
                + (jump == null ? "" : " through the jump host " + target.jump());
        try {
            String host = target.host();
            int port = target.port();
            if (jump != null) {
                SshdSocketAddress forward = jump.forwardTo(host, port);
                host = forward.getHostName();
                port = forward.getPort();
            }
            session = client.connect(target.user(), host, port).verify(CONNECT_TIMEOUT).getSession();
            for (KeyPair key : keys) {
                session.addPublicKeyIdentity(key);
            }
            session.auth().verify(AUTH_TIMEOUT);
            return new MinaRemoteShell(client, session, jump);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            client.stop();
            if (pinning.refused()) {
                closeQuietly(jump);
                throw new SshRefusal("the master " + target.host() + " offered host key " + pinning.offered()
                        + " but this cluster's key is " + pinning.pinned() + "; refusing to connect (someone may be "
                        + "intercepting the connection). If the cluster was really replaced, run 'wadal terminate' "
                        + "or remove the record in clusters/", e);
            }
            WadalException failure = unreachable(where, target.hint(), e, session);
            if (jump != null && failure instanceof MasterUnreachable u && !jump.forwarded()) {
                boolean timedOut = u.why().equals("timed out") || u.why().startsWith("no SSH greeting");
                JumpSession.Refusal refused = timedOut ? null : jump.refusal(target.host(), target.port());
                closeQuietly(jump);
                if (refused != null && refused.prohibited()) {
                    // a bastion that forwards nothing: no later try helps
                    throw new MasterUnreachable(where, "the jump host refused to forward the connection (" + refused.reason()
                            + "): its sshd must allow TCP forwarding (AllowTcpForwarding yes in its sshd_config)", false,
                            target.hint(), e);
                }
                if (refused != null) {
                    // the master's sshd may still be starting: as refused without a jump host, worth another try
                    throw new MasterUnreachable(where, "the jump host could not connect to it (" + refused.reason() + ")", true,
                            target.hint(), e);
                }
                if (timedOut) {
                    throw new MasterUnreachable(where, u.why() + " (the jump host did not reach it: does the master's "
                            + "security group allow SSH from the jump host?)", true, target.hint(), e);
                }
            }
            closeQuietly(jump);
            throw failure;
        }
    }

    static SshClient newClient(ServerKeyVerifier verifier) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        // every local forward and SOCKS proxy of this client serves only this account
        client.setForwarderFactory(LocalPeerCheck.forwarders());
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        CoreModuleProperties.WINDOW_SIZE.set(client, 16L * 1024 * 1024);
        // Keepalives that want a reply: a held tunnel notices a master gone silent within about two minutes.
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, HEARTBEAT);
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 4);
        // AES-GCM first: measured at ~3x the throughput of the default order for downloads.
        List<NamedFactory<Cipher>> ciphers = new ArrayList<>(List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm));
        client.getCipherFactories().stream()
                .filter(f -> !ciphers.contains(f))
                .forEach(f -> ciphers.add((NamedFactory<Cipher>) f));
        client.setCipherFactories(new ArrayList<>(ciphers));
        return client;
    }

    static WadalException unreachable(String where, String hint, Exception e, ClientSession session) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean timedOut = root instanceof SocketTimeoutException || root instanceof TimeoutException
                || String.valueOf(e.getMessage()).toLowerCase().contains("timeout");
        if (root instanceof ConnectException) {
            return new MasterUnreachable(where, "connection refused", true, hint, e);
        }
        if (root instanceof NoRouteToHostException) {
            return new MasterUnreachable(where, "no route to host", true, hint, e);
        }
        if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
            return new MasterUnreachable(where, "unknown host", false, hint, e);
        }
        boolean beforeGreeting = session == null || session.getServerVersion() == null;
        String why = ExceptionText.of(root);
        boolean closed = why.equals(ExceptionText.CLOSED) || root instanceof EOFException
                || why.toLowerCase().contains("connection reset");
        if (beforeGreeting && (closed || session != null && !timedOut)) {
            // TCP connected, then closed before the SSH greeting: an sshd still starting, or a port forwarded to none.
            return new MasterUnreachable(where, "the master closed the connection before SSH started", true, hint, e);
        }
        if (beforeGreeting && session != null) {
            return new MasterUnreachable(where, "no SSH greeting from the master within " + AUTH_TIMEOUT.toSeconds() + "s",
                    true, hint, e);
        }
        if (timedOut) {
            return new MasterUnreachable(where, "timed out", true, hint, e);
        }
        if (String.valueOf(e.getMessage()).toLowerCase().contains("auth")) {
            return new SshRefusal("cannot connect to the master " + where
                    + ": the key was not accepted (is " + ProfileKey.EC2_KEY_PAIR_PATH + " the key of " + ProfileKey.EC2_KEY_PAIR_NAME + "?)", e);
        }
        return new MasterUnreachable(where, why, false, hint, e);
    }

    @Override
    public int exec(String command, InputStream stdin, OutputStream out, OutputStream err) {
        try (ChannelExec channel = session.createExecChannel(command)) {
            // The caller's streams outlive the channel: MINA must not close them.
            channel.setIn(stdin == null ? new ByteArrayInputStream(new byte[0]) : new NoCloseInputStream(stdin));
            channel.setOut(new NoCloseOutputStream(out));
            channel.setErr(new NoCloseOutputStream(err));
            channel.open().verify(OPEN_TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
            Integer status = channel.getExitStatus();
            out.flush();
            err.flush();
            return status == null ? 255 : status;
        } catch (IOException e) {
            throw WadalException.failed("running a command on the master failed: " + ExceptionText.of(e), e);
        }
    }

    @Override
    public ExecResult run(String command, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = exec(command, stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                out, err);
        return new ExecResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized SftpClient sftp() {
        if (sftp == null) {
            try {
                sftp = SftpClientFactory.instance().createSftpClient(session);
            } catch (IOException e) {
                throw WadalException.failed("opening SFTP on the master failed: " + ExceptionText.of(e), e);
            }
        }
        return sftp;
    }

    /** The underlying session, for channels this interface does not cover (shell, forwarding). */
    public ClientSession session() {
        return session;
    }

    @Override
    public void close() {
        closeQuietly(sftp);
        closeQuietly(session);
        client.stop();
        closeQuietly(jump);
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing: nothing useful to do with a failure
            }
        }
    }
}
