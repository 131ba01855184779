package io.wadal.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Fixed key files for tests (src/test/resources/keys, made for wadal's tests only): an RSA key as
 * EC2's CreateKeyPair hands it out, one made by ssh-keygen (PEM), and an ed25519 key (OpenSSH
 * format), with the public halves of the last two. Git keeps no file modes, so each is copied out
 * with mode 0600.
 */
public final class TestKeys {
    public static final String EC2_CREATED_RSA = "ec2_created_rsa.pem";
    public static final String RSA = "imported_rsa";
    public static final String ED25519 = "ed25519";

    private TestKeys() {
    }

    /** The key file copied into dir, readable by its owner only. */
    public static Path copy(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = TestKeys.class.getResourceAsStream("/keys/" + name)) {
            if (in == null) {
                throw new IOException("no test key " + name);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        return target;
    }

    /** The OpenSSH public key line of {@link #RSA} or {@link #ED25519}. */
    public static String publicKey(String name) throws IOException {
        try (InputStream in = TestKeys.class.getResourceAsStream("/keys/" + name + ".pub")) {
            if (in == null) {
                throw new IOException("no public test key " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }
}
