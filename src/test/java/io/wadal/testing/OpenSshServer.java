package io.wadal.testing;

import io.wadal.testing.SshdProcess.ClientKey;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real OpenSSH sshd as the master: one {@link SshdProcess} per test
 * JVM, started on first use and stopped, with its login user removed, when the tests end; before
 * each test its home is emptied down to {@code works/}. Tests take it as {@code OpenSshServer} or
 * {@link SshMaster}; in a class that also has {@link FakeMaster}, SshMaster parameters get this.
 * Where sshd cannot run (not installed, not root) the tests are skipped — or fail, when CI=true.
 */
public final class OpenSshServer implements SshMaster, BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(OpenSshServer.class);

    private SshdProcess sshd;

    /** True in a test running under an OpenSshServer: a FakeMaster registered there steps aside. */
    public static boolean active(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(OpenSshServer.class) != null;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sshd = context.getRoot().getStore(Namespace.GLOBAL)
                .getOrComputeIfAbsent(SshdProcess.class.getName(), k -> start(), Running.class).sshd();
        context.getStore(NAMESPACE).put(OpenSshServer.class, this);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        sshd.reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == OpenSshServer.class || type == SshMaster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return this;
    }

    @Override
    public String user() {
        return sshd.user();
    }

    /** The login user itself: sshd runs its commands as that account. */
    @Override
    public String account() {
        return sshd.user();
    }

    @Override
    public int port() {
        return sshd.port();
    }

    @Override
    public Path home() {
        return sshd.home();
    }

    @Override
    public Path bin() {
        return sshd.bin();
    }

    @Override
    public void dropConnections() {
        sshd.dropConnections();
    }

    /** The ed25519 client key (OpenSSH format). */
    @Override
    public Path keyFile() {
        return sshd.keyFile(ClientKey.ED25519);
    }

    public Path keyFile(ClientKey type) {
        return sshd.keyFile(type);
    }

    @Override
    public List<String> commands() {
        try {
            return sshd.commands();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connections that reached authentication in this test. */
    @Override
    public int sessions() {
        try {
            return sshd.connections();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restarts sshd on the same port with new host keys. */
    @Override
    public void replaceHostKey() throws IOException {
        sshd.replaceHostKeys();
    }

    /** The fingerprints of the host keys sshd offers now. */
    public List<String> hostKeyFingerprints() throws IOException {
        return sshd.hostKeyFingerprints();
    }

    /** What sshd logged lately. */
    public String log() {
        return sshd.log();
    }

    private static Running start() {
        Optional<String> why = SshdProcess.whyUnavailable();
        try {
            if (why.isEmpty()) {
                return new Running(SshdProcess.start());
            }
        } catch (IOException | RuntimeException e) {
            why = Optional.of("cannot start sshd: " + e.getMessage());
        }
        String message = "no real sshd for the interop tests: " + why.get();
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
        return null;
    }

    /** Stops sshd when the test JVM's root context closes. */
    private record Running(SshdProcess sshd) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            sshd.close();
        }
    }
}
