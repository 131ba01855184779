package io.wadal.e2e;

import io.wadal.testing.OpenSshServer;
import io.wadal.testing.Pty;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wadal ssh P} through the built launcher against the real OpenSSH sshd, as a person at a
 * terminal uses it (a real pseudo-terminal, python3's pty module) and as a script pipes into it.
 */
@ExtendWith(OpenSshServer.class)
@Slow
class SshTerminalIT {
    private static final String PROMPT = "\\$ $";

    @TempDir
    Path home;
    private OpenSshServer sshd;

    @BeforeEach
    void setUp(OpenSshServer sshd) throws IOException {
        this.sshd = sshd;
        Records.profileWithCluster(home, "e2e", "", sshd);
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        System.getenv().keySet().stream()
                .filter(k -> k.startsWith("AWS_") || k.equals("PROFILE") || k.startsWith("WADAL_"))
                .forEach(k -> env.put(k, null));
        env.put("TERM", "xterm");
        return env;
    }

    private Pty shell() throws Exception {
        Pty pty = Pty.start(home, env(), MasterCommandsIT.LAUNCHER.toString(), "ssh", "e2e");
        pty.await(PROMPT);
        return pty;
    }

    @Test
    void ctrlCCtrlZAndCtrlBackslashGoToTheRemoteShellAndTheTerminalIsRestored() throws Exception {
        // The markers are made by the remote shell, so the echo of what is typed cannot match them.
        Files.writeString(sshd.home().resolve("traps.sh"), """
                trap 'echo "got-$((1))-INT"' INT
                trap 'echo "got-$((2))-TSTP"' TSTP
                trap 'echo "got-$((3))-QUIT"' QUIT
                echo "traps-$((0))-set"
                while :; do read -r line; [ "$line" = quit ] && exit 7; done
                """);
        try (Pty pty = shell()) {
            int at = pty.type("bash traps.sh\r").await("traps-0-set");
            at = pty.type("\u0003").await("got-1-INT", at);
            assertTrue(pty.running(), "Ctrl-C did not end wadal\n" + pty);
            at = pty.type("\u001a").await("got-2-TSTP", at);
            assertTrue(pty.running(), "Ctrl-Z did not stop wadal\n" + pty);
            at = pty.type("\u001c").await("got-3-QUIT", at);
            assertTrue(pty.running(), "Ctrl-\\ did not end wadal\n" + pty);
            assertFalse(pty.screen().contains("Full thread dump"), pty.toString());
            pty.type("quit\r").await(PROMPT, at);
            pty.type("exit 3\r");

            assertEquals(3, pty.exitStatus(), pty.toString());
            assertEquals(pty.sttyBefore(), pty.sttyAfter(), "the terminal's settings are restored");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"exit", "hang-up", "TERM", "HUP", "INT"})
    void theTerminalIsRestoredHoweverWadalEnds(String how) throws Exception {
        try (Pty pty = shell()) {
            switch (how) {
                case "exit" -> pty.type("exit\r");
                case "hang-up" -> sshd.dropConnections();
                default -> pty.kill(how);
            }
            int status = pty.exitStatus();
            assertTrue(status > 0 || how.equals("exit"), "ended by itself, not by the signal: " + status + "\n" + pty);
            assertEquals(pty.sttyBefore(), pty.sttyAfter(), "the terminal's settings are restored after " + how + "\n" + pty);
        }
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Run piped(ProcessBuilder.Redirect stdin, String input) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(MasterCommandsIT.LAUNCHER.toString(), "ssh", "e2e")
                .directory(home.toFile()).redirectInput(stdin);
        env().forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            }
        });
        Process p = pb.start();
        if (input != null) {
            try (var in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        p.destroyForcibly();
        assertTrue(ended, "wadal ssh ended when its input did");
        return new Run(p.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pipedInputRunsInTheLoginShellWithoutAPtyAndEndsWithItsStatus() throws Exception {
        Run r = piped(ProcessBuilder.Redirect.PIPE, "echo hi-$((6*7))\ntty || echo no-tty\n(exit 5)\n");
        assertEquals(5, r.exit(), r.toString());
        assertEquals("hi-42\nnot a tty\nno-tty\n", r.out(), "no prompt, no echo, no escape codes");
    }

    @Test
    void aScriptOnStdinAndDevNullWorkLikeSshT() throws Exception {
        Path script = home.resolve("script.sh");
        Files.writeString(script, "cd works && pwd\nexit 4\n");
        Run fromFile = piped(ProcessBuilder.Redirect.from(script.toFile()), null);
        assertEquals(4, fromFile.exit(), fromFile.toString());
        assertEquals(List.of(sshd.works().toString()), fromFile.out().lines().toList(), fromFile.toString());

        Run empty = piped(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()), null);
        assertEquals(0, empty.exit(), empty.toString());
        assertEquals("", empty.out(), empty.toString());
    }
}
