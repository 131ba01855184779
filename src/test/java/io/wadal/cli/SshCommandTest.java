package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(FakeMaster.class)
class SshCommandTest {
    @TempDir
    Path home;
    private SshMaster master;

    @BeforeEach
    void setUp(SshMaster master) throws IOException {
        this.master = master;
        Records.profileWithCluster(home, "p", "", master);
    }

    private Result wadal(String... args) {
        return new WadalRun(home).run(args);
    }

    @Test
    void runsACommandInTheHomeAndExitsWithItsStatus() {
        Result r = wadal("ssh", "p", "--", "ls; echo out; echo err >&2; exit 7");
        assertEquals(7, r.exitCode(), r.toString());
        assertTrue(r.out().contains("works\n") && r.out().contains("out\n"), r.toString());
        assertEquals("err\n", r.err());
    }

    @Test
    void severalWordsAreJoinedAsSshDoesAndStdinReachesTheCommand() {
        Result r = new WadalRun(home).stdin("line one\nline two\n").run("ssh", "p", "--", "wc", "-l");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("2", r.out().trim());
    }

    @Test
    void theProfileCanComeFromTheEnvironment() {
        Result r = new WadalRun(home).env("PROFILE", "p").run("ssh", "--", "echo", "hi");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("hi\n", r.out());
    }

    @Test
    void theHostKeyIsPinnedOnFirstContactAndAChangedOneIsRefused() throws Exception {
        assertEquals(0, wadal("ssh", "p", "--", "true").exitCode());
        String record = Files.readString(home.resolve("clusters/p.json"));
        assertTrue(record.contains("\"hostKeyFingerprint\" : \"SHA256:"), record);
        assertEquals(0, wadal("ssh", "p", "--", "true").exitCode(), "the same key again is fine");

        master.replaceHostKey();
        int before = master.commands().size();
        Result r = wadal("ssh", "p", "--", "echo should-not-run");

        assertEquals(1, r.exitCode(), r.toString());
        String pinned = record.replaceAll("(?s).*\"hostKeyFingerprint\" : \"([^\"]+)\".*", "$1");
        assertTrue(r.err().contains(pinned), r.toString());
        assertTrue(r.err().matches("(?s).*offered host key SHA256:\\S+ but this cluster's key is SHA256:.*"), r.toString());
        assertEquals(before, master.commands().size(), "nothing ran on the impostor");
        assertTrue(Files.readString(home.resolve("clusters/p.json")).contains(pinned), "the pin is kept");
    }

    @Test
    void aKeyFileReadableByOthersIsRefusedBeforeConnecting() throws IOException {
        Files.setPosixFilePermissions(master.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Result r = wadal("ssh", "p", "--", "true");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("chmod 600"), r.toString());
        assertTrue(master.commands().isEmpty());
    }

    @Test
    void aMasterThatRefusesConnectionsSaysSoWithWhatToDo() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        // EMR cannot be asked about the cluster either (nothing listens at its endpoint): the network reason and the hint remain.
        Result r = new WadalRun(home).env(java.util.Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + closed,
                        "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_MAX_ATTEMPTS", "1"))
                .run("ssh", "p", "-p", "SSH_PORT=" + closed, "--", "true");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("connection refused") && r.err().contains("wait-ready"), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void withoutAKeyPathItIsAUsageError() throws IOException {
        Files.writeString(home.resolve("profiles/nokey"), "AWS_REGION=ap-northeast-2\nMASTER_HOST=127.0.0.1\n");
        Files.writeString(home.resolve("clusters/nokey.json"), Files.readString(home.resolve("clusters/p.json"))
                .replace("\"profile\" : \"p\"", "\"profile\" : \"nokey\""));
        Result r = wadal("ssh", "nokey", "--", "true");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("EC2_KEY_PAIR_PATH"), r.toString());
    }

    @Test
    void wordsBeforeTheDoubleDashAreOnlyTheProfile() {
        Result r = wadal("ssh", "p", "ls");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("after --"), r.toString());
        assertFalse(master.commands().contains("ls"));
    }

    @Test
    void withoutATerminalTheShellReadsCommandsFromStdin() {
        Result r = new WadalRun(home).stdin("echo from-stdin\nexit 3\n").run("ssh", "p");
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.out().contains("from-stdin"), r.toString());
    }
}
