package io.wadal.ssh;

import io.wadal.error.WadalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key files as ssh-keygen writes them: every type EC2 and users have, in both formats. */
class KeyFilesTest {
    @TempDir
    Path dir;

    private Path keygen(String type, String bits, boolean pem) throws Exception {
        return keygen(type, bits, pem ? "PEM" : "", "");
    }

    /** format: PEM, PKCS8, or "" for OpenSSH's own. */
    private Path keygen(String type, String bits, String format, String passphrase) throws Exception {
        Path key = dir.resolve(type + (format.isEmpty() ? "" : "." + format.toLowerCase()));
        ProcessBuilder pb = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-f", key.toString());
        if (!bits.isEmpty()) {
            pb.command().addAll(java.util.List.of("-b", bits));
        }
        if (!format.isEmpty()) {
            pb.command().addAll(java.util.List.of("-m", format));
        }
        Process p = pb.redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        return key;
    }

    @ParameterizedTest
    @CsvSource({"rsa,2048,true", "rsa,2048,false", "ecdsa,256,true", "ecdsa,384,false", "ed25519,,false"})
    void loadsEveryKeyTypeAndFormat(String type, String bits, boolean pem) throws Exception {
        Path key = keygen(type, bits == null ? "" : bits, pem);
        assertFalse(KeyFiles.load(key).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"ed25519,,''", "rsa,2048,PEM", "ecdsa,256,PEM", "rsa,2048,''", "ecdsa,256,PKCS8"})
    void aKeyWithAPassphraseIsRefusedSayingSoAndHowToRemoveIt(String type, String bits, String format) throws Exception {
        Path key = keygen(type, bits == null ? "" : bits, format, "correct horse");
        WadalException e = assertThrows(WadalException.class, () -> KeyFiles.load(key));
        assertEquals(2, e.exitCode());
        assertEquals("the key EC2_KEY_PAIR_PATH=" + key + " is protected by a passphrase; wadal needs a key without one "
                + "(to remove it: ssh-keygen -p -N '' -f '" + key + "')", e.getMessage());

        // The advice works: with the old passphrase given, the key is rewritten without one and loads.
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-p", "-P", "correct horse", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        assertFalse(KeyFiles.load(key).isEmpty());
    }

    @Test
    void aKeyOthersCanReadIsRefusedLikeOpenSsh() throws Exception {
        Path key = keygen("ed25519", "", false);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        WadalException e = assertThrows(WadalException.class, () -> KeyFiles.load(key));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("too open") && e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void aMissingKeyFileIsAUsageError() {
        WadalException e = assertThrows(WadalException.class, () -> KeyFiles.load(dir.resolve("nope.pem")));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("nope.pem"), e.getMessage());
    }

    @Test
    void aFileThatIsNoKeyIsAUsageError() throws Exception {
        Path notKey = dir.resolve("notes.txt");
        Files.writeString(notKey, "hello\n");
        Files.setPosixFilePermissions(notKey, PosixFilePermissions.fromString("rw-------"));
        assertEquals(2, assertThrows(WadalException.class, () -> KeyFiles.load(notKey)).exitCode());
    }
}
