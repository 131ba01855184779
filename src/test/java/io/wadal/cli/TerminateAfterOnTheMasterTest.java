package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --terminate-after kept by the master: with EMR_TERM_* keys, the job's end makes the master call
 * TerminateJobFlows itself (its {@code aws} is the fake master's recorder), whether or not wadal
 * is still attached; without any means, this machine does it, attached only, as before.
 */
@ExtendWith({MotoServer.class, FakeMaster.class})
@Slow
class TerminateAfterOnTheMasterTest {
    private static final String ACCESS = "AKIATERMJOBEND00001";
    private static final String SECRET = "termSecret/JobEnd+Key-4";

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
                + "INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\n" + master.profileLines()
                + "EMR_TERM_ACCESS_KEY=" + ACCESS + "\nEMR_TERM_SECRET_KEY=" + SECRET + "\n");
        emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
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
        // terminate_cluster goes under the master's sysroot/, never this machine's /usr/bin
        return new WadalRun(home).env(moto.env()).env("WADAL_MASTER_ROOT", "sysroot");
    }

    private String state() {
        return emr.describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString();
    }

    /** The master's TerminateJobFlows calls (its aws recorder), once there are {@code count}, or as they are after 30 s. */
    private List<Map<String, String>> awaitTerminations(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (master.calls("aws").size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return master.calls("aws");
    }

    private void assertNoSecretOnACommandLine(Result... results) {
        for (String c : master.commands()) {
            assertFalse(c.contains(SECRET) || c.contains(ACCESS), c);
        }
        for (Result r : results) {
            assertFalse(r.toString().contains(SECRET), r.toString());
        }
    }

    @Test
    void attachedTheMasterEndsTheClusterWhenTheJobEndsAndWadalKeepsTheJobsStatus() throws Exception {
        master.failTool("spark-submit", 3, "job failed");

        Result r = wadal().run("run-pyspark", "p", "job.py", "--terminate-after");

        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains("The master terminates cluster " + id + " now that the job has ended"), r.toString());
        List<Map<String, String>> calls = awaitTerminations(1);
        assertEquals(1, calls.size(), calls.toString());
        assertEquals("emr\nterminate-clusters\n--region\n" + MotoServer.REGION + "\n--cluster-ids\n" + id, calls.get(0).get("args"));
        assertEquals(ACCESS, calls.get(0).get("AWS_ACCESS_KEY_ID"), "terminate_cluster's keys, in its environment only");
        assertEquals("WAITING", state(), "this machine did not terminate it: the master did (its aws is a recorder here)");
        assertNoSecretOnACommandLine(r);
    }

    @Test
    void detachedNoLaptopIsNeededTheJobsEndEndsTheCluster() throws Exception {
        master.holdTool("spark-submit");

        Result r = wadal().run("run-pyspark", "p", "job.py", "--detach", "--terminate-after");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().strip().matches("py-\\d{8}-\\d{4}-job(-\\d+)?"), r.toString());
        assertTrue(r.err().contains("when it ends, the master terminates cluster " + id), r.toString());
        assertEquals(List.of(), master.calls("aws"), "the job still runs: nothing is terminated yet");
        // wadal has exited: what follows happens on the master alone
        master.release("spark-submit");
        List<Map<String, String>> calls = awaitTerminations(1);
        assertEquals(1, calls.size(), calls.toString());
        assertTrue(calls.get(0).get("args").endsWith("--cluster-ids\n" + id), calls.toString());
        assertNoSecretOnACommandLine(r);
    }

    @Test
    void aClusterThatEndedWhileTheConnectionWasDownStopsTheFollowAtOnce(FakeMaster fake) throws Exception {
        master.holdTool("spark-submit");
        WadalRun wadal = wadal();
        WadalRun.Background run = wadal.start("run-pyspark", "p", "job.py", "--terminate-after");
        run.awaitOut("fake spark-submit ran");
        emr.terminateJobFlows(b -> b.jobFlowIds(id)); // as the master does at the job's end
        fake.stopListening();

        Result r = run.result();

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("cluster " + id + " is TERMINATED"), r.toString());
        assertEquals(List.of(java.time.Duration.ofSeconds(2)), wadal.sleeps(), "one try found the cluster gone, and no more: " + r);
        assertFalse(r.err().contains("could not reconnect") || r.err().contains("The job goes on"), r.toString());
    }

    @Test
    void aKilledJobEndsNothing() throws Exception {
        master.holdTool("spark-submit");
        String job = wadal().run("run-pyspark", "p", "job.py", "--detach", "--terminate-after").out().strip();

        Result kill = wadal().run("jobs", "p", "--kill", job);

        assertEquals(0, kill.exitCode(), kill.toString());
        // (the held spark-submit went with the kill: nothing to release)
        // until the job's runner has gone: past the point where it would have ended the cluster
        Path folder = master.home().resolve(".wadal/jobs/" + job);
        long runner = Long.parseLong(Files.readString(folder.resolve("pid")).strip());
        ProcessHandle.of(runner).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        assertEquals("killed", Files.readString(folder.resolve("status")).strip());
        assertEquals(List.of(), master.calls("aws"));
        assertFalse(Files.exists(folder.resolve("terminate.out")));
    }

    @Test
    void withNoWayForTheMasterDetachingIsRefusedAndAttachedThisMachineTerminatesIt() throws Exception {
        // no keys, and moto has no instance profile: the master could not end the cluster
        Result detached = wadal().run("run-pyspark", "p", "job.py", "--detach", "--terminate-after",
                "--set", "EMR_TERM_ACCESS_KEY=", "--set", "EMR_TERM_SECRET_KEY=");
        assertEquals(2, detached.exitCode(), detached.toString());
        assertTrue(detached.err().contains("--detach with --terminate-after needs the master to terminate the cluster itself, and it "
                + "cannot: instance profile EMR_EC2_DefaultRole does not exist."), detached.toString());
        assertEquals(List.of(), master.calls("spark-submit"), "refused before anything ran");

        Result attached = wadal().run("run-pyspark", "p", "job.py", "--terminate-after",
                "--set", "EMR_TERM_ACCESS_KEY=", "--set", "EMR_TERM_SECRET_KEY=");
        assertEquals(0, attached.exitCode(), attached.toString());
        assertTrue(attached.err().contains("--terminate-after: the master cannot terminate the cluster itself"), attached.toString());
        assertTrue(attached.err().contains("Cluster " + id + " terminated."), attached.toString());
        assertEquals("TERMINATED", state());
        assertEquals(List.of(), master.calls("aws"));
    }
}
