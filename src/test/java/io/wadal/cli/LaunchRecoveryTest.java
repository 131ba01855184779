package io.wadal.cli;

import io.wadal.emr.RunJobFlowRequestBuilder;
import io.wadal.state.LaunchIntents;
import io.wadal.testing.FaultProxy.Fault;
import io.wadal.testing.FaultProxy;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
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
import software.amazon.awssdk.services.emr.model.ClusterSummary;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A launch is never duplicated and never lost: create through a proxy that loses RunJobFlow's
 * answer after the emulator processed it, a create killed before its record, and --adopt.
 */
@ExtendWith(MotoServer.class)
@Slow
class LaunchRecoveryTest {
    @TempDir
    Path home;
    private MotoServer moto;
    private EmrClient emr;
    private FaultProxy proxy;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), LifecycleCommandsTest.PROFILE);
        emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
        proxy = new FaultProxy(moto.endpoint());
    }

    @AfterEach
    void tearDown() throws IOException {
        proxy.close();
        emr.close();
    }

    /** wadal through the proxy, with the SDK's retries on: without the fix it would retry RunJobFlow. */
    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env()).env("AWS_ENDPOINT_URL", proxy.endpoint())
                .env("AWS_MAX_ATTEMPTS", "3").env("WADAL_AWS_TIMEOUT_MS", "20000");
    }

    private List<ClusterSummary> clustersInMoto() {
        return emr.listClusters().clusters();
    }

    private Path intentFile() {
        return home.resolve("clusters/.p.launch");
    }

    private void assertOneClusterRecorded(Result r) throws IOException {
        assertEquals(0, r.exitCode(), r.toString());
        List<ClusterSummary> clusters = clustersInMoto();
        assertEquals(1, clusters.size(), "exactly one cluster: " + clusters + "\n" + r);
        String id = clusters.get(0).id();
        assertEquals(id, r.out().trim(), r.toString());
        assertEquals(id + "\n", Files.readString(home.resolve("clusters/p_cluster.id")));
        assertFalse(Files.exists(intentFile()), "the intent is cleared once the cluster is recorded");
    }

    @Test
    void a500AfterRunJobFlowWasProcessedLaunchesOneClusterAndRecordsIt() throws IOException {
        proxy.fail("RunJobFlow", Fault.ERROR_500_AFTER);

        Result r = wadal().run("create", "p");

        assertOneClusterRecorded(r);
        assertEquals(1, proxy.calls("RunJobFlow"), "RunJobFlow sent once, not retried by the SDK");
        assertTrue(r.err().contains("RunJobFlow failed: InternalFailure"), r.toString());
        assertTrue(r.err().contains("Found it: " + r.out().trim()), r.toString());
    }

    @Test
    void aConnectionClosedAfterRunJobFlowWasProcessedLaunchesOneClusterAndRecordsIt() throws IOException {
        proxy.fail("RunJobFlow", Fault.CLOSE_AFTER);

        Result r = wadal().run("create", "p");

        assertOneClusterRecorded(r);
        assertEquals(1, proxy.calls("RunJobFlow"));
        assertTrue(r.err().contains("Unexpected end of file"), r.toString());
    }

    @Test
    void aTimeoutAfterRunJobFlowWasProcessedLaunchesOneClusterAndRecordsIt() throws IOException {
        proxy.fail("RunJobFlow", Fault.HANG_AFTER);
        // A short timeout for every call: the emulator's first answers of a run are slow on a busy machine.
        clustersInMoto();
        myArn();

        Result r = wadal().env("WADAL_AWS_TIMEOUT_MS", "2500").run("create", "p");

        assertOneClusterRecorded(r);
        assertEquals(1, proxy.calls("RunJobFlow"));
        assertTrue(r.err().contains("did not complete before"), r.toString());
    }

    @Test
    void a500BeforeRunJobFlowWasProcessedIsSentAgainAfterTheTagShowsNothing() throws IOException {
        proxy.fail("RunJobFlow", Fault.ERROR_500_BEFORE);

        Result r = wadal().run("create", "p");

        assertOneClusterRecorded(r);
        assertEquals(2, proxy.calls("RunJobFlow"), "sent again once the tag showed no cluster");
        assertTrue(r.err().contains("nothing was launched; sending RunJobFlow again"), r.toString());
    }

    @Test
    void aThrottledRunJobFlowIsSentAgainAfterAPauseWithoutALookup() throws IOException {
        proxy.fail("RunJobFlow", Fault.THROTTLED_BEFORE, Fault.THROTTLED_BEFORE);

        Result r = wadal().run("create", "p");

        assertOneClusterRecorded(r);
        assertEquals(3, proxy.calls("RunJobFlow"), "throttled twice, then accepted");
        assertEquals(0, proxy.calls("ListClusters"), "a throttled call was refused: nothing to look for");
        assertTrue(r.err().contains("EMR is throttling"), r.toString());
    }

    @Test
    void aRefusedRunJobFlowIsNotRetriedAndLeavesNoIntent() {
        proxy.fail("RunJobFlow", Fault.ERROR_400_BEFORE);

        Result r = wadal().run("create", "p");

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("RunJobFlow failed: ValidationException"), r.toString());
        assertEquals(1, proxy.calls("RunJobFlow"));
        assertEquals(0, proxy.calls("ListClusters"), "a refusal is a known outcome: nothing to look for");
        assertFalse(Files.exists(intentFile()));
        assertFalse(Files.exists(home.resolve("clusters/p_cluster.id")));
    }

    @Test
    void whenTheLookupFailsTooTheIntentStaysAndTheNextCommandRecordsTheCluster() throws IOException {
        proxy.fail("RunJobFlow", Fault.ERROR_500_AFTER);
        proxy.fail("ListClusters", Fault.ERROR_500_BEFORE, Fault.ERROR_500_BEFORE, Fault.ERROR_500_BEFORE);

        Result r = wadal().run("create", "p");

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("looking for the cluster failed too"), r.toString());
        assertTrue(r.err().contains("the next 'wadal create p'"), r.toString());
        assertTrue(Files.exists(intentFile()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(intentFile())));
        assertFalse(Files.exists(home.resolve("clusters/p_cluster.id")));
        assertEquals(1, clustersInMoto().size());

        Result state = wadal().run("state", "p");

        assertEquals(0, state.exitCode(), state.toString());
        assertEquals("WAITING\n", state.out());
        String id = clustersInMoto().get(0).id();
        assertTrue(state.err().contains("Recorded cluster " + id), state.toString());
        assertEquals(id + "\n", Files.readString(home.resolve("clusters/p_cluster.id")));
        assertFalse(Files.exists(intentFile()));
    }

    /** What kill -9 between RunJobFlow and the record leaves: an intent, and a cluster carrying its tag. */
    private String killedCreate(String launchId) throws IOException {
        new LaunchIntents(home.resolve("clusters")).write(
                new LaunchIntents.Intent(launchId, "p", MotoServer.REGION, "2026-11-21T09:59:00Z"));
        return runJobFlow(Map.of("wadal:profile", "p", RunJobFlowRequestBuilder.LAUNCH_TAG, launchId,
                RunJobFlowRequestBuilder.CREATOR_TAG, myArn()));
    }

    private String runJobFlow(Map<String, String> tags) {
        return emr.runJobFlow(b -> b.name("team etl").releaseLabel("emr-7.5.0")
                .instances(i -> i.instanceGroups(g -> g.instanceRole(InstanceRoleType.MASTER).instanceType("m5.xlarge")
                        .instanceCount(1)).keepJobFlowAliveWhenNoSteps(true))
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                .jobFlowRole("EMR_EC2_DefaultRole").serviceRole("EMR_DefaultRole")).jobFlowId();
    }

    private String myArn() {
        try (StsClient sts = StsClient.builder().region(Region.of(MotoServer.REGION))
                .endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            return sts.getCallerIdentity().arn();
        }
    }

    @Test
    void aCreateAfterOneKilledBeforeItsRecordRecordsThatClusterAndLaunchesNoOther() throws IOException {
        String orphan = killedCreate("1b0c6f0e-0000-4000-8000-000000000001");

        Result r = wadal().run("create", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(orphan, r.out().trim());
        assertTrue(r.err().contains("Recorded cluster " + orphan), r.toString());
        assertTrue(r.err().contains("cluster 'p' already exists (" + orphan + ")"), r.toString());
        assertEquals(1, clustersInMoto().size());
        assertEquals(0, proxy.calls("RunJobFlow"));
        assertFalse(Files.exists(intentFile()));
    }

    @Test
    void anIntentWhoseLaunchNeverHappenedIsClearedAndCreateLaunches() throws IOException {
        new LaunchIntents(home.resolve("clusters")).write(
                new LaunchIntents.Intent("1b0c6f0e-0000-4000-8000-000000000002", "p", MotoServer.REGION, "2026-11-21T09:59:00Z"));

        Result r = wadal().run("create", "p");

        assertTrue(r.err().contains("EMR shows no active cluster from it"), r.toString());
        assertOneClusterRecorded(r);
    }

    @Test
    void aCreateWhoseRecordCannotBeWrittenIsRecordedByTheNextCreate() throws IOException {
        Files.createDirectories(home.resolve("clusters/p_cluster.id/blocker"));

        Result r = wadal().run("create", "p");

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(Files.exists(intentFile()), "the intent outlives the failed record write");
        Files.delete(home.resolve("clusters/p_cluster.id/blocker"));
        Files.delete(home.resolve("clusters/p_cluster.id"));
        Files.deleteIfExists(home.resolve("clusters/p.json"));

        Result again = wadal().run("create", "p");

        assertOneClusterRecorded(again);
        assertEquals(r.out().trim(), again.out().trim());
        assertEquals(1, proxy.calls("RunJobFlow"));
    }

    @Test
    void createTagsTheClusterWithItsLaunchAndItsCreator() {
        Result r = wadal().run("create", "p");

        assertEquals(0, r.exitCode(), r.toString());
        Map<String, String> tags = emr.describeCluster(b -> b.clusterId(r.out().trim())).cluster().tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(myArn(), tags.get("wadal:creator"));
        assertTrue(tags.get("wadal:launch").matches("[0-9a-f-]{36}"), tags.toString());
    }

    @Test
    void aSecretThatIsAWordOfPlansPlaceholdersIsNotMistakenForALeak() throws IOException {
        Files.writeString(home.resolve("profiles/p"), LifecycleCommandsTest.PROFILE.replace("hunter2-very-secret", "resolved"));

        Result r = wadal().run("create", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(emr.describeCluster(b -> b.clusterId(r.out().trim())).cluster().toString().contains("resolved"));
    }

    @Test
    void adoptTakesOnlyTheCallersClustersUnlessAnyCreator() throws IOException {
        String colleagues = runJobFlow(Map.of("wadal:profile", "p",
                RunJobFlowRequestBuilder.CREATOR_TAG, "arn:aws:iam::123456789012:user/bob"));

        Result adopt = wadal().run("clusters", "--adopt");

        assertEquals(0, adopt.exitCode(), adopt.toString());
        assertTrue(adopt.err().contains("Not adopting 1 cluster(s) created by someone other than " + myArn()), adopt.toString());
        assertTrue(adopt.err().contains("--any-creator"), adopt.toString());
        assertFalse(Files.exists(home.resolve("clusters/p_cluster.id")));

        Result any = wadal().run("clusters", "--adopt", "--any-creator");

        assertEquals(0, any.exitCode(), any.toString());
        assertTrue(any.err().contains("Adopted " + colleagues), any.toString());
        assertEquals(colleagues + "\n", Files.readString(home.resolve("clusters/p_cluster.id")));
    }

    @Test
    void adoptOfSeveralOwnClustersOfAProfileListsThemAndAdoptsNone() {
        String a = runJobFlow(Map.of("wadal:profile", "p", RunJobFlowRequestBuilder.CREATOR_TAG, myArn()));
        String b = runJobFlow(Map.of("wadal:profile", "p", RunJobFlowRequestBuilder.CREATOR_TAG, myArn()));

        Result adopt = wadal().run("clusters", "--adopt");

        assertEquals(1, adopt.exitCode(), adopt.toString());
        assertTrue(adopt.err().contains("Profile 'p' has 2 active clusters; adopting none"), adopt.toString());
        assertTrue(adopt.err().lines().anyMatch(l -> l.contains(a) && l.contains("created 20")), adopt.toString());
        assertTrue(adopt.err().lines().anyMatch(l -> l.contains(b) && l.contains("created 20")), adopt.toString());
        assertFalse(Files.exists(home.resolve("clusters/p_cluster.id")));
    }

    @Test
    void adoptOfSeveralOwnClustersPrefersThePendingLaunch() throws IOException {
        runJobFlow(Map.of("wadal:profile", "p", RunJobFlowRequestBuilder.CREATOR_TAG, myArn()));
        String launched = killedCreate("1b0c6f0e-0000-4000-8000-000000000003");
        runJobFlow(Map.of("wadal:profile", "p", RunJobFlowRequestBuilder.CREATOR_TAG, myArn()));

        Result adopt = wadal().run("clusters", "--adopt");

        assertEquals(0, adopt.exitCode(), adopt.toString());
        assertEquals(launched + "\n", Files.readString(home.resolve("clusters/p_cluster.id")));
        assertFalse(Files.exists(intentFile()));
    }
}
