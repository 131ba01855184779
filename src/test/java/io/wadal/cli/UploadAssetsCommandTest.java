package io.wadal.cli;

import io.wadal.testing.MotoServer;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(MotoServer.class)
class UploadAssetsCommandTest {
    @TempDir
    Path home;
    private MotoServer moto;
    private S3Client s3;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), """
                AWS_REGION=ap-northeast-2
                AWS_EMR_LABEL=emr-7.5.0
                INIT_ASSET_DIR_S3=s3://wadal-test-bucket/team/assets
                """);
        s3 = S3Client.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
        s3.createBucket(b -> b.bucket("wadal-test-bucket")
                .createBucketConfiguration(c -> c.locationConstraint(MotoServer.REGION)));
    }

    private Result upload(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "upload-assets";
        args[1] = "p";
        System.arraycopy(extra, 0, args, 2, extra.length);
        return new WadalRun(home).env(moto.env()).run(args);
    }

    private List<String> keys() {
        return s3.listObjectsV2(b -> b.bucket("wadal-test-bucket")).contents().stream().map(S3Object::key).sorted().toList();
    }

    private String object(String key) {
        return s3.getObjectAsBytes(b -> b.bucket("wadal-test-bucket").key(key)).asUtf8String();
    }

    @Test
    void uploadsEveryAssetOnceAndNothingTheSecondTime() {
        Result first = upload();
        assertEquals(0, first.exitCode(), first.toString());
        List<String> keys = keys();
        assertTrue(keys.containsAll(List.of("team/assets/boot_eda.sh", "team/assets/cp_assets.sh",
                "team/assets/run_jupyter.sh", "team/assets/emr_config.json", "team/assets/NanumGothic.ttf")), keys.toString());
        assertFalse(keys.contains("team/assets/_cp_assets.sh"), "the template itself is not uploaded");
        String cp = object("team/assets/cp_assets.sh");
        assertTrue(cp.contains("s3://wadal-test-bucket/team/assets") && cp.contains("ap-northeast-2"), cp);
        assertFalse(cp.contains("{INIT_ASSET_DIR_S3}") || cp.contains("{AWS_REGION}"), cp);
        assertTrue(first.out().startsWith(keys.size() + " uploaded, 0 unchanged"), first.out());

        Result second = upload();
        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.out().startsWith("0 uploaded, " + keys.size() + " unchanged"), second.out());
    }

    @Test
    void aChangedAssetAndALocalBootstrapScriptAreUploaded() throws IOException {
        assertEquals(0, upload().exitCode());
        Files.createDirectories(home.resolve("assets"));
        Files.writeString(home.resolve("assets/boot_etl.sh"), "#!/bin/bash\necho our own etl boot\n");
        Files.writeString(home.resolve("my_boot.sh"), "#!/bin/bash\necho mine\n");

        Result r = upload("-p", "BOOTSTRAP_SCRIPT=./my_boot.sh");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("2 uploaded,"), r.toString());
        assertEquals("#!/bin/bash\necho our own etl boot\n", object("team/assets/boot_etl.sh"));
        assertEquals("#!/bin/bash\necho mine\n", object("team/assets/my_boot.sh"));
    }

    @Test
    void thePipIndexesGoToAPipConfInTheAssetDirAndAStaleOneIsRemoved() throws IOException {
        String token = "eyJ2ZXIiOjF9.codeartifact-token";
        Files.writeString(home.resolve("profiles/p"), Files.readString(home.resolve("profiles/p"))
                + "PIP_INDEX_URL=https://aws:" + token + "@team-1.d.codeartifact.ap-northeast-2.amazonaws.com/pypi/py/simple/\n"
                + "PIP_EXTRA_INDEX_URL=https://pypi.example.com/simple/\n");
        Result r = upload();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("# written by wadal upload-assets from the profile's pip keys\n[global]\n"
                + "index-url = https://aws:" + token + "@team-1.d.codeartifact.ap-northeast-2.amazonaws.com/pypi/py/simple/\n"
                + "extra-index-url = https://pypi.example.com/simple/\n", object("team/assets/pip.conf"));
        assertFalse(r.out().contains(token) || r.err().contains(token), r.toString());
        assertTrue(r.err().contains("s3://wadal-test-bucket/team/assets/pip.conf"), r.toString());

        Files.writeString(home.resolve("profiles/p"), Files.readString(home.resolve("profiles/p"))
                .replaceAll("(?m)^PIP_.*\n", ""));
        r = upload();
        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(keys().contains("team/assets/pip.conf"), keys().toString());
        assertTrue(r.err().contains("removed   s3://wadal-test-bucket/team/assets/pip.conf (PIP_INDEX_URL and "
                + "PIP_EXTRA_INDEX_URL are unset"), r.toString());
        r = upload();
        assertFalse(r.err().contains("removed"), "nothing to remove the second time: " + r);
    }

    @Test
    void withoutPipIndexesThereIsNoPipConf() {
        assertEquals(0, upload().exitCode());
        assertFalse(keys().contains("team/assets/pip.conf"), keys().toString());
        assertTrue(keys().containsAll(List.of("team/assets/constraints-emr6.txt", "team/assets/constraints-emr7.txt")),
                keys().toString());
    }

    @Test
    void aMissingBucketIsExit1NamingIt() {
        s3.deleteBucket(b -> b.bucket("wadal-test-bucket"));
        Result r = upload();
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("wadal-test-bucket"), r.toString());
    }

    @Test
    void withoutAnAssetDirItIsAUsageError() throws IOException {
        Files.writeString(home.resolve("profiles/p"), "AWS_REGION=ap-northeast-2\n");
        Result r = upload();
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("INIT_ASSET_DIR_S3"), r.toString());
    }
}
