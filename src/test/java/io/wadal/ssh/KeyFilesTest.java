package io.wadal.ssh;

import io.wadal.WadalException;
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
        Path key = dir.resolve(type + (pem ? ".pem" : ""));
        ProcessBuilder pb = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-f", key.toString());
        if (!bits.isEmpty()) {
            pb.command().addAll(java.util.List.of("-b", bits));
        }
        if (pem) {
            pb.command().addAll(java.util.List.of("-m", "PEM"));
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
