package io.wadal.ssh;

import io.wadal.ssh.KeyFingerprints.Match;
import io.wadal.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The expected fingerprints were computed outside Java: openssl (`openssl pkcs8 -topk8 -nocrypt
 * -outform DER | openssl sha1 -c` for an EC2-created key, `openssl rsa -pubout -outform DER |
 * openssl md5 -c` for an imported one), ssh-keygen -l for ed25519, and what moto 5.2.1 answered.
 */
class KeyFingerprintsTest {
    @TempDir
    Path dir;

    private KeyPair key(String name) throws IOException {
        return KeyFiles.load(TestKeys.copy(name, dir)).get(0);
    }

    @Test
    void anEc2CreatedRsaKeyIsTheSha1OfItsPkcs8PrivateKey() throws IOException {
        KeyPair k = key(TestKeys.EC2_CREATED_RSA);
        assertEquals("f5:ff:60:b9:1d:b8:d2:dd:62:b4:7a:6e:fd:13:0f:59:86:66:c0:b3", KeyFingerprints.ec2Created(k));
        assertEquals(Match.MATCH, KeyFingerprints.compare("f5:ff:60:b9:1d:b8:d2:dd:62:b4:7a:6e:fd:13:0f:59:86:66:c0:b3", k).match());
        // what moto shows for the key pair it created (SHA-1 of the public key)
        assertEquals(Match.MATCH, KeyFingerprints.compare("13:2c:c9:2d:9e:b1:38:4e:aa:f2:0f:44:95:d9:0a:43:c3:70:af:cc", k).match());
    }

    @Test
    void anImportedRsaKeyIsTheMd5OfItsDerPublicKey() throws IOException {
        KeyPair k = key(TestKeys.RSA);
        assertEquals("a7:b5:0e:93:83:08:64:1a:83:f7:e1:d3:4e:96:02:ef", KeyFingerprints.ec2Imported(k));
        assertEquals(Match.MATCH, KeyFingerprints.compare("A7:B5:0E:93:83:08:64:1A:83:F7:E1:D3:4E:96:02:EF", k).match());
    }

    @Test
    void anEd25519KeyIsTheOpenSshSha256InBase64() throws IOException {
        KeyPair k = key(TestKeys.ED25519);
        assertEquals("1GPIIP9JOGW/DP2OaOmrsJ9rtF1Si5u6Wud1FUS1hKo", KeyFingerprints.openSshSha256(k));
        assertEquals(Match.MATCH, KeyFingerprints.compare("1GPIIP9JOGW/DP2OaOmrsJ9rtF1Si5u6Wud1FUS1hKo=", k).match());
        assertEquals(Match.MATCH, KeyFingerprints.compare("SHA256:1GPIIP9JOGW/DP2OaOmrsJ9rtF1Si5u6Wud1FUS1hKo", k).match());
        // moto: hex of the SHA-256 of the DER public key
        assertEquals(Match.MATCH, KeyFingerprints.compare(
                "63:81:7b:19:cd:78:c1:93:35:ce:eb:b4:7e:85:de:3a:53:45:69:74:e7:18:51:42:c4:88:fe:3b:4e:56:96:a9", k).match());
    }

    @Test
    void anotherKeysFingerprintIsAMismatchOfTheSameKind() throws IOException {
        KeyFingerprints.Comparison c = KeyFingerprints.compare("a7:b5:0e:93:83:08:64:1a:83:f7:e1:d3:4e:96:02:ef",
                key(TestKeys.EC2_CREATED_RSA));
        assertEquals(Match.MISMATCH, c.match());
        assertEquals(KeyFingerprints.ec2Imported(key(TestKeys.EC2_CREATED_RSA)), c.local());
        assertEquals(Match.MISMATCH, KeyFingerprints.compare("1GPIIP9JOGW/DP2OaOmrsJ9rtF1Si5u6Wud1FUS1hKo=",
                key(TestKeys.RSA)).match());
    }

    @Test
    void aFingerprintOfAnUnknownKindIsNotCompared() throws IOException {
        KeyPair k = key(TestKeys.RSA);
        assertEquals(Match.NOT_COMPARED, KeyFingerprints.compare("", k).match());
        assertEquals(Match.NOT_COMPARED, KeyFingerprints.compare("ab:cd:ef", k).match());
        assertEquals(Match.NOT_COMPARED, KeyFingerprints.compare("MD5:whatever", k).match());
    }
}
