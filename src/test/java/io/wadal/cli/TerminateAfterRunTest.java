package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Records;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --terminate-after against a cluster launched in moto whose master is the fake master. */
@ExtendWith({MotoServer.class, FakeMaster.class})
class TerminateAfterRunTest {
    @TempDir
    Path home;
    private MotoServer moto;
    private SshMaster master;
    private EmrClient emr;
    private String id;

    @BeforeEach
    void setUp(MotoServer moto, SshMaster master) throws IOException {
        this.moto = moto;
        this.master = master;
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), "AWS_REGION=" + MotoServer.REGION + "\nAWS_EMR_LABEL=emr-7.5.0\n"
                + "INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\n" + master.profileLines());
        emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
        Result created = wadal().run("create", "p");
        assertEquals(0, created.exitCode(), created.toString());
        id = created.out().trim();
        Records.markWorkspaceReady(home, "p");
    }

    @AfterEach
    void closeClient() {
        emr.close();
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env());
    }

    private String state() {
        return emr.describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString();
    }

    private boolean recorded() {
        return Files.exists(home.resolve("clusters/p.json")) || Files.exists(home.resolve("clusters/p_cluster.id"));
    }

    @Test
    void aFailingJobTerminatesTheClusterAndKeepsItsStatus() throws IOException {
        master.failTool("spark-submit", 4, "job failed");
        Result r = wadal().run("run-pyspark", "p", "job.py", "--terminate-after");

        assertEquals(4, r.exitCode(), r.toString());
        // the job's stderr is in its log on the master, combined with its stdout: both come on stdout
        assertEquals("fake spark-submit ran\njob failed", r.out());
        assertTrue(r.err().contains("Cluster " + id + " terminated."), r.toString());
        assertEquals("TERMINATED", state());
        assertFalse(recorded());
    }

    @Test
    void aSuccessfulNotebookTerminatesTheClusterAndExitsZero() throws IOException {
        Result r = wadal().run("run-notebook", "p", "nb.ipynb", "--terminate-after");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, master.calls("papermill").size());
        assertEquals("TERMINATED", state());
        assertFalse(recorded());
    }

    @Test
    void withoutTheFlagTheClusterKeepsRunning() {
        Result r = wadal().run("run-pyspark", "p", "job.py");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("WAITING", state());
        assertTrue(recorded());
    }

    @Test
    void anUnreachableMasterStillTerminates() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Result r = wadal().run("run-notebook", "p", "nb.ipynb", "--set", "SSH_PORT=" + closed, "--terminate-after");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("connection refused"), r.toString());
        assertEquals("TERMINATED", state());
        assertFalse(recorded());
    }

    @Test
    void aUsageErrorTerminatesNothing() {
        Result r = wadal().run("run-pyspark", "p", "job.py", "-e", "NOT-A-NAME=1", "--terminate-after");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("WAITING", state());
        assertTrue(recorded());
    }

    @Test
    void aFailedTerminationIsReportedAndFailsASuccessfulRun() throws IOException {
        WadalRun noAws = wadal().env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        Result r = noAws.run("run-pyspark", "p", "job.py", "--terminate-after");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("fake spark-submit ran\n", r.out());
        assertTrue(r.err().contains("wadal: could not terminate cluster " + id + " after the run: EMR DescribeCluster failed"), r.toString());
        assertTrue(r.err().contains("run 'wadal terminate --force p'"), r.toString());

        master.failTool("spark-submit", 7, "");
        r = noAws.run("run-pyspark", "p", "job.py", "--terminate-after");
        assertEquals(7, r.exitCode(), "a failed run keeps its own status: " + r);
        assertEquals("WAITING", state());
        assertTrue(recorded());
    }
}
