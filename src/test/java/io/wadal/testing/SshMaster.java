package io.wadal.testing;

import io.wadal.jupyter.JupyterServer;
import io.wadal.jupyter.JupyterServers;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.SshTarget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The master a test's wadal commands reach: the in-process {@link FakeMaster}, or a real OpenSSH
 * sshd ({@link OpenSshServer}). A test that takes this type instead of FakeMaster runs against
 * both: under an {@link OpenSshServer} (e.g. as a {@code @Nested} subclass in
 * {@code io.wadal.cli.OpenSshInteropTest}) it gets the real sshd.
 */
public interface SshMaster {
    /** The SSH_USER to log in as. */
    String user();

    /** The system account commands run as on this master, which owns the files they make. */
    String account();

    int port();

    /** The login user's home; commands start here. Cleared before each test. */
    Path home();

    default Path works() {
        return home().resolve("works");
    }

    /** A client private key (mode 0600) the master accepts. */
    Path keyFile();

    /** Every command line the master was asked to execute in this test, in order. */
    List<String> commands();

    /** How many SSH connections clients made in this test (to check that a command did not connect). */
    int sessions();

    /** A new host key: the same address now answers as a different machine. */
    void replaceHostKey() throws Exception;

    /** The folder of the fake tools, first on the master's PATH. */
    Path bin();

    /** Ends every open SSH connection, as when the master goes away; new connections are still accepted. */
    void dropConnections();

    /**
     * Starts the fake Jupyter ({@link FakeTools}) on 127.0.0.1:port of the master, as the workspace
     * setup would, and returns it once it lists itself (each look is one SSH command: no sleeping).
     */
    /** The Jupyter server listening on this port of the master, if one runs. */
    default Optional<JupyterServer> runningJupyter(int port) {
        try (MinaRemoteShell shell = MinaRemoteShell.connect(new SshTarget("127.0.0.1", port(), user(), keyFile(), null, null), f -> { })) {
            return JupyterServers.onPort(shell, port);
        }
    }

    default JupyterServer startJupyter(int port) {
        try (MinaRemoteShell shell = MinaRemoteShell.connect(new SshTarget("127.0.0.1", port(), user(), keyFile(), null, null), f -> { })) {
            shell.run("nohup jupyter lab --no-browser --ip=127.0.0.1 --port=" + port + " </dev/null >jupyter.log 2>&1 &", null);
            for (int i = 0; i < 300; i++) {
                Optional<JupyterServer> server = JupyterServers.onPort(shell, port);
                if (server.isPresent()) {
                    return server.get();
                }
            }
            throw new AssertionError("the fake Jupyter did not come up on port " + port + ": " + shell.run("cat jupyter.log", null));
        }
    }

    /** A free TCP port on this machine, for a server a test starts. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Profile lines that point wadal at this master. */
    default String profileLines() {
        return "MASTER_HOST=127.0.0.1\nSSH_PORT=" + port() + "\nSSH_USER=" + user() + "\nEC2_KEY_PAIR_PATH=" + keyFile() + "\n";
    }

    /** The calls a fake tool recorded, oldest first; each maps "cwd", "args" (one per line) and the environment. */
    default List<Map<String, String>> calls(String tool) throws IOException {
        return FakeTools.calls(home(), tool);
    }

    /** Makes a fake tool exit with this status (and print this to stderr) from now on. */
    default void failTool(String tool, int status, String stderr) throws IOException {
        FakeTools.fail(home(), tool, status, stderr);
    }

    /**
     * Makes a fake tool wait, after printing its line, until {@link #release} is called: for tests
     * that check output arrives while the tool still runs. A FIFO, so nothing polls.
     */
    default void holdTool(String tool) throws IOException, InterruptedException {
        FakeTools.hold(home(), tool);
    }

    /** Lets a held tool go on (opening the FIFO waits until the tool reads it). */
    default void release(String tool) throws IOException {
        FakeTools.release(home(), tool);
    }
}
