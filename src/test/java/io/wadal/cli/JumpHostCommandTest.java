package io.wadal.cli;

import io.wadal.ssh.KeyFiles;
import io.wadal.testing.FakeJumpHost;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SSH_PROXY_JUMP against an in-process bastion in front of the fake master: the jump, its key, and its pinned host key. */
@ExtendWith(FakeMaster.class)
class JumpHostCommandTest {
    @TempDir
    Path home;
    private FakeMaster master;
    private FakeJumpHost jump;
    private Path jumpKey;

    @BeforeEach
    void setUp(FakeMaster master) throws IOException {
        this.master = master;
        jump = FakeJumpHost.accepting(KeyFiles.load(master.keyFile()).get(0).getPublic());
        jumpKey = jump.newClientKey(home.resolve("bastion.pem"));
        Records.profileWithCluster(home, "p", "SSH_PROXY_JUMP=jumper@127.0.0.1:" + jump.port() + "\n"
                + "SSH_PROXY_JUMP_KEY=" + jumpKey + "\n", master);
    }

    @AfterEach
    void stop() throws IOException {
        jump.close();
    }

    private Result wadal(String... args) {
        return new WadalRun(home).run(args);
    }

    private Path pins() {
        return home.resolve("known_jump_hosts");
    }

    @Test
    void commandsAndTransfersGoThroughTheJumpHostWhoseKeyIsPinnedOnFirstUse() throws IOException {
        Result r = wadal("ssh", "p", "--", "echo", "through-the-bastion");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("through-the-bastion\n", r.out());
        assertEquals(List.of("jumper"), jump.users());
        assertEquals(List.of("127.0.0.1:" + master.port()), jump.forwards());
        assertEquals(List.of("[127.0.0.1]:" + jump.port() + " " + jump.fingerprint()),
                Files.readAllLines(pins()).stream().filter(l -> !l.startsWith("#")).toList());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pins())));

        Files.writeString(home.resolve("data.csv"), "a,b\n1,2\n");
        Result up = wadal("upload", "p", home.resolve("data.csv").toString(), "data.csv");
        assertEquals(0, up.exitCode(), up.toString());
        assertEquals("a,b\n1,2\n", Files.readString(master.works().resolve("data.csv")));
        Result down = wadal("download", "p", "data.csv", "--to", home.resolve("back").toString());
        assertEquals(0, down.exitCode(), down.toString());
        assertEquals("a,b\n1,2\n", Files.readString(home.resolve("back/data.csv")));
        assertEquals(3, jump.forwards().size(), "each command went through the jump host");
    }

    @Test
    void aChangedJumpHostKeyIsRefusedWithBothFingerprints() throws IOException {
        assertEquals(0, wadal("ssh", "p", "--", "true").exitCode());
        String pinned = jump.fingerprint();
        jump.replaceHostKey();
        int commands = master.commands().size();

        Result r = wadal("ssh", "p", "--", "echo", "should-not-run");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("wadal: the jump host 127.0.0.1 offered host key " + jump.fingerprint() + " but its pinned key is "
                + pinned + "; refusing to connect (someone may be intercepting the connection). If the jump host was really "
                + "replaced, remove its line from " + pins() + "\n", r.err());
        assertEquals(commands, master.commands().size(), "nothing ran on the master");
        assertEquals(1, jump.forwards().size(), "no forward through the impostor");
    }

    @Test
    void theJumpKeyDefaultsToTheMastersKeyAndTheUserToTheLocalOne() throws IOException {
        Records.profileWithCluster(home, "p", "SSH_PROXY_JUMP=127.0.0.1:" + jump.port() + "\n", master);
        Result r = wadal("ssh", "p", "--", "echo", "ok");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of(System.getProperty("user.name")), jump.users());
    }

    @Test
    void aJumpKeyOthersCanReadIsRefusedBeforeConnecting() throws IOException {
        Files.setPosixFilePermissions(jumpKey, PosixFilePermissions.fromString("rw-r--r--"));
        Result r = wadal("ssh", "p", "--", "true");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("permissions rw-r--r-- for key file " + jumpKey + " are too open"), r.toString());
        assertEquals(List.of(), jump.users());
        assertEquals(0, master.sessions());
    }

    @Test
    void aMasterTheJumpHostCannotReachIsNamedAsSuch() throws IOException {
        int closed = SshMaster.freePort();
        Files.writeString(home.resolve("profiles/p"), Files.readString(home.resolve("profiles/p"))
                + "SSH_PORT=" + closed + "\n");
        Result r = wadal("ssh", "p", "--", "true");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("wadal: cannot connect to the master hadoop@127.0.0.1:" + closed + " through the jump host jumper@127.0.0.1:"
                + jump.port() + ": the jump host could not connect to it ("), r.toString());
        assertFalse(r.err().contains("private subnet"), r.toString());
        // MINA's bastion has its own words for it (OpenSSH's "Connection refused": OpenSshInteropTest), but no wrapping
        assertFalse(r.err().contains("Future") || r.err().contains("Exception"), "only the jump host's reason: " + r);
        assertEquals(1, r.err().lines().count(), r.toString());
    }

    @Test
    void aJumpHostThatForwardsNothingIsToldToAllowTcpForwarding() throws IOException {
        jump.refuseForwarding();
        Result r = wadal("ssh", "p", "--", "true");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("wadal: cannot connect to the master hadoop@127.0.0.1:" + master.port() + " through the jump host "
                + "jumper@127.0.0.1:" + jump.port() + ": the jump host refused to forward the connection ("), r.toString());
        assertTrue(r.err().contains("): its sshd must allow TCP forwarding (AllowTcpForwarding yes in its sshd_config)"), r.toString());
        assertFalse(r.err().contains("Future") || r.err().contains("Exception"), r.toString());
        assertEquals(0, master.sessions());
    }

    @Test
    void aRefusedDefaultJumpKeyIsNamedAsEc2KeyPairPath() throws IOException {
        try (FakeJumpHost other = FakeJumpHost.accepting(KeyFiles.load(jumpKey).get(0).getPublic())) {
            Records.profileWithCluster(home, "p", "SSH_PROXY_JUMP=jumper@127.0.0.1:" + other.port() + "\n", master);
            Result r = wadal("ssh", "p", "--", "true");
            assertEquals("wadal: cannot connect to the jump host jumper@127.0.0.1:" + other.port() + " (SSH_PROXY_JUMP): the key "
                    + "EC2_KEY_PAIR_PATH=" + master.keyFile() + " (SSH_PROXY_JUMP_KEY is unset) was not accepted by the jump host\n",
                    r.err());
        }
        Result set = wadal("ssh", "p", "-p", "SSH_PROXY_JUMP_KEY=" + master.keyFile(), "-p", "SSH_PROXY_JUMP=jumper@127.0.0.1:" + jump.port(),
                "--", "true");
        assertEquals(0, set.exitCode(), set.toString());
    }

    @Test
    void anUnreachableJumpHostIsNamed() throws IOException {
        int closed = SshMaster.freePort();
        Records.profileWithCluster(home, "p", "SSH_PROXY_JUMP=jumper@127.0.0.1:" + closed + "\n", master);
        Result r = wadal("ssh", "p", "--", "true");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("wadal: cannot connect to the jump host jumper@127.0.0.1:" + closed + " (SSH_PROXY_JUMP): connection refused\n",
                r.err());
        assertEquals(0, master.sessions());
    }
}
