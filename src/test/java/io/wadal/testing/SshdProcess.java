package io.wadal.testing;

import io.wadal.shell.ShellQuote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real OpenSSH sshd on 127.0.0.1, for interop tests and benchmarks, with everything of its own:
 * config, host keys and client keys in a root-only folder under /run; a login user
 * {@code wadal-it-<pid>-<n>} made for this JVM and removed on {@link #close} (or by the next run,
 * if this JVM dies first), with a temporary home holding {@code works/}; the fake tools of
 * {@link FakeTools} on its PATH; and a login shell that records each command line before handing
 * it to bash. At each login sshd (as root) gives the home to the login user, so files a test puts
 * there belong to that user as they would on the master. Needs root and {@code /usr/sbin/sshd}.
 */
public final class SshdProcess implements AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final String USER_PREFIX = "wadal-it-";
    private static final String CONFIG_PREFIX = "wadal-sshd-";
    private static final Path RUN = Path.of("/run");
    private static final Pattern LISTENING = Pattern.compile("Server listening on \\S+ port (\\d+)");
    private static final Pattern VERSION = Pattern.compile("OpenSSH_(\\d+)\\.(\\d+)");
    private static final AtomicInteger STARTED = new AtomicInteger();

    /** Client key types and formats, each accepted by this sshd. */
    public enum ClientKey {
        /** What {@code ssh-keygen} and EC2 make for ed25519: OpenSSH format. */
        ED25519("-t", "ed25519"),
        ECDSA("-t", "ecdsa", "-b", "256"),
        /** What EC2 gives for an RSA key pair: a PEM file. */
        RSA_PEM("-t", "rsa", "-b", "2048", "-m", "PEM"),
        RSA("-t", "rsa", "-b", "2048");

        private final List<String> keygenArgs;

        ClientKey(String... keygenArgs) {
            this.keygenArgs = List.of(keygenArgs);
        }
    }

    private final String user;
    private final Path config;
    private final Path root;
    private final Path home;
    private final Map<ClientKey, Path> clientKeys = new EnumMap<>(ClientKey.class);
    private final Deque<String> log = new ArrayDeque<>();
    private final StringBuilder fullLog = new StringBuilder();
    private String netns;
    private String listenAddress = "127.0.0.1";
    private int fixedPort;
    private boolean debugLog;
    private final Thread shutdownHook = new Thread(this::close, "sshd-cleanup");
    private int port;
    private Process process;
    private boolean closed;

    private SshdProcess(String id) throws IOException {
        this.user = USER_PREFIX + id;
        this.config = RUN.resolve(CONFIG_PREFIX + id);
        this.root = Files.createTempDirectory(CONFIG_PREFIX);
        this.home = root.resolve("home");
    }

    /** Why no sshd can be started here, or empty when one can. */
    public static Optional<String> whyUnavailable() {
        if (!Files.isExecutable(SSHD)) {
            return Optional.of(SSHD + " is missing: install openssh-server (.ci/run does)");
        }
        if (!isRoot()) {
            return Optional.of("sshd for a login user of its own needs root; this JVM runs as " + System.getProperty("user.name"));
        }
        for (String tool : List.of("useradd", "userdel", "ssh-keygen", "chown")) {
            if (executable(tool).isEmpty()) {
                return Optional.of(tool + " is not on PATH");
            }
        }
        return Optional.empty();
    }

    /** Makes the user, keys and config and starts sshd, waiting until it listens. */
    public static SshdProcess start() throws IOException {
        removeStale();
        SshdProcess sshd = new SshdProcess(ProcessHandle.current().pid() + "-" + STARTED.incrementAndGet());
        Runtime.getRuntime().addShutdownHook(sshd.shutdownHook);
        try {
            sshd.setUp();
            sshd.launch(true);
            return sshd;
        } catch (IOException | RuntimeException e) {
            sshd.close();
            throw e;
        }
    }

    /**
     * As {@link #start()}, inside a network namespace (its own network: {@code ip netns exec}),
     * listening on that address and port, logging at DEBUG1 (which shows each forward it makes)
     * with every line kept for {@link #fullLog}.
     */
    public static SshdProcess startIn(String netns, String listenAddress, int port) throws IOException {
        removeStale();
        SshdProcess sshd = new SshdProcess(ProcessHandle.current().pid() + "-" + STARTED.incrementAndGet());
        sshd.netns = netns;
        sshd.listenAddress = listenAddress;
        sshd.fixedPort = port;
        sshd.debugLog = true;
        Runtime.getRuntime().addShutdownHook(sshd.shutdownHook);
        try {
            sshd.setUp();
            sshd.launch(true);
            sshd.reset();
            return sshd;
        } catch (IOException | RuntimeException e) {
            sshd.close();
            throw e;
        }
    }

    /** Everything sshd logged, for an sshd of {@link #startIn}. */
    public String fullLog() {
        synchronized (log) {
            return fullLog.toString();
        }
    }

    public String user() {
        return user;
    }

    public int port() {
        return port;
    }

    /** The login user's home (a temporary folder). */
    public Path home() {
        return home;
    }

    /** The folder of the fake tools, first on the login user's PATH. */
    public Path bin() {
        return root.resolve("bin");
    }

    /** Ends every SSH connection (sshd's per-connection processes) while sshd keeps listening: the master went away. */
    public synchronized void dropConnections() {
        if (process != null) {
            process.toHandle().children().forEach(ProcessHandle::destroy);
        }
    }

    /** A client private key of this type and format, mode 0600. */
    public Path keyFile(ClientKey type) {
        return clientKeys.get(type);
    }

    /** The SHA256 fingerprints of the host keys sshd offers now (OpenSSH's format, as MINA's). */
    public List<String> hostKeyFingerprints() throws IOException {
        List<String> fingerprints = new ArrayList<>();
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            String line = run("ssh-keygen", "-l", "-E", "sha256", "-f", config.resolve("host_" + type + "_key.pub").toString());
            fingerprints.add(line.split(" ")[1]);
        }
        return fingerprints;
    }

    /** Every command line the login shell was given since the last {@link #reset}, in order. */
    public List<String> commands() throws IOException {
        String all = Files.readString(root.resolve("commands"));
        return all.isEmpty() ? List.of() : List.of(all.split("\0"));
    }

    /** Connections that reached authentication since the last {@link #reset}. */
    public int connections() throws IOException {
        try (Stream<String> lines = Files.lines(config.resolve("connections"))) {
            return (int) lines.distinct().count();
        }
    }

    /** What sshd logged lately, for failure messages. */
    public String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** An empty home with {@code works/}, no recorded commands or connections, client keys at mode 0600. */
    public void reset() throws IOException {
        FakeTools.stopJupyter(home);
        try (Stream<Path> files = Files.list(home)) {
            for (Path p : files.toList()) {
                deleteTree(p);
            }
        }
        Files.createDirectories(home.resolve("works"));
        giveToUser(home.resolve("works"));
        Files.writeString(root.resolve("commands"), "");
        Files.writeString(config.resolve("connections"), "");
        for (Path key : clientKeys.values()) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Restarts sshd on the same port with new host keys: the same address now answers as another machine. */
    public void replaceHostKeys() throws IOException {
        stopProcess();
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            Files.deleteIfExists(config.resolve("host_" + type + "_key"));
            Files.deleteIfExists(config.resolve("host_" + type + "_key.pub"));
        }
        hostKeys();
        launch(false);
    }

    /** Stops sshd, removes the login user and every file made for it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess();
        try {
            FakeTools.stopJupyter(home);
        } catch (IOException e) {
            // the home is going anyway
        }
        try {
            run("userdel", "-f", user);
        } catch (IOException e) {
            // not made yet, or already gone
        }
        deleteQuietly(root);
        deleteQuietly(config);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
    }

    private void setUp() throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // sshd's privilege separation directory; Debian's init scripts make it, a container may not have run them.
        Files.createDirectories(Path.of("/run/sshd"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        FakeTools.install(bin);
        Path shell = bin.resolve("login-shell");
        Path commands = root.resolve("commands");
        // sshd runs "<shell> -c <command line>" for a command and "<shell>" for an interactive one.
        writeScript(shell, """
                #!/bin/bash
                # The test user's login shell: records each command line sshd runs, then is bash.
                if [ "$#" = 2 ] && [ "$1" = -c ]; then
                  printf '%%s\\0' "$2" >> %s
                  exec -a bash /bin/bash -c "$2"
                fi
                exec -a -bash /bin/bash "$@"
                """.formatted(ShellQuote.quote(commands.toString())));
        Files.createDirectories(home);
        Files.writeString(commands, "");
        run("useradd", "-M", "-d", home.toString(), "-s", shell.toString(), "-p", "*", "-c", "wadal interop tests", user);
        giveToUser(home);
        giveToUser(commands);
        Files.setPosixFilePermissions(commands, PosixFilePermissions.fromString("rw-------"));

        StringBuilder authorized = new StringBuilder();
        for (ClientKey type : ClientKey.values()) {
            Path key = config.resolve("client_" + type.name().toLowerCase());
            List<String> keygen = new ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-C", "wadal-test-" + type, "-f", key.toString()));
            keygen.addAll(type.keygenArgs);
            run(keygen.toArray(String[]::new));
            clientKeys.put(type, key);
            authorized.append(Files.readString(Path.of(key + ".pub")));
        }
        Files.writeString(config.resolve("authorized_keys"), authorized);
        Files.writeString(config.resolve("connections"), "");
        hostKeys();
        // AuthorizedKeysCommand runs as root at each login, the one moment a test's files can become the user's.
        writeScript(config.resolve("authorized-keys"), """
                #!/bin/sh
                # sshd runs this as root at each login: count the connection (by its sshd process), give
                # the home to the login user, print the keys.
                echo "$PPID" >> %s
                chown -R -h %s %s
                exec cat %s
                """.formatted(ShellQuote.quote(config.resolve("connections").toString()), ShellQuote.quote(user + ":"),
                ShellQuote.quote(home.toString()), ShellQuote.quote(config.resolve("authorized_keys").toString())));
    }

    private void hostKeys() throws IOException {
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            run("ssh-keygen", "-q", "-N", "", "-t", type, "-C", "wadal-test-host", "-f", config.resolve("host_" + type + "_key").toString());
        }
    }

    private void writeConfig() throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("Port ").append(port).append("\nListenAddress ").append(listenAddress).append('\n');
        if (debugLog) {
            c.append("LogLevel DEBUG1\n");
        }
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            c.append("HostKey ").append(config.resolve("host_" + type + "_key")).append('\n');
        }
        c.append("PidFile ").append(config.resolve("sshd.pid")).append('\n')
                .append("UsePAM no\nStrictModes no\nPubkeyAuthentication yes\nPasswordAuthentication no\n")
                .append("AuthorizedKeysFile none\n")
                .append("AuthorizedKeysCommand ").append(config.resolve("authorized-keys")).append('\n')
                .append("AuthorizedKeysCommandUser root\n")
                .append("PermitRootLogin no\nAllowUsers ").append(user).append('\n')
                .append("Subsystem sftp internal-sftp\nAllowTcpForwarding yes\nX11Forwarding no\n")
                .append("PrintMotd no\nPrintLastLog no\nUseDNS no\n")
                .append("SetEnv PATH=").append(root.resolve("bin")).append(":/usr/local/bin:/usr/bin:/bin\n");
        if (version() >= 908) {
            // Since 9.8 sshd refuses a source address for a while after failed logins: tests fail logins on purpose.
            c.append("PerSourcePenalties no\n");
        }
        Files.writeString(config.resolve("sshd_config"), c);
    }

    /** Starts sshd; on a fresh start it may try another free port if the chosen one was taken meanwhile. */
    private void launch(boolean fresh) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (fresh) {
                port = fixedPort != 0 ? fixedPort : freePort();
            }
            writeConfig();
            List<String> argv = new ArrayList<>();
            if (netns != null) {
                argv.addAll(List.of(executable("ip").map(Path::toString).orElse("ip"), "netns", "exec", netns));
            }
            argv.addAll(List.of(SSHD.toString(), "-D", "-e", "-f", config.resolve("sshd_config").toString()));
            process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            if (listening(process)) {
                return;
            }
            stopProcess();
            if (!fresh || attempt == 3 || !log().contains("Address already in use")) {
                throw new IOException("sshd did not start:\n" + log());
            }
        }
    }

    /** Reads sshd's log until it listens or exits (at most 30 s), then keeps draining it. */
    private boolean listening(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    remember(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find() && Integer.parseInt(m.group(1)) == port) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                remember("reading sshd's log: " + e);
            }
            ready.complete(false);
        }, "sshd-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting sshd", e);
        }
    }

    private void remember(String line) {
        synchronized (log) {
            log.addLast(line);
            if (debugLog) {
                fullLog.append(line).append('\n');
            }
            while (log.size() > 200) {
                log.removeFirst();
            }
        }
    }

    private synchronized void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void giveToUser(Path path) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(user);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(owner);
        view.setGroup(group);
    }

    /** Users, folders and sshd processes left by JVMs that died before closing theirs (best effort). */
    private static void removeStale() throws IOException {
        Pattern name = Pattern.compile(Pattern.quote(USER_PREFIX) + "(\\d+)-(\\d+)");
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] fields = line.split(":");
            Matcher m = name.matcher(fields[0]);
            if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                continue;
            }
            Path config = RUN.resolve(CONFIG_PREFIX + m.group(1) + "-" + m.group(2));
            Path pidFile = config.resolve("sshd.pid");
            if (Files.isRegularFile(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                        .filter(h -> h.info().command().map(SSHD.toString()::equals).orElse(false))
                        .ifPresent(ProcessHandle::destroy);
            }
            try {
                run("userdel", "-f", fields[0]);
            } catch (IOException e) {
                // still in use somehow: leave it to a later run
            }
            deleteQuietly(config);
            Path home = Path.of(fields[5]);
            if (home.getParent() != null && home.getParent().getFileName().toString().startsWith(CONFIG_PREFIX)) {
                deleteQuietly(home.getParent());
            }
        }
    }

    private static int version() throws IOException {
        Process p = new ProcessBuilder(SSHD.toString(), "-V").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = VERSION.matcher(out);
        if (!m.find()) {
            throw new IOException("cannot tell the OpenSSH version from: " + out);
        }
        return Integer.parseInt(m.group(1)) * 100 + Integer.parseInt(m.group(2));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Optional<Path> executable(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(String.valueOf(System.getenv("PATH")).split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    /** Runs a tool to completion; its output, or an IOException saying what it printed. */
    static String run(String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.set(0, executable(command[0]).map(Path::toString).orElse(command[0]));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static void writeScript(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            deleteTree(path);
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary folder
        }
    }
}
