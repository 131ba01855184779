package io.wadal.cli;

import io.wadal.aws.AwsClients;
import io.wadal.testing.MotoServer;
import io.wadal.testing.TestKeys;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EMR terminates a cluster whose bootstrap action fails: logs then reads the bootstrap logs
 * from where EMR pushed them (the cluster's LogUri in the emulator's S3), or says where they are.
 */
@ExtendWith(MotoServer.class)
class LogsOfEndedClusterTest {
    private static final String BUCKET = "wadal-test-bucket";

    @TempDir
    Path home;
    private MotoServer moto;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), "AWS_REGION=" + MotoServer.REGION + "\nAWS_EMR_LABEL=emr-7.5.0\n"
                + "INIT_ASSET_DIR_S3=s3://" + BUCKET + "/assets\nSSH_USER=hadoop\nEC2_KEY_PAIR_PATH="
                + TestKeys.copy(TestKeys.RSA, home) + "\n");
        try (AwsClients aws = new AwsClients(moto.env())) {
            aws.s3(MotoServer.REGION).createBucket(b -> b.bucket(BUCKET)
                    .createBucketConfiguration(c -> c.locationConstraint(MotoServer.REGION)));
        }
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env());
    }

    private String createdThenTerminated(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "create";
        args[1] = "p";
        System.arraycopy(extra, 0, args, 2, extra.length);
        Result r = wadal().run(args);
        assertEquals(0, r.exitCode(), r.toString());
        String id = r.out().trim();
        try (AwsClients aws = new AwsClients(moto.env())) {
            aws.emr(MotoServer.REGION).terminateJobFlows(b -> b.jobFlowIds(id));
        }
        return id;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void theBootstrapLogsOfATerminatedClusterComeFromItsLogUri() throws IOException {
        String id = createdThenTerminated();
        String node = "assets/logs/" + id + "/node/i-0master/bootstrap-actions/1/";
        try (AwsClients aws = new AwsClients(moto.env())) {
            S3Client s3 = aws.s3(MotoServer.REGION);
            s3.putObject(b -> b.bucket(BUCKET).key(node + "stderr.gz"), RequestBody.fromBytes(gzip("ERROR: No matching distribution\n")));
            s3.putObject(b -> b.bucket(BUCKET).key(node + "stdout.gz"),
                    RequestBody.fromBytes(gzip("wadal-bootstrap: phase packages failed after 12 s (exit 1)\n")));
            s3.putObject(b -> b.bucket(BUCKET).key("assets/logs/" + id + "/steps/s-1/stdout.gz"), RequestBody.fromBytes(gzip("step\n")));
        }

        Result r = wadal().run("logs", "p", "bootstrap");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("==> s3://" + BUCKET + "/" + node + "stderr.gz <==\nERROR: No matching distribution\n\n"
                + "==> s3://" + BUCKET + "/" + node + "stdout.gz <==\nwadal-bootstrap: phase packages failed after 12 s (exit 1)\n",
                r.out(), r.toString());
        assertTrue(r.err().contains("cluster " + id + " is TERMINATED (no reason given by EMR): its bootstrap logs from s3://"
                + BUCKET + "/assets/logs/" + id + "/node/"), r.toString());
        assertTrue(r.err().contains("aws s3 cp --recursive s3://" + BUCKET + "/assets/logs/" + id + "/ "), r.toString());
    }

    @Test
    void noBootstrapLogsYetSaysWhereEmrPutsThem() {
        String id = createdThenTerminated();
        Result r = wadal().run("logs", "p", "bootstrap");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("no bootstrap logs in s3://" + BUCKET + "/assets/logs/" + id + "/node/"), r.toString());
        assertTrue(r.err().contains("aws s3 ls --recursive s3://" + BUCKET + "/assets/logs/" + id + "/"), r.toString());
    }

    @Test
    void theStepLogsOfATerminatedClusterAreNamedInS3() {
        String id = createdThenTerminated();
        Result r = wadal().run("logs", "p", "steps");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("cluster " + id + " is TERMINATED (no reason given by EMR): its master is gone; EMR keeps "
                + "its logs in s3://" + BUCKET + "/assets/logs/" + id + "/"), r.toString());
        assertTrue(r.err().contains("aws s3 cp --recursive s3://" + BUCKET + "/assets/logs/" + id + "/ ./" + id + "-logs"), r.toString());
    }

    @Test
    void withoutALogUriItSaysNoLogsWereKeptAndHowToKeepThem() {
        String id = createdThenTerminated("-p", "EMR_LOG_DIR_S3=off");
        Result r = wadal().run("logs", "p", "bootstrap", "-p", "EMR_LOG_DIR_S3=off");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("cluster " + id + " is TERMINATED (no reason given by EMR) and EMR kept no logs of it"), r.toString());
        assertTrue(r.err().contains("EMR_LOG_DIR_S3"), r.toString());
    }
}
