package io.wadal.ssh;

import io.wadal.error.ExceptionText;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.profile.ProfileKey;
import io.wadal.shell.ShellQuote;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** Reads the private key of EC2_KEY_PAIR_PATH (PEM or OpenSSH format; RSA, ECDSA, ed25519), refusing it as OpenSSH does when others can read it. */
public final class KeyFiles {
    private KeyFiles() {
    }

    /**
     * Why the key file cannot be used without reading it: missing, or readable by group or others
     * (Windows has no such modes, so there only presence counts). Empty when it is fine.
     */
    public static Optional<String> unusableBecause(Path file) {
        return unusableBecause(file, ProfileKey.EC2_KEY_PAIR_PATH);
    }

    /** As {@link #unusableBecause(Path)} for the key file of this profile key (EC2_KEY_PAIR_PATH or SSH_PROXY_JUMP_KEY). */
    public static Optional<String> unusableBecause(Path file, ProfileKey key) {
        if (!Files.isRegularFile(file)) {
            return Optional.of(key + ": no such key file " + file + "; set it to the private key "
                    + (key == ProfileKey.EC2_KEY_PAIR_PATH ? "(.pem) of your EC2 key pair" : "the jump host accepts"));
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                return Optional.of("permissions " + PosixFilePermissions.toString(perms) + " for key file " + file
                        + " are too open: others could read it, so it will not be used; run: chmod 600 '" + file + "'");
            }
        } catch (UnsupportedOperationException e) {
            // Windows: no POSIX modes to check.
        } catch (IOException e) {
            return Optional.of("cannot read key file " + file + ": " + ExceptionText.of(e));
        }
        return Optional.empty();
    }

    public static List<KeyPair> load(Path file) {
        return load(file, ProfileKey.EC2_KEY_PAIR_PATH);
    }

    /** The keys of the file of this profile key; a usage error (exit 2) naming the key when the file cannot be used. */
    public static List<KeyPair> load(Path file, ProfileKey key) {
        unusableBecause(file, key).ifPresent(why -> {
            throw WadalException.usage(why);
        });
        List<KeyPair> keys = new ArrayList<>();
        // MINA asks for a passphrase only when the key is encrypted; wadal has none to give.
        AtomicBoolean askedForPassphrase = new AtomicBoolean();
        FilePasswordProvider noPassphrase = (session, resource, retryIndex) -> {
            askedForPassphrase.set(true);
            return null;
        };
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in,
                    noPassphrase);
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (askedForPassphrase.get() || encryptedPkcs8(file)) {
                throw new WadalException(ExitCodes.USAGE, passphraseProtected(file, key), e);
            }
            throw new WadalException(ExitCodes.USAGE, "cannot load the private key " + file + ": " + e.getMessage()
                    + " (a PEM or OpenSSH private key without a passphrase is needed)", e);
        }
        if (keys.isEmpty()) {
            throw WadalException.usage("no private key found in " + file + " (a PEM or OpenSSH private key is needed)");
        }
        return keys;
    }

    static String passphraseProtected(Path file) {
        return passphraseProtected(file, ProfileKey.EC2_KEY_PAIR_PATH);
    }

    static String passphraseProtected(Path file, ProfileKey key) {
        return "the key " + key + "=" + file + " is protected by a passphrase; wadal needs a key without one "
                + "(to remove it: ssh-keygen -p -N '' -f " + ShellQuote.quote(file.toString()) + ")";
    }

    /** PKCS#8 with a passphrase (ssh-keygen -m PKCS8), which MINA cannot read without BouncyCastle. */
    private static boolean encryptedPkcs8(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        } catch (IOException e) {
            return false;
        }
    }
}
