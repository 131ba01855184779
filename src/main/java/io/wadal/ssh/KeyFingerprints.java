package io.wadal.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Compares the fingerprint EC2 shows for a key pair with a local private key. EC2 uses a different
 * fingerprint for each way a key pair came to be (DescribeKeyPairs' KeyFingerprint): for a key pair
 * EC2 created, RSA: the SHA-1 of the DER PKCS#8 private key; for an imported RSA public key: the MD5
 * of the DER public key; for ed25519: the base64 SHA-256 of the OpenSSH public key blob, as
 * {@code ssh-keygen -l} prints it. The kind is told apart by the fingerprint's form and length.
 */
public final class KeyFingerprints {
    private static final Pattern HEX = Pattern.compile("\\p{XDigit}{2}(:\\p{XDigit}{2})+");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{40,}={0,2}");

    public enum Match { MATCH, MISMATCH, NOT_COMPARED }

    /**
     * @param match  whether the local key is the key pair's
     * @param local  the local key's fingerprint of the kind EC2 showed (for a message), or the reason
     *               it was not compared
     */
    public record Comparison(Match match, String local) {
    }

    private KeyFingerprints() {
    }

    public static Comparison compare(String ec2Fingerprint, KeyPair local) {
        String fp = ec2Fingerprint == null ? "" : ec2Fingerprint.trim();
        if (fp.startsWith("SHA256:")) {
            fp = fp.substring("SHA256:".length());
        }
        List<String> candidates = new ArrayList<>();
        String shown;
        if (HEX.matcher(fp).matches()) {
            fp = fp.toLowerCase(Locale.ROOT);
            byte[] publicDer = local.getPublic().getEncoded();
            byte[] privateDer = local.getPrivate() == null ? null : local.getPrivate().getEncoded();
            switch (fp.split(":").length) {
                case 16 -> candidates.add(colonHex("MD5", publicDer));
                case 20 -> {
                    candidates.add(colonHex("SHA-1", privateDer));
                    // moto (the emulator) hashes the public key for a key pair it created
                    candidates.add(colonHex("SHA-1", publicDer));
                }
                case 32 -> {
                    String openSsh = openSshSha256(local);
                    candidates.add(openSsh == null ? null
                            : HexFormat.ofDelimiter(":").formatHex(Base64.getDecoder().decode(pad(openSsh))));
                    // moto shows ed25519 fingerprints as hex of the DER public key's SHA-256
                    candidates.add(colonHex("SHA-256", publicDer));
                }
                default -> {
                    return new Comparison(Match.NOT_COMPARED, "a fingerprint of a kind wadal does not know");
                }
            }
        } else if (BASE64.matcher(fp).matches()) {
            fp = stripPadding(fp);
            candidates.add(openSshSha256(local));
        } else {
            return new Comparison(Match.NOT_COMPARED, "a fingerprint of a kind wadal does not know");
        }
        candidates.removeIf(c -> c == null);
        if (candidates.isEmpty()) {
            return new Comparison(Match.NOT_COMPARED, "the local key cannot be encoded for that kind of fingerprint");
        }
        return new Comparison(candidates.contains(fp) ? Match.MATCH : Match.MISMATCH, candidates.get(0));
    }

    /** What EC2 shows for an RSA key pair it created: SHA-1 of the DER PKCS#8 private key, colon hex. */
    public static String ec2Created(KeyPair key) {
        return colonHex("SHA-1", key.getPrivate().getEncoded());
    }

    /** What EC2 shows for an imported RSA public key: MD5 of the DER public key, colon hex. */
    public static String ec2Imported(KeyPair key) {
        return colonHex("MD5", key.getPublic().getEncoded());
    }

    /** The OpenSSH SHA-256 fingerprint, base64 without padding (EC2's for ed25519 key pairs). */
    public static String openSshSha256(KeyPair key) {
        try {
            String fp = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key.getPublic());
            int colon = fp.indexOf(':');
            return stripPadding(colon < 0 ? fp : fp.substring(colon + 1));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String colonHex(String algorithm, byte[] data) {
        if (data == null) {
            return null;
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return HexFormat.ofDelimiter(":").formatHex(digest);
    }

    private static String stripPadding(String b64) {
        return b64.replaceAll("=+$", "");
    }

    private static String pad(String b64) {
        return b64 + "=".repeat((4 - b64.length() % 4) % 4);
    }
}
