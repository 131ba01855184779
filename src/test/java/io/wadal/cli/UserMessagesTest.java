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
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages that used to be library text: each says what was wrong with what the user gave, before any connection. */
@ExtendWith(FakeMaster.class)
class UserMessagesTest {
    @TempDir
    Path home;
    @TempDir
    Path keys;
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
    void aKeyWithAPassphraseIsNamedWithHowToRemoveThePassphrase() throws Exception {
        Path key = keys.resolve("id_ed25519");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "not empty", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertTrue(keygen.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, keygen.exitValue(), new String(keygen.getInputStream().readAllBytes()));
        int sessions = master.sessions();

        Result r = wadal("ssh", "p", "-p", "EC2_KEY_PAIR_PATH=" + key, "--", "true");

        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("wadal: the key EC2_KEY_PAIR_PATH=" + key + " is protected by a passphrase; wadal needs a key without one "
                + "(to remove it: ssh-keygen -p -N '' -f '" + key + "')\n", r.err());
        assertEquals(sessions, master.sessions(), "no connection was tried");
    }

    @Test
    void aSetWithoutEqualsShowsTheWordOnce() {
        for (String[] args : new String[][] {{"ls", "p", "-p", "IDLE_TIMEOUT"}, {"ls", "p", "--set=IDLE_TIMEOUT"}}) {
            Result r = wadal(args);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().startsWith("wadal: -p/--set 'IDLE_TIMEOUT' is not KEY=VALUE (no '='); "
                    + "give a profile key, '=' and its value, e.g. -p IDLE_TIMEOUT=2h\nUsage: wadal ls "), r.toString());
        }
        Result escaped = wadal("ls", "p", "-p", "\u001b]0;title\u0007");
        assertTrue(escaped.err().startsWith("wadal: -p/--set '\\x1b]0;title\\x07' is not KEY=VALUE"), escaped.toString());
        assertEquals(0, master.sessions());
    }

    @Test
    void anEnvWithoutEqualsShowsTheWord() {
        Result r = wadal("run-notebook", "p", "etl.ipynb", "-e", "LIMIT");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("wadal: -e 'LIMIT' is not KEY=VALUE (no '='); give one NAME=VALUE per -e, e.g. -e LIMIT=10\n", r.err());

        Result badName = wadal("run-notebook", "p", "etl.ipynb", "-e", "1X=2");
        assertEquals(2, badName.exitCode(), badName.toString());
        assertEquals("wadal: -e '1X=2': '1X' is not a variable name (letters, digits and _, not starting with a digit); "
                + "give one NAME=VALUE per -e, e.g. -e LIMIT=10\n", badName.err());
        assertEquals(0, master.sessions());
    }
}
