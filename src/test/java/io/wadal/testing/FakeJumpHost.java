package io.wadal.testing;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An in-process MINA bastion on 127.0.0.1: public-key logins of any user with its key (or
 * another key it is told to accept), forwards (direct-tcpip) to wherever asked, and nothing
 * else. It records who logged in and where each forward went.
 */
public final class FakeJumpHost implements AutoCloseable {
    private static final AttributeRepository.AttributeKey<String> LOGGED_IN = new AttributeRepository.AttributeKey<>();
    private final SshServer server;
    private final List<String> users = Collections.synchronizedList(new ArrayList<>());
    private final List<String> forwards = Collections.synchronizedList(new ArrayList<>());
    private final List<PublicKey> accepted = Collections.synchronizedList(new ArrayList<>());
    private volatile KeyPair hostKey;
    private volatile boolean forwarding = true;

    private FakeJumpHost() throws IOException {
        hostKey = ec();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(session -> List.of(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> {
            boolean ok = accepted.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
            // asked twice per login (the key offered, then its signature): once per session is kept
            if (ok && session.getAttribute(LOGGED_IN) == null) {
                session.setAttribute(LOGGED_IN, user);
                users.add(user);
            }
            return ok;
        });
        server.setForwardingFilter(new AcceptAllForwardingFilter() {
            @Override
            public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
                forwards.add(address.getHostName() + ":" + address.getPort());
                return forwarding && super.canConnect(type, address, session);
            }
        });
        server.start();
    }

    /** A bastion that accepts this key pair's public half. */
    public static FakeJumpHost accepting(PublicKey key) throws IOException {
        FakeJumpHost jump = new FakeJumpHost();
        jump.accepted.add(key);
        return jump;
    }

    public int port() {
        return server.getPort();
    }

    /** Who logged in, in order. */
    public List<String> users() {
        synchronized (users) {
            return List.copyOf(users);
        }
    }

    /** host:port of each forward asked for, in order. */
    public List<String> forwards() {
        synchronized (forwards) {
            return List.copyOf(forwards);
        }
    }

    /** The SHA256 fingerprint of the host key it offers now. */
    public String fingerprint() {
        return KeyUtils.getFingerPrint(hostKey.getPublic());
    }

    /** Refuses every forward from now on, as sshd with {@code AllowTcpForwarding no} does. */
    public void refuseForwarding() {
        forwarding = false;
    }

    /** A new host key: the same address now answers as another machine. */
    public void replaceHostKey() throws IOException {
        hostKey = ec();
    }

    /** A private key (OpenSSH format, mode 0600) of its own that the bastion accepts, written to the file. */
    public Path newClientKey(Path file) throws IOException {
        KeyPair pair = ec();
        try (var out = Files.newOutputStream(file)) {
            org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
                    .writePrivateKey(pair, "wadal-jump-test", null, out);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        accepted.add(pair.getPublic());
        return file;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    private static KeyPair ec() throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
