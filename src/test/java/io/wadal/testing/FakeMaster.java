package io.wadal.testing;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A fake EMR master for tests: an in-process MINA SSH server on 127.0.0.1 with its own home
 * (holding {@code works/}), {@code /bin/sh} command execution in that home, SFTP rooted there,
 * port forwarding, and fake {@code jupyter}, {@code papermill}, {@code spark-submit} and
 * {@code pyspark} on PATH that record what they were given ({@code pyspark} then starts its
 * PYSPARK_DRIVER_PYTHON, as the real one does; see {@link FakeTools}). Every command line it
 * executes is kept, for tests that check what reached the master. Under an {@link OpenSshServer}
 * it steps aside: parameters of type {@link SshMaster} then get the real sshd.
 */
public final class FakeMaster implements SshMaster, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    public static final String USER = "hadoop";

    /**
     * The OS's python3, first on the master's PATH as on EMR: a python3 first on the JVM's PATH
     * may be a version manager's shim (pyenv) that takes half a second to start, and the fake
     * Jupyter and the Jupyter probe start python3 a dozen times per workspace.
     */
    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    private Path root;
    private Path home;
    private Path keyFile;
    private KeyPair hostKey;
    private SshServer server;
    private ScriptedSftp sftp;
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sessions = new AtomicInteger();

    @Override
    public String user() {
        return USER;
    }

    /** The JVM's own account: the fake master runs commands as whoever runs the tests. */
    @Override
    public String account() {
        return System.getProperty("user.name");
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public int port() {
        return server.getPort();
    }

    /** The client's private key (OpenSSH format, mode 0600) that the server accepts. */
    @Override
    public Path keyFile() {
        return keyFile;
    }

    /** Every command line the master was asked to execute, in order. */
    @Override
    public List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** How many SSH sessions clients have opened (to check that a command did not connect). */
    @Override
    public int sessions() {
        return sessions.get();
    }

    @Override
    public Path bin() {
        return root.resolve("bin");
    }

    @Override
    public void dropConnections() {
        server.getActiveSessions().forEach(s -> s.close(true));
    }

    /** Stops listening: from now on the master cannot be reached (connection refused). */
    public void stopListening() throws java.io.IOException {
        server.stop(true);
    }

    /** This test's SFTP server, to script the lies of a hostile master. */
    public ScriptedSftp sftp() {
        return sftp;
    }

    /** A new host key: the same address now answers as a different machine. */
    @Override
    public void replaceHostKey() throws Exception {
        hostKey = rsa();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (OpenSshServer.active(context)) {
            return;
        }
        commands.clear();
        sessions.set(0);
        root = Files.createTempDirectory("wadal-fake-master");
        home = Files.createDirectories(root.resolve("home"));
        Files.createDirectories(home.resolve("works"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        FakeTools.install(bin);
        if (Files.isExecutable(SYSTEM_PYTHON)) {
            Files.createSymbolicLink(bin.resolve("python3"), SYSTEM_PYTHON);
        }
        KeyPair client = Keys.CLIENT;
        keyFile = root.resolve("client_key");
        try (OutputStream out = Files.newOutputStream(keyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "wadal-test", null, out);
        }
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        hostKey = Keys.HOST;

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(session -> List.of(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(key, client.getPublic()));
        String prologue = "cd '" + home + "' || exit 125; export HOME='" + home + "' PATH='" + bin + ":'\"$PATH\"; ";
        server.setCommandFactory((channel, command) -> {
            commands.add(command);
            return ProcessShellCommandFactory.INSTANCE.createCommand(channel, prologue + command);
        });
        server.setShellFactory(new ProcessShellFactory("/bin/sh", "/bin/sh", "-c", prologue + "exec /bin/sh -i"));
        sftp = new ScriptedSftp();
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(new VirtualFileSystemFactory(home));
        server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessions.incrementAndGet();
            }
        });
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (home != null && !OpenSshServer.active(context)) {
            FakeTools.stopJupyter(home);
            stopAutosave(home);
        }
        if (server != null) {
            server.stop(true);
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Ends the autosave loop a workspace setup started (it would end by itself a few seconds after its home goes). */
    static void stopAutosave(Path home) throws java.io.IOException {
        stopLoop(home.resolve(".wadal/autosave.pid"), "wadal_autosave.sh");
        // and the MAX_AGE loop (it would end by itself within a minute after its home goes)
        stopLoop(home.resolve(".wadal/terminate.pid"), "wadal_terminate.sh");
    }

    private static void stopLoop(Path pid, String script) throws java.io.IOException {
        if (Files.exists(pid)) {
            String text = Files.readString(pid).strip();
            if (text.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(text)).filter(p -> p.info().commandLine().orElse("").contains(script))
                        .ifPresent(ProcessHandle::destroy);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == FakeMaster.class || type == SshMaster.class && !OpenSshServer.active(e);
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        if (OpenSshServer.active(e)) {
            throw new ParameterResolutionException(p.getDeclaringExecutable() + " takes FakeMaster; take SshMaster"
                    + " to run against the real sshd of OpenSshServer too");
        }
        return this;
    }

    /**
     * The client and host keys of every test in this JVM: a 2048-bit RSA pair takes up to seconds
     * to generate on a loaded machine. Each test's home and record are new, so no test sees another's
     * pin; {@link #replaceHostKey} still makes a fresh key.
     */
    private static final class Keys {
        static final KeyPair CLIENT = generate();
        static final KeyPair HOST = generate();

        private static KeyPair generate() {
            try {
                return rsa();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
