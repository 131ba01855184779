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
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A fake EMR master for tests: an in-process MINA SSH server on 127.0.0.1 with its own home
 * (holding {@code works/}), {@code /bin/sh} command execution in that home, SFTP rooted there,
 * port forwarding, and fake {@code jupyter}, {@code papermill}, {@code spark-submit} and
 * {@code pyspark} on PATH that record what they were given ({@code pyspark} then starts its
 * PYSPARK_DRIVER_PYTHON, as the real one does). Every command line it executes is
 * kept, for tests that check what reached the master.
 */
public final class FakeMaster implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    public static final String USER = "hadoop";
    private static final List<String> FAKE_TOOLS = List.of("jupyter", "papermill", "spark-submit", "pyspark");

    private Path root;
    private Path home;
    private Path keyFile;
    private KeyPair hostKey;
    private SshServer server;
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sessions = new AtomicInteger();

    public Path home() {
        return home;
    }

    public Path works() {
        return home.resolve("works");
    }

    public int port() {
        return server.getPort();
    }

    /** The client's private key (OpenSSH format, mode 0600) that the server accepts. */
    public Path keyFile() {
        return keyFile;
    }

    /** Every command line the master was asked to execute, in order. */
    public List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** How many SSH sessions clients have opened (to check that a command did not connect). */
    public int sessions() {
        return sessions.get();
    }

    /** Profile lines that point wadal at this master. */
    public String profileLines() {
        return "MASTER_HOST=127.0.0.1\nSSH_PORT=" + port() + "\nSSH_USER=" + USER + "\nEC2_KEY_PAIR_PATH=" + keyFile + "\n";
    }

    /** The calls a fake tool recorded, oldest first; each maps "cwd", "args" (one per line) and the environment. */
    public List<Map<String, String>> calls(String tool) throws IOException {
        Path dir = home.resolve(".fake-calls");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Map<String, String>> calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(tool + "."))
                    .sorted(Comparator.comparing(p -> Long.parseLong(p.getFileName().toString().substring(tool.length() + 1))))
                    .toList()) {
                calls.add(parseCall(Files.readString(f)));
            }
        }
        return calls;
    }

    private static Map<String, String> parseCall(String text) {
        Map<String, String> call = new LinkedHashMap<>();
        StringBuilder args = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("arg=")) {
                args.append(args.length() == 0 ? "" : "\n").append(line.substring(4));
            } else if (line.startsWith("cwd=")) {
                call.put("cwd", line.substring(4));
            } else if (line.startsWith("env=")) {
                int eq = line.indexOf('=', 4);
                if (eq > 0) {
                    call.put(line.substring(4, eq), line.substring(eq + 1));
                }
            }
        }
        call.put("args", args.toString());
        return call;
    }

    /** Makes a fake tool exit with this status (and print this to stderr) from now on. */
    public void failTool(String tool, int status, String stderr) throws IOException {
        Files.writeString(home.resolve(".fake-fail-" + tool), status + "\n" + stderr);
    }

    /**
     * Makes a fake tool wait, after printing its line, until {@link #release} is called: for tests
     * that check output arrives while the tool still runs. A FIFO, so nothing polls.
     */
    public void holdTool(String tool) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", home.resolve(".fake-hold-" + tool).toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
    }

    /** Lets a held tool go on (opening the FIFO waits until the tool reads it). */
    public void release(String tool) throws IOException {
        Path fifo = home.resolve(".fake-hold-" + tool);
        Files.newOutputStream(fifo).close();
        Files.delete(fifo);
    }

    /** A new host key: the same address now answers as a different machine. */
    public void replaceHostKey() throws Exception {
        hostKey = rsa();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        commands.clear();
        sessions.set(0);
        root = Files.createTempDirectory("wadal-fake-master");
        home = Files.createDirectories(root.resolve("home"));
        Files.createDirectories(home.resolve("works"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String tool : FAKE_TOOLS) {
            writeFakeTool(bin.resolve(tool));
        }
        KeyPair client = rsa();
        keyFile = root.resolve("client_key");
        try (OutputStream out = Files.newOutputStream(keyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "wadal-test", null, out);
        }
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        hostKey = rsa();

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
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
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
        if (server != null) {
            server.stop(true);
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == FakeMaster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return this;
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    // Records cwd, each argument and the environment, then fails if told to (failTool). pyspark
    // then runs PYSPARK_DRIVER_PYTHON with PYSPARK_DRIVER_PYTHON_OPTS split into words by shell
    // quoting rules, as Spark's launcher does (there without expanding anything: callers quote every word).
    private static void writeFakeTool(Path file) throws IOException {
        String script = """
                #!/bin/sh
                tool=$(basename "$0")
                mkdir -p "$HOME/.fake-calls"
                n=$(ls "$HOME/.fake-calls" | grep -c "^$tool\\\\.")
                log="$HOME/.fake-calls/$tool.$n"
                { echo "cwd=$(pwd)"; for a in "$@"; do printf 'arg=%s\\n' "$a"; done; env | sed 's/^/env=/'; } > "$log"
                echo "fake $tool ran"
                if [ -p "$HOME/.fake-hold-$tool" ]; then cat "$HOME/.fake-hold-$tool" >/dev/null; fi
                if [ -f "$HOME/.fake-fail-$tool" ]; then
                  status=$(head -n 1 "$HOME/.fake-fail-$tool")
                  tail -n +2 "$HOME/.fake-fail-$tool" >&2
                  exit "$status"
                fi
                if [ "$tool" = pyspark ] && [ -n "${PYSPARK_DRIVER_PYTHON:-}" ]; then
                  eval "set -- $PYSPARK_DRIVER_PYTHON_OPTS"
                  exec "$PYSPARK_DRIVER_PYTHON" "$@"
                fi
                exit 0
                """;
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
