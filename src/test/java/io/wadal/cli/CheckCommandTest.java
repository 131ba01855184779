package io.wadal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wadal.testing.CheckItems;
import io.wadal.testing.GitHttpServer;
import io.wadal.testing.GitRepos;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import io.wadal.testing.TestKeys;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.s3.S3Client;

import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.services.emr.EmrClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.wadal.testing.CheckItems.assertItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wadal check against moto, with a real key file and real git repositories. */
@ExtendWith(MotoServer.class)
@Slow
class CheckCommandTest {
    private static final String SECRET = "hunter2-very-secret";

    @TempDir
    Path home;
    @TempDir
    Path work;
    private MotoServer moto;
    private Ec2Client ec2;
    private S3Client s3;
    private String subnet;
    private String vpc;
    private Path key;
    private Path repo;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        ec2 = Ec2Client.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(credentials).build();
        s3 = S3Client.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .forcePathStyle(true).credentialsProvider(credentials).build();

        vpc = ec2.createVpc(b -> b.cidrBlock("10.20.0.0/16")).vpc().vpcId();
        subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.20.1.0/24").availabilityZone("ap-northeast-2a"))
                .subnet().subnetId();
        CheckRolesAndRouteTest.routeToAnInternetGateway(ec2, vpc);
        try (var iam = CheckRolesAndRouteTest.iam(moto)) {
            CheckRolesAndRouteTest.createDefaultRoles(iam);
        }
        String group = ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("ElasticMapReduce-master")
                .description("EMR master")).groupId();
        ec2.authorizeSecurityGroupIngress(b -> b.groupId(group).ipPermissions(tcp(22, 22, "203.0.113.0/24")));
        key = TestKeys.copy(TestKeys.RSA, work);
        String publicKey = TestKeys.publicKey(TestKeys.RSA);
        ec2.importKeyPair(b -> b.keyName("wadal-key").publicKeyMaterial(SdkBytes.fromUtf8String(publicKey)));
        for (String bucket : List.of("wadal-test-bucket", "wadal-logs")) {
            s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(MotoServer.REGION)));
        }
        repo = work.resolve("notebooks.git");
        GitRepos.cloneWithUpstream(repo, work.resolve("clone"));

        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), """
                AWS_REGION=ap-northeast-2
                AWS_EMR_LABEL=emr-7.5.0
                AWS_EMR_SUBNET=%s
                EC2_KEY_PAIR_NAME=wadal-key
                EC2_KEY_PAIR_PATH=%s
                INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
                EMR_LOG_DIR_S3=s3://wadal-logs/emr
                GIT_REPO=%s
                GIT_BRANCH=main
                GIT_USER=alice
                GIT_PASS=%s
                NUM_TASK_INSTANCE=2
                TASK_EC2_TYPE=m5.xlarge
                TASK_SPOT_BID_PRICE=0.10
                """.formatted(subnet, key, repo, SECRET));
        // a profile holding secrets is kept 0600, as wadal asks of its users
        Files.setPosixFilePermissions(home.resolve("profiles/p"), PosixFilePermissions.fromString("rw-------"));
        Result upload = wadal().run("upload-assets", "p");
        assertEquals(0, upload.exitCode(), upload.toString());
    }

    @AfterEach
    void tearDown() {
        ec2.close();
        s3.close();
    }

    private static IpPermission tcp(int from, int to, String cidr) {
        IpPermission.Builder b = IpPermission.builder().ipProtocol("tcp").fromPort(from).toPort(to);
        return (cidr.contains(":") ? b.ipv6Ranges(r -> r.cidrIpv6(cidr)) : b.ipRanges(r -> r.cidrIp(cidr))).build();
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env());
    }

    /** check --json: item → [status, detail], after asserting the exit code and that no secret shows. */
    private Map<String, List<String>> check(int expectedExit, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("check", "--json", "p"));
        args.addAll(List.of(extra));
        Result r = wadal().run(args.toArray(String[]::new));
        assertEquals(expectedExit, r.exitCode(), r.toString());
        assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), r.toString());
        return CheckItems.parse(r.out());
    }

    @Test
    void aProfileReadyToLaunchPassesEveryItem() throws IOException {
        Map<String, List<String>> items = check(0);
        assertEquals(List.of("profile", "credentials", "region", "roles", "subnet", "route", "policy-tags", "key-pair", "key-file", "assets",
                "log-bucket", "git-repo", "security-group", "ssh-access", "idle-timeout", "max-age", "spot-price"), List.copyOf(items.keySet()));
        items.forEach((item, v) -> assertEquals(List.of("max-age", "policy-tags").contains(item) ? "skipped" : "ok", v.get(0),
                item + ": " + v));
        assertItem(items, "credentials", "ok", "account 123456789012 (arn:aws:sts::123456789012:user/moto)");
        assertItem(items, "region", "ok", "ap-northeast-2 (AWS_REGION in ");
        assertItem(items, "subnet", "ok", subnet + " in " + vpc + ", ap-northeast-2a");
        assertItem(items, "key-pair", "ok", "matches " + key);
        assertItem(items, "assets", "ok", "up to date");
        assertItem(items, "git-repo", "ok", "branch main exists");
        assertItem(items, "security-group", "ok", "not open to the internet");
        assertItem(items, "ssh-access", "ok", "lets this machine (203.0.113.9) in on port 22");
        assertItem(items, "spot-price", "ok", "bid 0.10 USD/h");
    }

    @Test
    void theHumanReportHasOneAlignedLinePerItemAndASummary() {
        Result r = wadal().run("check", "p");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(18, lines.size(), r.out());
        assertTrue(lines.get(1).startsWith("ok       credentials     account 123456789012 (arn:"), r.out());
        assertTrue(lines.get(12).startsWith("ok       security-group  "), r.out());
        assertTrue(lines.get(13).startsWith("ok       ssh-access      "), r.out());
        assertEquals("15 ok, 0 warning, 0 failed, 2 skipped", lines.get(17));
    }

    @Test
    void itemsThatDoNotApplyAreSkippedNotFailed() throws IOException {
        Map<String, List<String>> items = check(0, "-p", "GIT_REPO=", "-p", "AWS_EMR_SUBNET=", "-p", "TASK_SPOT_BID_PRICE=",
                "-p", "EMR_LOG_DIR_S3=off");
        assertItem(items, "git-repo", "skipped", "GIT_REPO not set");
        assertItem(items, "subnet", "ok", "AWS_EMR_SUBNET not set");
        assertItem(items, "spot-price", "skipped", "on-demand");
        assertItem(items, "log-bucket", "skipped", "EMR_LOG_DIR_S3 is off");
    }

    @Test
    void aMissingSubnetFails() throws IOException {
        Map<String, List<String>> items = check(1, "-p", "AWS_EMR_SUBNET=subnet-0123456789abcdef0");
        assertItem(items, "subnet", "failed", "subnet-0123456789abcdef0 does not exist in ap-northeast-2");
        assertItem(items, "security-group", "skipped", "see subnet");
    }

    @Test
    void aMissingKeyPairFails() throws IOException {
        Map<String, List<String>> items = check(1, "-p", "EC2_KEY_PAIR_NAME=nobodys-key");
        assertItem(items, "key-pair", "failed", "key pair 'nobodys-key' does not exist in ap-northeast-2");
    }

    @Test
    void aKeyFileOfAnotherKeyFailsTheFingerprintComparison() throws IOException {
        Path other = TestKeys.copy(TestKeys.EC2_CREATED_RSA, work);
        Map<String, List<String>> items = check(1, "-p", "EC2_KEY_PAIR_PATH=" + other);
        assertItem(items, "key-pair", "failed", "'wadal-key' is not the key in " + other);
        assertItem(items, "key-file", "ok", other.toString());
    }

    @Test
    void anEd25519KeyPairIsComparedToo() throws IOException {
        String publicKey = TestKeys.publicKey(TestKeys.ED25519);
        ec2.importKeyPair(b -> b.keyName("ed-key").publicKeyMaterial(SdkBytes.fromUtf8String(publicKey)));
        Path ed = TestKeys.copy(TestKeys.ED25519, work);
        Map<String, List<String>> items = check(0, "-p", "EC2_KEY_PAIR_NAME=ed-key", "-p", "EC2_KEY_PAIR_PATH=" + ed);
        assertItem(items, "key-pair", "ok", "'ed-key' exists (ed25519) and matches");
        Map<String, List<String>> wrong = check(1, "-p", "EC2_KEY_PAIR_NAME=ed-key");
        assertItem(wrong, "key-pair", "failed", "is not the key in " + key);
    }

    @Test
    void aKeyFileOthersCanReadFails() throws IOException {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, List<String>> items = check(1);
        assertItem(items, "key-file", "failed", "chmod 600");
        assertItem(items, "key-pair", "ok", "fingerprint not compared");
    }

    @Test
    void aMissingAndAChangedAssetFailSuggestingUploadAssets() throws IOException {
        s3.deleteObject(b -> b.bucket("wadal-test-bucket").key("assets/boot_eda.sh"));
        s3.putObject(b -> b.bucket("wadal-test-bucket").key("assets/run_jupyter.sh"), RequestBody.fromString("#!/bin/sh\n"));
        Map<String, List<String>> items = check(1);
        assertItem(items, "assets", "failed", "missing in s3://wadal-test-bucket/assets: boot_eda.sh");
        assertItem(items, "assets", "failed", "different from the local ones: run_jupyter.sh");
        assertItem(items, "assets", "failed", "wadal upload-assets p");
    }

    @Test
    void pipIndexesNotYetUploadedFailTheAssetsItemWithoutShowingTheToken() throws IOException {
        String token = "piptoken-check-5e1f";
        Map<String, List<String>> items = check(1, "-p",
                "PIP_INDEX_URL=https://aws:" + token + "@acme-1.d.codeartifact.ap-northeast-2.amazonaws.com/pypi/py/simple/");
        assertItem(items, "assets", "failed", "missing in s3://wadal-test-bucket/assets: pip.conf");
        assertFalse(items.toString().contains(token), items.toString());
    }

    @Test
    void aPipConfAnotherProfileLeftInTheSharedAssetDirIsAWarningWithoutShowingItsToken() throws IOException {
        String token = "piptoken-other-7a2c";
        String other = "PIP_INDEX_URL=https://aws:" + token + "@acme-1.d.codeartifact.ap-northeast-2.amazonaws.com/pypi/py/simple/";
        Result upload = wadal().run("upload-assets", "p", "-p", other);
        assertEquals(0, upload.exitCode(), upload.toString());

        Map<String, List<String>> items = check(0);
        assertItem(items, "assets", "warning", "s3://wadal-test-bucket/assets/pip.conf is another profile's (this one sets "
                + "neither PIP_INDEX_URL nor PIP_EXTRA_INDEX_URL): its nodes ignore it and use PyPI");
        assertItem(items, "assets", "warning", "should have its own INIT_ASSET_DIR_S3");
        assertFalse(items.toString().contains(token), items.toString());

        Map<String, List<String>> withOtherKeys = check(1, "-p",
                "PIP_INDEX_URL=https://pypi.example.com/simple/");
        assertItem(withOtherKeys, "assets", "failed", "different from the local ones: pip.conf");
        assertFalse(withOtherKeys.toString().contains(token), withOtherKeys.toString());
    }

    @Test
    void aMissingAssetBucketFails() throws IOException {
        Map<String, List<String>> items = check(1, "-p", "INIT_ASSET_DIR_S3=s3://wadal-no-such-bucket/assets");
        assertItem(items, "assets", "failed", "bucket 'wadal-no-such-bucket' does not exist");
    }

    @Test
    void aMissingLogBucketFails() throws IOException {
        Map<String, List<String>> items = check(1, "-p", "EMR_LOG_DIR_S3=s3://wadal-no-such-logs/emr");
        assertItem(items, "log-bucket", "failed", "bucket 'wadal-no-such-logs' does not exist");
    }

    private String masterGroup() {
        return ec2.describeSecurityGroups(b -> b.filters(f -> f.name("group-name").values("ElasticMapReduce-master")))
                .securityGroups().stream().filter(g -> vpc.equals(g.vpcId())).findFirst().orElseThrow().groupId();
    }

    @Test
    void aMasterGroupOpenOnSshFails() throws IOException {
        ec2.authorizeSecurityGroupIngress(b -> b.groupId(masterGroup()).ipPermissions(tcp(22, 22, "0.0.0.0/0")));
        Map<String, List<String>> items = check(1);
        assertItem(items, "security-group", "failed", "lets anyone on the internet reach port 22:");
    }

    @Test
    void emrsPrivateSubnetMasterGroupOpenOnSshFailsToo() throws IOException {
        String priv = ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("ElasticMapReduce-Master-Private")
                .description("EMR's, for a private subnet")).groupId();
        ec2.authorizeSecurityGroupIngress(b -> b.groupId(priv).ipPermissions(tcp(22, 22, "0.0.0.0/0")));
        Map<String, List<String>> items = check(1);
        assertItem(items, "security-group", "failed", "ElasticMapReduce-Master-Private (" + priv + ") in " + vpc
                + " lets anyone on the internet reach port 22:");
    }

    @Test
    void aMasterGroupOpenOnJupytersPortThroughARangeFails() throws IOException {
        ec2.authorizeSecurityGroupIngress(b -> b.groupId(masterGroup()).ipPermissions(tcp(8000, 9000, "::/0")));
        Map<String, List<String>> items = check(1, "-p", "JUPYTER_PORT=8888");
        assertItem(items, "security-group", "failed", "reach port 8888:");
    }

    @Test
    void aMissingRepositoryFails() throws IOException {
        Map<String, List<String>> items = check(1, "-p", "GIT_REPO=" + work.resolve("nothing-here.git"));
        assertItem(items, "git-repo", "failed", "not found");
    }

    @Test
    void aMissingBranchFailsNamingTheBranchesThere() throws IOException {
        Map<String, List<String>> items = check(1, "-p", "GIT_BRANCH=develop");
        assertItem(items, "git-repo", "failed", "branch 'develop' not found");
        assertItem(items, "git-repo", "failed", "(branches: main)");
    }

    @Test
    void anUnreachableHostFailsWithThePasswordMasked() throws IOException {
        Map<String, List<String>> items = check(1, "-p",
                "GIT_REPO=http://alice:" + SECRET + "@127.0.0.1:9/team/notebooks.git");
        assertItem(items, "git-repo", "failed", "cannot reach http://127.0.0.1:9/team/notebooks.git: connection failed (Connection refused");
        String said = String.join(" ", items.get("git-repo"));
        assertEquals(said.indexOf("127.0.0.1:9/team"), said.lastIndexOf("127.0.0.1:9/team"), "the URL once: " + said);
    }

    @Test
    void aPasswordInGitRepoIsNeverShownEvenWithAnAtOrASlashInIt() throws IOException {
        for (String password : List.of("p@ss-9f3k", "pa/ss-9f3k", "p%40ss-9f3k")) {
            Result r = wadal().run("check", "--json", "p", "-p", "GIT_PASS=",
                    "-p", "GIT_REPO=http://alice:" + password + "@127.0.0.1:9/team/notebooks.git");
            assertEquals(1, r.exitCode(), r.toString());
            for (String part : List.of(password, "ss-9f3k", "pa/")) {
                assertFalse(r.out().contains(part) || r.err().contains(part), password + ": " + r);
            }
        }
        Map<String, List<String>> items = check(1, "-p", "GIT_REPO=http://alice:pa/ss@127.0.0.1:9/team/notebooks.git");
        assertItem(items, "profile", "failed", "write it %2F");
        assertItem(items, "git-repo", "skipped", "see profile");
    }

    @Test
    void aGitBranchTheMasterCannotTakeStopsTheProfileFromLoadingAsCreateWould() {
        // like every value the profile itself refuses: exit 2 before any item is checked
        Result r = wadal().run("check", "--json", "p", "-p", "GIT_BRANCH=-x");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("GIT_BRANCH='-x' is not a branch name git accepts"), r.toString());
    }

    @Test
    void credentialsTheServerRefusesAreAnAuthenticationFailure() throws IOException {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/team/notebooks.git";
            Map<String, List<String>> items = check(1, "-p", "GIT_REPO=" + url);
            assertItem(items, "git-repo", "failed", "authentication failed for " + url + ": check GIT_USER and GIT_PASS");
            String basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8));
            assertTrue(authorizations.contains(basic), "the profile's credentials were offered: " + authorizations);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRealGitServerWithBasicAuthAcceptsTheProfilesPasswordAndRefusesAWrongOne() throws IOException {
        try (GitHttpServer git = GitHttpServer.start("alice", SECRET)) {
            git.createRepo("notebooks", "feature");
            String url = git.url("notebooks");

            Map<String, List<String>> right = check(0, "-p", "GIT_REPO=" + url, "-p", "GIT_BRANCH=feature");
            assertItem(right, "git-repo", "ok", "branch feature exists, push allowed");
            assertTrue(git.requests().stream().anyMatch(q -> q.startsWith("GET /notebooks.git/info/refs?service=git-receive-pack alice")),
                    "push rights asked for as git push does: " + git.requests());
            assertEquals("", GitRepos.git(git.bare("notebooks"), "for-each-ref", "--format=%(refname)", "refs/heads/wadal/"),
                    "nothing pushed");

            // a repository the credentials may read but not write
            GitRepos.git(git.bare("notebooks"), "config", "http.receivepack", "false");
            Map<String, List<String>> readOnly = check(0, "-p", "GIT_REPO=" + url, "-p", "GIT_BRANCH=feature");
            assertItem(readOnly, "git-repo", "warning", "branch feature exists, but pushing is refused (");
            assertItem(readOnly, "git-repo", "warning", "the master's autosave (AUTOSAVE_INTERVAL) and your own pushes from it would fail");
            assertFalse(String.join(" ", readOnly.get("git-repo")).contains(SECRET), readOnly.toString());

            Map<String, List<String>> wrong = check(1, "-p", "GIT_REPO=" + url, "-p", "GIT_PASS=not-" + SECRET);
            assertItem(wrong, "git-repo", "failed", "authentication failed for " + url);
            assertFalse(wrong.get("git-repo").get(1).contains("not-"), "the wrong password is not shown either: " + wrong);
        }
    }

    @Test
    void createRefusesAKeyFileOthersCanReadBeforeCallingAws() throws IOException {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Result r = wadal().run("create", "p");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("chmod 600"), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(emrClusters().isEmpty());
    }

    @Test
    void createRefusesAMissingKeyFileButNotAnUnsetOne() throws IOException {
        Result missing = wadal().run("create", "p", "-p", "EC2_KEY_PAIR_PATH=" + work.resolve("gone.pem"));
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("no such key file"), missing.toString());
        assertTrue(emrClusters().isEmpty());

        Result unset = wadal().run("create", "p", "-p", "EC2_KEY_PAIR_PATH=");
        assertEquals(0, unset.exitCode(), unset.toString());
        assertEquals(1, emrClusters().size());
    }

    @Test
    void createAndCheckRefuseAMissingOrLooseJumpHostKeyBeforeCallingAws() throws IOException {
        String jump = "SSH_PROXY_JUMP=root@10.99.0.2";
        Path gone = work.resolve("nonexistent.pem");
        Result missing = wadal().run("create", "p", "-p", jump, "-p", "SSH_PROXY_JUMP_KEY=" + gone);
        assertEquals(2, missing.exitCode(), missing.toString());
        assertEquals("wadal: SSH_PROXY_JUMP_KEY: no such key file " + gone + "; set it to the private key the jump host accepts\n",
                missing.err());
        assertItem(check(1, "-p", jump, "-p", "SSH_PROXY_JUMP_KEY=" + gone), "key-file", "failed",
                "SSH_PROXY_JUMP_KEY: no such key file " + gone);

        Path loose = TestKeys.copy(TestKeys.ED25519, Files.createDirectories(work.resolve("loose")));
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        Result open = wadal().run("create", "p", "-p", jump, "-p", "SSH_PROXY_JUMP_KEY=" + loose);
        assertEquals(2, open.exitCode(), open.toString());
        assertTrue(open.err().contains("permissions rw-r--r-- for key file " + loose + " are too open"), open.toString());
        assertItem(check(1, "-p", jump, "-p", "SSH_PROXY_JUMP_KEY=" + loose), "key-file", "failed", "chmod 600 '" + loose + "'");
        assertTrue(emrClusters().isEmpty());

        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-------"));
        assertItem(check(0, "-p", jump, "-p", "SSH_PROXY_JUMP_KEY=" + loose), "key-file", "ok", key.toString(),
                "jump host key SSH_PROXY_JUMP_KEY=" + loose + " (");
    }

    private List<?> emrClusters() {
        try (EmrClient emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
            return emr.listClusters().clusters();
        }
    }

    @Test
    void anSshUrlIsNotChecked() throws IOException {
        Map<String, List<String>> items = check(0, "-p", "GIT_REPO=git@github.com:team/notebooks.git");
        assertItem(items, "git-repo", "warning", "not checked: ssh URL");
    }

    @Test
    void aBidBelowTheSpotPriceIsAWarning() throws IOException {
        // moto's spot price is 0.00001 in every zone
        Map<String, List<String>> items = check(0, "-p", "TASK_SPOT_BID_PRICE=0.000001");
        assertItem(items, "spot-price", "warning", "below the current spot price 0.00001 of m5.xlarge in ap-northeast-2a");
    }

    @Test
    void anOldReleaseLabelWarnsThatIdleTimeoutIsIgnored() throws IOException {
        Map<String, List<String>> items = check(0, "-p", "AWS_EMR_LABEL=emr-5.20.0");
        assertItem(items, "idle-timeout", "warning", "emr-5.20.0 has no auto-termination");
        assertItem(items, "profile", "ok", "profiles");
    }

    @Test
    void theIdleTimeoutItemSaysHowLongAForgottenClusterLives() throws IOException {
        assertItem(check(0), "idle-timeout", "ok",
                "terminates after 2h idle; kernels end after 1h idle, so a forgotten cluster lives at most 3h");
        assertItem(check(0, "-p", "KERNEL_IDLE_TIMEOUT=off"), "idle-timeout", "warning",
                "KERNEL_IDLE_TIMEOUT=off: an open kernel holds a YARN application, which EMR counts as activity, "
                        + "so a forgotten cluster may live forever; set KERNEL_IDLE_TIMEOUT");
    }

    @Test
    void profileWarningsAreTheProfileItemsWarnings() throws IOException {
        Files.writeString(home.resolve("profiles/p"), Files.readString(home.resolve("profiles/p")) + "EC2_TYEP=m5.large\n");
        Map<String, List<String>> items = check(0);
        assertItem(items, "profile", "warning", "EC2_TYPE");
    }

    @Test
    void whatCreateWouldRefuseIsAFailedProfileItem() throws IOException {
        Map<String, List<String>> items = check(1, "-p", "AWS_EMR_LABEL=");
        assertItem(items, "profile", "failed", "AWS_EMR_LABEL is required");
        assertItem(items, "idle-timeout", "skipped", "no AWS_EMR_LABEL");
    }

    @Test
    void withoutWorkingCredentialsTheAwsItemsAreSkipped() throws IOException {
        Result r = wadal().env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").run("check", "--json", "p");
        assertEquals(1, r.exitCode(), r.toString());
        JsonNode items = new ObjectMapper().readTree(r.out());
        assertEquals("failed", items.get(1).get("status").asText(), r.out());
        assertTrue(items.get(1).get("detail").asText().startsWith("STS GetCallerIdentity failed"), r.out());
        for (JsonNode item : items) {
            if (List.of("subnet", "key-pair", "assets", "log-bucket", "security-group", "ssh-access", "spot-price", "roles", "route",
                    "policy-tags")
                    .contains(item.get("item").asText())) {
                assertEquals("skipped", item.get("status").asText(), r.out());
            }
            if (item.get("item").asText().equals("git-repo")) {
                assertEquals("ok", item.get("status").asText(), "git needs no AWS: " + r.out());
            }
        }
    }

    @Test
    void aBrokenProfileIsAUsageErrorAsEverywhere() throws IOException {
        Files.writeString(home.resolve("profiles/p"), "this is not an assignment\n");
        Result r = wadal().run("check", "p");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("", r.out());
    }
}
