package io.wadal.cli;

import io.wadal.jupyter.JupyterServersTest;
import io.wadal.shell.ShellQuote;
import io.wadal.ssh.FileTransferTest;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.SshTarget;
import io.wadal.testing.OpenSshServer;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.SshdProcess.ClientKey;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interop: wadal against a real OpenSSH sshd on 127.0.0.1 as the master. The command
 * tests rerun here as they are, one line each: a test class that takes {@link io.wadal.testing.SshMaster}
 * instead of FakeMaster gets the real sshd under this class.
 */
@ExtendWith(OpenSshServer.class)
@Slow
class OpenSshInteropTest {
    @Nested
    class Ssh extends SshCommandTest {
    }

    @Nested
    class Ls extends LsCommandTest {
    }

    @Nested
    class Transfers extends TransferCommandsTest {
    }

    @Nested
    class RunJobs extends RunJobCommandsTest {
    }

    @Nested
    class Jobs extends JobsCommandTest {
    }

    @Nested
    class TerminateAfterRun extends TerminateAfterRunTest {
    }

    @Nested
    class TerminateCheck extends TerminateCheckTest {
    }

    @Nested
    class AddTermcmd extends AddTermcmdCommandTest {
    }

    @Nested
    class Logs extends LogsCommandTest {
    }

    @Nested
    class Sftp extends FileTransferTest {
    }

    @Nested
    class Jupyter extends JupyterServersTest {
    }

    @Nested
    class WaitReady extends WaitReadyCommandTest {
    }

    @Nested
    class JupyterAndTunnel extends JupyterCommandTest {
    }

    @Nested
    class CreateJupyter extends CreateJupyterTest {
    }

    @Nested
    class SecretLeak extends SecretLeakTest {
    }

    @TempDir
    Path home;

    private Result wadal(String... args) {
        return new WadalRun(home).run(args);
    }

    private static MinaRemoteShell connect(OpenSshServer sshd) {
        return MinaRemoteShell.connect(new SshTarget("127.0.0.1", sshd.port(), sshd.user(), sshd.keyFile(), null, null), pin -> { });
    }

    @ParameterizedTest
    @EnumSource(ClientKey.class)
    void eachKeyFormatLogsIn(ClientKey type, OpenSshServer sshd) throws IOException {
        Records.profileWithCluster(home, "p", "EC2_KEY_PAIR_PATH=" + sshd.keyFile(type) + "\n", sshd);

        Result r = wadal("ssh", "p", "--", "id -un");

        assertEquals(0, r.exitCode(), r + sshd.log());
        assertEquals(sshd.user() + "\n", r.out());
    }

    @Test
    void thePinIsSshdsHostKeyAndAnotherKeyOnTheSameAddressIsRefused(OpenSshServer sshd) throws IOException {
        Records.profileWithCluster(home, "p", "", sshd);
        assertEquals(0, wadal("ssh", "p", "--", "true").exitCode());
        String pinned = Files.readString(home.resolve("clusters/p.json")).replaceAll("(?s).*\"hostKeyFingerprint\" : \"([^\"]+)\".*", "$1");
        assertTrue(sshd.hostKeyFingerprints().contains(pinned), pinned + " among " + sshd.hostKeyFingerprints());

        sshd.replaceHostKey();
        Result r = wadal("ssh", "p", "--", "touch works/should-not-exist");

        assertEquals(1, r.exitCode(), r.toString());
        String offered = r.err().replaceAll("(?s).*offered host key (SHA256:\\S+) but this cluster's key is.*", "$1");
        assertTrue(sshd.hostKeyFingerprints().contains(offered), r.toString());
        assertNotEquals(pinned, offered);
        assertTrue(r.err().contains(pinned), r.toString());
        assertFalse(Files.exists(sshd.works().resolve("should-not-exist")));
        assertEquals(List.of("true"), sshd.commands());
    }

    @Test
    void aMasterARealJumpHostCannotReachIsToldInSshdsWordsAlone(OpenSshServer sshd) throws IOException {
        int closed = SshMaster.freePort();
        Records.profileWithCluster(home, "p", "SSH_PROXY_JUMP=" + sshd.user() + "@127.0.0.1:" + sshd.port() + "\nSSH_PORT=" + closed
                + "\n", sshd);
        Result r = wadal("ssh", "p", "--", "true");
        assertEquals(1, r.exitCode(), r + sshd.log());
        assertTrue(r.err().startsWith("wadal: cannot connect to the master " + sshd.user() + "@127.0.0.1:" + closed + " through the jump host "
                + sshd.user() + "@127.0.0.1:" + sshd.port() + ": the jump host could not connect to it (Connection refused);"), r.toString());
    }

    @Test
    void sftpWritesAndReadsAFileOfSomeMegabytes(OpenSshServer sshd) throws IOException {
        byte[] content = new byte[5 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);

        try (MinaRemoteShell shell = connect(sshd)) {
            SftpClient sftp = shell.sftp();
            try (OutputStream out = sftp.write("works/blob.bin")) {
                out.write(content);
            }
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            try (InputStream in = sftp.read("works/blob.bin")) {
                in.transferTo(back);
            }
            assertArrayEquals(content, back.toByteArray());
        }
        Path onDisk = sshd.works().resolve("blob.bin");
        assertArrayEquals(content, Files.readAllBytes(onDisk));
        assertEquals(sshd.user(), Files.getOwner(onDisk).getName());
        assertEquals(List.of(), sshd.commands(), "SFTP runs no command line");
    }

    @Test
    void quotedValuesReachTheCommandLiterallyThroughTheLoginShell(OpenSshServer sshd) {
        List<String> values = List.of("my \"note\" $(x).ipynb", "it's", "a\nb", "`id`", "-n", "$HOME", "*", "back\\slash",
                "  spaced  ", "semi;colon && echo pwned", "", "tab\there", "한글 노트.ipynb");
        try (MinaRemoteShell shell = connect(sshd)) {
            for (String value : values) {
                ExecResult r = shell.run("printf %s " + ShellQuote.quote(value), null);
                assertEquals(0, r.exitStatus(), value + ": " + r);
                assertEquals(value, r.out(), value);
            }
            String name = "my \"note\" $(touch pwned).ipynb";
            assertEquals(0, shell.run("touch -- " + ShellQuote.quote("works/" + name), null).exitStatus());
            assertTrue(Files.exists(sshd.works().resolve(name)));
        }
        assertFalse(Files.exists(sshd.home().resolve("pwned")));
        assertEquals("printf %s " + ShellQuote.quote("a\nb"), sshd.commands().get(2), "the recorded command line is byte for byte");
    }

    @Test
    void execGivesStatusStdoutStderrAndAllOfAStdinOfSomeMegabytes(OpenSshServer sshd) {
        byte[] input = new byte[3_000_000];
        new Random(3).nextBytes(input);
        try (MinaRemoteShell shell = connect(sshd)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = shell.exec("wc -c; echo to-stderr >&2; exit 42", new ByteArrayInputStream(input), out, err);
            assertEquals(42, status);
            assertEquals("3000000", out.toString(StandardCharsets.UTF_8).trim());
            assertEquals("to-stderr\n", err.toString(StandardCharsets.UTF_8));

            ExecResult killed = shell.run("kill -9 $$", null);
            assertEquals(255, killed.exitStatus(), "no exit status from a killed shell, as OpenSSH's ssh says: " + killed);
        }
    }
}
