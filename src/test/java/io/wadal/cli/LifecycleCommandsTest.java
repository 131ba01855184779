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
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterSummary;
import software.amazon.awssdk.services.emr.model.InstanceGroup;
import software.amazon.awssdk.services.emr.model.StepSummary;
import software.amazon.awssdk.services.emr.model.Tag;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AWS-only commands, in-process, against a real AWS emulator. */
@ExtendWith(MotoServer.class)
class LifecycleCommandsTest {
    @TempDir
    Path home;
    private MotoServer moto;
    private EmrClient emr;

    static final String PROFILE = """
            export CLUSTER_NAME="team etl"
            export AWS_REGION=ap-northeast-2
            export AWS_EMR_LABEL=emr-7.5.0
            export AWS_EMR_SUBNET=subnet-0123456789abcdef0
            # the subnet is fake: no security group work (SshAccessTest does that)
            export SSH_FROM=off
            export EC2_TYPE=m5.xlarge
            export CORE_EC2_TYPE=r5.2xlarge
            export NUM_CORE_INSTANCE=2
            export CORE_EBS_SIZE=64
            export NUM_TASK_INSTANCE=3
            export TASK_SPOT_BID_PRICE=0.10
            export EC2_KEY_PAIR_NAME=wadal-key
            export INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
            export EMR_LOG_DIR_S3=$INIT_ASSET_DIR_S3/logs
            export GIT_REPO=https://git.example.com/team/notebooks.git
            export GIT_PASS=hunter2-very-secret
            export OWNER_TAG=alice
            export TAGS=team=data,env=dev
            """;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), PROFILE);
        // a profile holding secrets is kept 0600, as wadal asks of its users
        Files.setPosixFilePermissions(home.resolve("profiles/p"), PosixFilePermissions.fromString("rw-------"));
        emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env());
    }

    private String createdId(Result r) {
        assertEquals(0, r.exitCode(), r.toString());
        String id = r.out().trim();
        assertTrue(id.matches("j-[A-Z0-9]+"), r.toString());
        return id;
    }

    private List<ClusterSummary> clustersInMoto() {
        return emr.listClusters().clusters();
    }

    @Test
    void createLaunchesTheClusterTheProfileDescribes() throws IOException {
        String id = createdId(wadal().run("create", "p"));

        assertEquals(id + "\n", Files.readString(home.resolve("clusters/p_cluster.id")));
        String json = Files.readString(home.resolve("clusters/p.json"));
        assertTrue(json.contains("\"region\" : \"ap-northeast-2\"") && json.contains(id), json);

        Cluster c = emr.describeCluster(b -> b.clusterId(id)).cluster();
        assertEquals("team etl", c.name());
        assertEquals("emr-7.5.0", c.releaseLabel());
        assertEquals("s3://wadal-test-bucket/assets/logs", c.logUri().replaceAll("/$", ""));
        Map<String, String> tags = c.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertTrue(tags.remove("wadal:launch").matches("[0-9a-f-]{36}"));
        assertTrue(tags.remove("wadal:creator").startsWith("arn:aws:"));
        assertEquals(Map.of("Name", "team etl", "wadal:profile", "p", "for-use-with-amazon-emr-managed-policies", "true",
                "owner", "alice", "team", "data", "env", "dev"), tags);

        Map<String, InstanceGroup> groups = emr.listInstanceGroups(b -> b.clusterId(id)).instanceGroups().stream()
                .collect(Collectors.toMap(InstanceGroup::instanceGroupTypeAsString, g -> g));
        assertEquals(1, groups.get("MASTER").requestedInstanceCount());
        assertEquals("m5.xlarge", groups.get("MASTER").instanceType());
        assertEquals(2, groups.get("CORE").requestedInstanceCount());
        assertEquals("r5.2xlarge", groups.get("CORE").instanceType());
        assertEquals(3, groups.get("TASK").requestedInstanceCount());
        assertEquals("SPOT", groups.get("TASK").marketAsString());
        assertEquals("0.10", groups.get("TASK").bidPrice());

        var bootstrap = emr.listBootstrapActions(b -> b.clusterId(id)).bootstrapActions();
        assertEquals(1, bootstrap.size());
        assertEquals("s3://wadal-test-bucket/assets/boot_eda.sh", bootstrap.get(0).scriptPath());
        assertEquals(List.of("--no-pip-conf"), bootstrap.get(0).args(), "no pip keys: PyPI, whatever pip.conf the asset dir holds");

        List<StepSummary> steps = emr.listSteps(b -> b.clusterId(id)).steps();
        List<String> stepArgs = steps.stream().flatMap(s -> s.config().args().stream()).toList();
        assertTrue(stepArgs.contains("s3://wadal-test-bucket/assets/cp_assets.sh"), stepArgs.toString());
        assertTrue(stepArgs.contains("s3://wadal-test-bucket/assets/run_jupyter.sh"), stepArgs.toString());
        assertFalse(stepArgs.toString().contains("hunter2"), "no secret in a step argument");
    }

    @Test
    void aSecondCreateOfALiveClusterLaunchesNothing() {
        String id = createdId(wadal().run("create", "p"));
        Result again = wadal().run("create", "p");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("cluster 'p' already exists (" + id + ")"), again.toString());
        assertEquals(id, again.out().trim());
        assertEquals(1, clustersInMoto().size());
    }

    @Test
    void aRecordOfATerminatedClusterIsReplaced() throws IOException {
        String first = createdId(wadal().run("create", "p"));
        emr.terminateJobFlows(b -> b.jobFlowIds(first));

        String second = createdId(wadal().run("create", "p"));

        assertFalse(first.equals(second));
        assertEquals(second + "\n", Files.readString(home.resolve("clusters/p_cluster.id")));
    }

    @Test
    void concurrentCreatesLaunchOneCluster() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Result>> runs = List.of(() -> wadal().run("create", "p"), () -> wadal().run("create", "p"),
                    () -> wadal().run("create", "p"));
            List<Future<Result>> results = pool.invokeAll(runs, 60, TimeUnit.SECONDS);
            for (Future<Result> f : results) {
                assertEquals(0, f.get().exitCode(), f.get().toString());
            }
            assertEquals(1, results.stream().map(f -> {
                try {
                    return f.get().out().trim();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).distinct().count());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, clustersInMoto().size());
    }

    @Test
    void everyCommandThatLoadsAProfileOthersCanReadWarnsOnceWithTheChmodToRun() throws IOException {
        Path file = home.resolve("profiles/p");
        String warning = "warning: profile 'p' (" + file + ") holds secrets and is readable by others; run: chmod 600 " + file;
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        for (String[] args : List.of(new String[] {"plan", "p"}, new String[] {"create", "p"}, new String[] {"upload-assets", "p"},
                new String[] {"plan", "p", "--json"})) {
            Result r = wadal().env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").run(args);
            assertEquals(1, r.err().split(java.util.regex.Pattern.quote(warning), -1).length - 1, "once: " + r);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Result r = wadal().run("plan", "p");
        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(r.err().contains("readable by others"), r.toString());
    }

    @Test
    void aFailedRunJobFlowLeavesNoRecord() {
        Result r = wadal().env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").run("create", "p");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("cannot reach AWS (Connection refused, 1 attempt); check the network"), r.toString());
        assertFalse(Files.exists(home.resolve("clusters/p_cluster.id")));
        assertFalse(Files.exists(home.resolve("clusters/p.json")));
        assertTrue(r.err().lines().count() == 1, "one line, no stack trace: " + r.err());
    }

    @Test
    void aLaunchedClusterWhoseRecordCannotBeWrittenIsPrintedAndCanBeAdopted() throws IOException {
        Files.createDirectories(home.resolve("clusters/p_cluster.id/blocker"));

        Result r = wadal().run("create", "p");

        assertEquals(1, r.exitCode(), r.toString());
        String id = r.out().trim();
        assertTrue(id.matches("j-[A-Z0-9]+"), r.toString());
        assertTrue(r.err().contains("clusters --adopt"), r.toString());
        assertEquals(1, clustersInMoto().size());

        Files.delete(home.resolve("clusters/p_cluster.id/blocker"));
        Files.delete(home.resolve("clusters/p_cluster.id"));
        Files.deleteIfExists(home.resolve("clusters/p.json"));
        Result adopt = wadal().run("clusters", "--adopt");
        assertEquals(0, adopt.exitCode(), adopt.toString());
        assertTrue(adopt.err().contains("Recorded cluster " + id), adopt.toString());
        assertEquals(id + "\n", Files.readString(home.resolve("clusters/p_cluster.id")));
    }

    @Test
    void stateReportsTheCluster() {
        String id = createdId(wadal().run("create", "p"));

        Result state = wadal().run("state", "p");
        assertEquals(0, state.exitCode(), state.toString());
        assertEquals("WAITING\n", state.out());
        Result json = wadal().run("state", "--json", "p");
        assertTrue(json.out().contains("\"id\" : \"" + id + "\"") && json.out().contains("\"state\" : \"WAITING\""), json.out());
    }

    @Test
    void waitReadyWithoutAKeyToReachTheMasterIsAUsageErrorBeforeAnyCall() {
        createdId(wadal().run("create", "p"));
        Result ready = wadal().env("PROFILE", "p").env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").run("wait-ready");
        assertEquals(2, ready.exitCode(), ready.toString());
        assertTrue(ready.err().contains("EC2_KEY_PAIR_PATH"), ready.toString());
    }

    @Test
    void createWaitWithoutAKeyToReachTheMasterLaunchesNothing() {
        Result r = wadal().run("create", "--wait", "p");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("EC2_KEY_PAIR_PATH"), r.toString());
        assertEquals(List.of(), clustersInMoto());
    }

    @Test
    void waitReadyOnATerminatedClusterExits3WithTheState() {
        String id = createdId(wadal().run("create", "p"));
        emr.terminateJobFlows(b -> b.jobFlowIds(id));
        Result r = wadal().run("wait-ready", "p", "-p", "EC2_KEY_PAIR_PATH=" + home.resolve("key.pem"));
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains("TERMINATED"), r.toString());
    }

    @Test
    void terminateForceTerminatesAndRemovesTheRecord() {
        String id = createdId(wadal().run("create", "p"));

        Result r = wadal().run("terminate", "--force", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("Cluster " + id + " terminated.\n", r.out());
        assertEquals("TERMINATED", emr.describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString());
        assertFalse(Files.exists(home.resolve("clusters/p_cluster.id")));
        assertFalse(Files.exists(home.resolve("clusters/p.json")));
    }

    @Test
    void terminateWithoutATerminalRefusesWithExit5AndKeepsEverything() {
        String id = createdId(wadal().run("create", "p"));

        Result r = wadal().run("terminate", "p");

        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--force"), r.toString());
        assertEquals("WAITING", emr.describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString());
        assertTrue(Files.exists(home.resolve("clusters/p_cluster.id")));
    }

    @Test
    void terminateAsksOnATerminalAndOnlyYesTerminates() {
        String id = createdId(wadal().run("create", "p"));

        WadalRun no = wadal().terminal("n");
        Result refused = no.run("terminate", "p");
        assertEquals(5, refused.exitCode(), refused.toString());
        assertEquals(List.of("Terminate cluster " + id + " (team etl) anyway? (y/N) "), no.questions());
        assertEquals("WAITING", emr.describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString());

        Result yes = wadal().terminal("y").run("terminate", "p");
        assertEquals(0, yes.exitCode(), yes.toString());
        assertEquals("TERMINATED", emr.describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString());
    }

    @Test
    void terminatingAClusterThatIsAlreadyGoneRemovesTheRecord() {
        String id = createdId(wadal().run("create", "p"));
        emr.terminateJobFlows(b -> b.jobFlowIds(id));

        Result r = wadal().run("terminate", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("already terminated or gone"), r.toString());
        assertFalse(Files.exists(home.resolve("clusters/p_cluster.id")));
    }

    @Test
    void clustersListsRecordsWithLiveStateAndPrunesTerminatedOnes() throws IOException {
        Files.writeString(home.resolve("profiles/q"), PROFILE.replace("team etl", "other"));
        String p = createdId(wadal().run("create", "p"));
        String q = createdId(wadal().run("create", "q"));
        emr.terminateJobFlows(b -> b.jobFlowIds(q));

        Result list = wadal().run("clusters");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("p ") && l.contains(p) && l.contains("WAITING")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("q ") && l.contains(q) && l.contains("TERMINATED")), list.out());

        Result json = wadal().run("clusters", "--json");
        assertTrue(json.out().contains("\"state\" : \"WAITING\""), json.out());

        Result prune = wadal().run("clusters", "--prune");
        assertEquals(0, prune.exitCode(), prune.toString());
        assertTrue(prune.err().contains("Pruned q"), prune.toString());
        assertFalse(Files.exists(home.resolve("clusters/q.json")));
        assertTrue(Files.exists(home.resolve("clusters/p.json")));
    }

    @Test
    void clustersShowsHowLongUntilTheMasterEndsTheClusterAtMaxAge() throws IOException {
        Files.writeString(home.resolve("profiles/q"), PROFILE.replace("team etl", "other"));
        Files.writeString(home.resolve("profiles/r"), PROFILE.replace("team etl", "long"));
        String p = createdId(wadal().run("create", "p"));
        String q = createdId(wadal().run("create", "q"));
        String r = createdId(wadal().run("create", "r"));
        emr.terminateJobFlows(b -> b.jobFlowIds(q));
        // as wait-ready records it when it tells the master (MAX_AGE)
        for (String profile : List.of("p", "q", "r")) {
            Path record = home.resolve("clusters/" + profile + ".json");
            com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(record));
            // after WadalRun's clock (2026-11-21T10:00Z): 3 h for p and q (which has ended), 13 days 23 hours for r
            json.put("terminatesAt", profile.equals("r") ? "2026-12-05T09:00:00Z" : "2026-11-21T13:00:00Z");
            Files.writeString(record, json.toString());
        }

        Result list = wadal().run("clusters");

        assertEquals(0, list.exitCode(), list.toString());
        List<String> lines = list.out().lines().toList();
        assertTrue(lines.get(0).matches("PROFILE +CLUSTER +STATE +UPTIME +NIH +MAX AGE  NAME"), list.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("p ") && l.contains(p) && l.matches(".* in 3h00m  team etl")), list.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("q ") && l.contains(q) && l.matches(".* +- {2}.*")), list.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("r ") && l.contains(r) && l.endsWith(" in 13d23h  long")), list.out());
        assertEquals(lines.get(0).indexOf("NAME"), lines.stream().filter(l -> l.startsWith("r ")).findFirst().orElseThrow().indexOf("long"),
                "the NAME column stays aligned: " + list.out());
        Result json = wadal().run("clusters", "--json");
        assertTrue(json.out().contains("\"terminatesAt\" : \""), json.out());
        assertEquals(2, json.out().split("\"secondsToMaxAge\"", -1).length - 1, json.out());
    }

    @Test
    void profileErrorsExit2BeforeAnyAwsCall() throws IOException {
        Files.writeString(home.resolve("profiles/bad"), PROFILE + "export NUM_CORE_INSTANCE=two\n");
        // An endpoint nobody listens on: reaching AWS would be exit 1, not 2.
        Result r = wadal().env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").run("create", "bad");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("NUM_CORE_INSTANCE"), r.toString());
        assertFalse(Files.exists(home.resolve("clusters")));
    }

    @Test
    void aSecretInATagIsNeverSentToEmr() throws IOException {
        Files.writeString(home.resolve("profiles/leaky"), PROFILE + "export TAGS=\"note=$GIT_PASS\"\n");
        Result r = wadal().run("create", "leaky");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("GIT_PASS"), r.toString());
        assertFalse(r.err().contains("hunter2"), r.toString());
        assertTrue(clustersInMoto().isEmpty());
    }

    @Test
    void noProfileAnywhereIsExit2WithTheOriginalsMessage() {
        Result r = wadal().run("state");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("wadal: enter profile or specify PROFILE envvar\n", r.err());
    }

    @Test
    void stateWithoutARecordSaysWhatToDo() {
        Result r = wadal().run("state", "p");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("wadal create p"), r.toString());
    }
}
