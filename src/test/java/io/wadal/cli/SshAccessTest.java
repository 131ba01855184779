package io.wadal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wadal.testing.CheckIpServer;
import io.wadal.testing.CheckItems;
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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.emr.EmrClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.wadal.testing.CheckItems.assertItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SSH_FROM and ADDITIONAL_MASTER_SECURITY_GROUPS against moto's EC2 and EMR, with a loopback stand-in for checkip. */
@ExtendWith(MotoServer.class)
@Slow
class SshAccessTest {
    private static final String PROFILE = """
            AWS_REGION=ap-northeast-2
            AWS_EMR_LABEL=emr-7.5.0
            EC2_KEY_PAIR_NAME=wadal-key
            INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
            """;

    @TempDir
    Path home;
    private MotoServer moto;
    private Ec2Client ec2;
    private EmrClient emr;
    private CheckIpServer checkip;
    private String vpc;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        ec2 = Ec2Client.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(credentials).build();
        emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(credentials).build();
        checkip = new CheckIpServer("203.0.113.9\n");
        vpc = ec2.describeVpcs(b -> b.filters(Filter.builder().name("is-default").values("true").build())).vpcs().get(0).vpcId();
        Files.createDirectories(home.resolve("profiles"));
        profile("p", "");
    }

    @AfterEach
    void tearDown() {
        checkip.close();
        ec2.close();
        emr.close();
    }

    private void profile(String name, String extra) throws IOException {
        Files.writeString(home.resolve("profiles/" + name), PROFILE + extra);
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env()).env(checkip.env()).env("USER", "alice");
    }

    private String created(Result r) {
        assertEquals(0, r.exitCode(), r.toString());
        return r.out().trim();
    }

    private List<SecurityGroup> wadalGroups() {
        return ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values("wadal-ssh").build()))
                .securityGroups();
    }

    /** Every tcp/22 range of the group, with its rule's description. */
    private static Map<String, String> sshRanges(SecurityGroup g) {
        Map<String, String> ranges = new LinkedHashMap<>();
        for (IpPermission rule : g.ipPermissions()) {
            assertEquals("tcp", rule.ipProtocol());
            assertEquals(22, rule.fromPort());
            assertEquals(22, rule.toPort());
            for (IpRange r : rule.ipRanges()) {
                ranges.put(r.cidrIp(), r.description());
            }
        }
        return ranges;
    }

    private List<String> masterGroupsOf(String clusterId) {
        return emr.describeCluster(b -> b.clusterId(clusterId)).cluster().ec2InstanceAttributes().additionalMasterSecurityGroups();
    }

    private String ownGroup(String name, String cidr) {
        String id = ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName(name).description("the company's own")).groupId();
        if (cidr != null) {
            ec2.authorizeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                    .fromPort(22).toPort(22).ipRanges(IpRange.builder().cidrIp(cidr).build()).build()));
        }
        return id;
    }

    @Test
    void myIpMakesTheTaggedGroupAllowsThisMachinesAddressAndPutsItOnTheMaster() {
        Result r = wadal().run("create", "p");
        String id = created(r);

        List<SecurityGroup> groups = wadalGroups();
        assertEquals(1, groups.size(), groups.toString());
        SecurityGroup g = groups.get(0);
        assertEquals(vpc, g.vpcId());
        assertTrue(g.tags().stream().anyMatch(t -> t.key().equals("wadal:managed") && t.value().equals("ssh")), g.tags().toString());
        assertTrue(g.tags().stream().anyMatch(t -> t.key().equals("for-use-with-amazon-emr-managed-policies")
                && t.value().equals("true")), "EMR's v2 service policy launches only into tagged groups: " + g.tags());
        assertTrue(g.description().startsWith("wadal: SSH (tcp/22) to EMR master nodes"), g.description());
        assertEquals(Map.of("203.0.113.9/32", "wadal SSH_FROM=my-ip, user alice, profile p, 2026-11-21"), sshRanges(g));
        assertEquals(List.of(g.groupId()), masterGroupsOf(id));
        assertEquals(1, checkip.requests());
        assertTrue(r.err().contains("SSH access: security group wadal-ssh (" + g.groupId() + ", made now) in " + vpc
                + " allows port 22 from 203.0.113.9/32."), r.err());
    }

    @Test
    void aSecondCreateFindsTheGroupAndItsRuleAgain() throws IOException {
        profile("q", "CLUSTER_NAME=other\n");
        String first = created(wadal().run("create", "p"));
        Result second = wadal().run("create", "q");
        String other = created(second);

        List<SecurityGroup> groups = wadalGroups();
        assertEquals(1, groups.size(), groups.toString());
        assertEquals(List.of("203.0.113.9/32"), List.copyOf(sshRanges(groups.get(0)).keySet()));
        assertEquals(masterGroupsOf(first), masterGroupsOf(other));
        assertFalse(second.err().contains("made now"), second.err());
    }

    /** A subnet of the VPC whose own route table has no way to an internet gateway: EMR gives its master no public address. */
    private String privateSubnet() {
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("172.31.200.0/24").availabilityZone("ap-northeast-2a"))
                .subnet().subnetId();
        String table = ec2.createRouteTable(b -> b.vpcId(vpc)).routeTable().routeTableId();
        ec2.associateRouteTable(b -> b.routeTableId(table).subnetId(subnet));
        return subnet;
    }

    @Test
    void inAPrivateSubnetMyIpAddsNoRuleAndCheckWarnsThatOnlyTheVpcOrAJumpHostReachesTheMaster() throws IOException {
        String subnet = privateSubnet();

        Result r = wadal().run("create", "p", "-p", "AWS_EMR_SUBNET=" + subnet);

        created(r);
        assertTrue(r.err().contains("SSH access: subnet " + subnet + " is private, so the master gets no public address and wadal"
                + " adds no rule for this machine's public one"), r.err());
        assertEquals(List.of(), wadalGroups(), "no wadal-ssh group: a public /32 is nothing a private master sees");
        assertEquals(0, checkip.requests());
        assertItem(check("AWS_EMR_SUBNET=" + subnet), "ssh-access", "warning", "subnet " + subnet + " is private",
                "from anywhere else set SSH_PROXY_JUMP to a bastion");
        assertItem(check("AWS_EMR_SUBNET=" + subnet, "MASTER_ADDRESS=public-dns"), "ssh-access", "failed",
                "MASTER_ADDRESS=public-dns asks for one");
    }

    @Test
    void aGroupMadeBeforeTheManagedPolicyTagGetsIt() {
        String older = ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("wadal-ssh").description("made by an older wadal")
                .tagSpecifications(t -> t.resourceType("security-group").tags(tag -> tag.key("wadal:managed").value("ssh")))).groupId();

        created(wadal().run("create", "p"));

        SecurityGroup g = ec2.describeSecurityGroups(b -> b.groupIds(older)).securityGroups().get(0);
        assertTrue(g.tags().stream().anyMatch(t -> t.key().equals("for-use-with-amazon-emr-managed-policies")
                && t.value().equals("true")), g.tags().toString());
    }

    @Test
    void aGroupNamedWadalSshThatIsNotWadalsIsNotTouched() {
        String foreign = ownGroup("wadal-ssh", null);

        Result r = wadal().run("create", "p");

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("a security group named wadal-ssh exists in " + vpc + " but is not wadal's"), r.err());
        assertTrue(r.err().contains("nothing was launched"), r.err());
        assertTrue(emr.listClusters().clusters().isEmpty());
        assertTrue(ec2.describeSecurityGroups(b -> b.groupIds(foreign)).securityGroups().get(0).ipPermissions().isEmpty());
    }

    @Test
    void rangesGoInAsEc2StoresThemWithoutAskingForTheAddress() {
        String id = created(wadal().run("create", "p", "-p", "SSH_FROM=203.0.113.0/24, 198.51.100.77/24,192.0.2.5"));

        SecurityGroup g = wadalGroups().get(0);
        Map<String, String> ranges = sshRanges(g);
        assertEquals(List.of("203.0.113.0/24", "198.51.100.0/24", "192.0.2.5/32"), List.copyOf(ranges.keySet()));
        assertTrue(ranges.values().stream().allMatch(d -> d.startsWith("wadal SSH_FROM=ranges, user alice")), ranges.toString());
        assertEquals(List.of(g.groupId()), masterGroupsOf(id));
        assertEquals(0, checkip.requests());
    }

    @Test
    void offMakesNoGroupAndTheAdditionalGroupsAloneGoOnTheMaster() {
        String own = ownGroup("company-ssh", "10.0.0.0/8");

        String id = created(wadal().run("create", "p", "-p", "SSH_FROM=off", "-p", "ADDITIONAL_MASTER_SECURITY_GROUPS=" + own));

        assertTrue(wadalGroups().isEmpty());
        assertEquals(List.of(own), masterGroupsOf(id));
        assertEquals(0, checkip.requests());
    }

    @Test
    void withAJumpHostMyIpManagesNothing() {
        Result create = wadal().run("create", "p", "-p", "SSH_PROXY_JUMP=bastion.example.com");
        String id = created(create);

        assertTrue(create.err().contains("SSH access: through the jump host bastion.example.com (SSH_PROXY_JUMP); no rule from wadal"
                + " (a group of the master must let the jump host in)."), create.err());
        assertTrue(wadalGroups().isEmpty());
        assertEquals(List.of(), masterGroupsOf(id));
        assertEquals(0, checkip.requests());
        Result plan = wadal().run("plan", "p", "-p", "SSH_PROXY_JUMP=bastion.example.com");
        assertTrue(plan.out().contains("SSH access      through the jump host bastion.example.com (SSH_PROXY_JUMP); no rule from"
                + " wadal"), plan.toString());
    }

    @Test
    void wadalSshComesFirstThenTheAdditionalGroups() {
        String a = ownGroup("company-a", null);
        String b = ownGroup("company-b", null);

        String id = created(wadal().run("create", "p", "-p", "ADDITIONAL_MASTER_SECURITY_GROUPS=" + a + "," + b));

        assertEquals(List.of(wadalGroups().get(0).groupId(), a, b), masterGroupsOf(id));
    }

    @Test
    void checkFailsOnAGroupNamedWadalSshThatIsNotWadalsAsCreateWould() throws IOException {
        ownGroup("wadal-ssh", "203.0.113.0/24");

        assertItem(check(), "ssh-access", "failed", "create would stop: a security group named wadal-ssh exists in " + vpc
                + " but is not wadal's (it has no tag wadal:managed=ssh)");
        // with SSH_FROM=off that group is not the master's, so its rule lets no one in
        assertItem(check("SSH_FROM=off"), "ssh-access", "failed", "no security group of the master lets this machine (203.0.113.9) in");
    }

    @Test
    void anUnreachableEc2IsOneLineWithTheCauseAndLaunchesNothing() {
        Result r = wadal().env("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:9").run("create", "p");

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("wadal: EC2 DescribeSubnets failed: cannot reach AWS (Connection refused"), r.err());
        assertTrue(r.err().contains("nothing was launched"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(emr.listClusters().clusters().isEmpty());
    }

    @Test
    void moreGroupsThanEmrTakesAreRefusedBeforeAnyCall() {
        Result r = wadal().run("create", "p", "-p", "ADDITIONAL_MASTER_SECURITY_GROUPS=sg-00000001,sg-00000002,sg-00000003,sg-00000004");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("wadal: -p ADDITIONAL_MASTER_SECURITY_GROUPS: ADDITIONAL_MASTER_SECURITY_GROUPS has 4 groups"), r.err());
        assertTrue(r.err().contains("EMR takes up to 4 additional groups for the master; use fewer, or set SSH_FROM=off"), r.err());
        assertEquals(0, checkip.requests());
        assertTrue(wadalGroups().isEmpty());
    }

    @Test
    void theWholeInternetIsRefusedWithExit2BeforeAnyCall() {
        for (String world : List.of("0.0.0.0/0", "203.0.113.0/24,::/0")) {
            Result r = wadal().run("create", "p", "-p", "SSH_FROM=" + world);

            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("SSH_FROM") && r.err().contains("opens SSH to the whole internet"), r.err());
        }
        Result halves = wadal().run("create", "p", "-p", "SSH_FROM=0.0.0.0/1,128.0.0.0/1");
        assertEquals(2, halves.exitCode(), halves.toString());
        assertTrue(halves.err().contains("opens SSH to a large part of the internet (0.0.0.0/1 is wider than a /8)"), halves.err());
        assertEquals(0, checkip.requests());
        assertTrue(wadalGroups().isEmpty());
        assertTrue(emr.listClusters().clusters().isEmpty());
    }

    @Test
    void anAnswerThatIsNotOneAddressFailsCreateAndLaunchesNothing() throws IOException {
        for (String garbage : List.of("<html>203.0.113.9</html>", "203.0.113.9\n198.51.100.7\n", "127.0.0.1", "")) {
            checkip.answer(garbage);

            Result r = wadal().run("create", "p");

            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.err().contains("cannot find this machine's public IPv4 address: GET " + checkip.url()
                    + " failed: the answer is not one IPv4 address"), r.err());
            assertTrue(r.err().contains("set SSH_FROM to your address ranges"), r.err());
            assertTrue(r.err().contains("nothing was launched"), r.err());
        }
        checkip.answer("203.0.113.9").status(503);
        assertTrue(wadal().run("create", "p").err().contains("failed: HTTP 503"));
        assertTrue(emr.listClusters().clusters().isEmpty());
        assertTrue(wadalGroups().isEmpty());
        try (var files = Files.list(home.resolve("clusters"))) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> !f.endsWith(".lock")).toList(),
                    "no record, no launch intent");
        }
    }

    @Test
    void planShowsTheGroupAndTheAddressesWithoutLookingAnythingUp() throws IOException {
        String own = "sg-0123456789abcdef0";
        Result myIp = wadal().run("plan", "p", "-p", "ADDITIONAL_MASTER_SECURITY_GROUPS=" + own);
        Result ranges = wadal().run("plan", "p", "-p", "SSH_FROM=203.0.113.5/24,198.51.100.7");
        Result off = wadal().run("plan", "p", "-p", "SSH_FROM=off");

        assertEquals(0, myIp.exitCode(), myIp.toString());
        assertTrue(myIp.out().contains("Master groups   " + own + "\n"), myIp.out());
        assertTrue(myIp.out().contains("SSH access      tcp/22 from this machine's public IPv4 address (/32, looked up at create),"
                + " in security group wadal-ssh of the cluster's VPC\n"), myIp.out());
        assertTrue(ranges.out().contains("SSH access      tcp/22 from 203.0.113.0/24, 198.51.100.7/32, in security group wadal-ssh"),
                ranges.out());
        assertTrue(off.out().contains("SSH access      no rule from wadal (SSH_FROM=off)"), off.out());
        assertEquals(0, checkip.requests());
        JsonNode json = new ObjectMapper().readTree(wadal().run("plan", "--json", "p", "-p",
                "ADDITIONAL_MASTER_SECURITY_GROUPS=" + own).out());
        assertEquals(own, json.at("/Instances/AdditionalMasterSecurityGroups/0").asText(), json.toString());
    }

    // check

    /** check --json: item → [status, detail]. */
    private Map<String, List<String>> check(String... overrides) throws IOException {
        List<String> args = new ArrayList<>(List.of("check", "--json", "p"));
        for (String o : overrides) {
            args.addAll(List.of("-p", o));
        }
        Result r = wadal().run(args.toArray(String[]::new));
        return CheckItems.parse(r.out());
    }

    @Test
    void checkSaysCreateWillLetThisMachineInWithMyIp() throws IOException {
        ownGroup("ElasticMapReduce-master", null);

        assertItem(check(), "ssh-access", "ok", "SSH_FROM=my-ip: create allows this machine (203.0.113.9/32) in security group"
                + " wadal-ssh (made at the first create) in " + vpc);
    }

    @Test
    void checkFailsWhenNoGroupOfTheMasterLetsThisMachineIn() throws IOException {
        ownGroup("ElasticMapReduce-master", null);
        ownGroup("company-ssh", "10.0.0.0/8");
        String own = ownGroup("company-other", "198.51.100.0/24");

        Map<String, List<String>> items = check("SSH_FROM=off", "ADDITIONAL_MASTER_SECURITY_GROUPS=" + own);

        assertItem(items, "ssh-access", "failed", "no security group of the master lets this machine (203.0.113.9) in on port 22");
        assertItem(items, "ssh-access", "failed", "company-other (" + own + ")");
        assertItem(items, "ssh-access", "failed", "set SSH_FROM=my-ip (the default)");
        assertFalse(items.get("ssh-access").get(1).contains("company-ssh"), "not a group of the master: " + items.get("ssh-access"));
        assertItem(check("SSH_FROM=198.51.100.0/24"), "ssh-access", "failed", "add 203.0.113.9/32 to SSH_FROM");
    }

    @Test
    void checkIsOkWhenAGroupOfTheMasterLetsThisMachineIn() throws IOException {
        String own = ownGroup("company-ssh", "203.0.113.0/24");
        assertItem(check("SSH_FROM=off", "ADDITIONAL_MASTER_SECURITY_GROUPS=" + own), "ssh-access", "ok",
                "company-ssh (" + own + ") lets this machine (203.0.113.9) in on port 22");

        assertItem(check("SSH_FROM=203.0.113.0/28"), "ssh-access", "ok", "SSH_FROM holds this machine (203.0.113.9)");

        created(wadal().run("create", "p"));
        assertItem(check(), "ssh-access", "ok", "wadal-ssh (" + wadalGroups().get(0).groupId() + ") lets this machine (203.0.113.9) in");
    }

    @Test
    void checkWithAJumpHostOrWithoutAnAddress() throws IOException {
        assertItem(check("SSH_FROM=off", "SSH_PROXY_JUMP=bastion.example.com"), "ssh-access", "ok",
                "through the jump host bastion.example.com (SSH_PROXY_JUMP)");
        assertEquals(0, checkip.requests());

        checkip.answer("no address here");
        assertItem(check(), "ssh-access", "failed", "the answer is not one IPv4 address ('no address here'); create needs it"
                + " for SSH_FROM=my-ip");
        assertItem(check("SSH_FROM=off"), "ssh-access", "warning", "not compared with this machine's address");
    }

    @Test
    void anAdditionalGroupMissingFromTheVpcFailsTheSecurityGroupItem() throws IOException {
        String elsewhere = ec2.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();
        String other = ec2.createSecurityGroup(b -> b.vpcId(elsewhere).groupName("other-vpc").description("x")).groupId();
        String own = ownGroup("company-ssh", null);

        Map<String, List<String>> items = check("ADDITIONAL_MASTER_SECURITY_GROUPS=" + own + ",sg-0123456789abcdef0," + other);

        assertItem(items, "security-group", "failed", "ADDITIONAL_MASTER_SECURITY_GROUPS: sg-0123456789abcdef0 does not exist; "
                + other + " is in " + elsewhere + ", not in " + vpc);
        assertFalse(items.get("security-group").get(1).contains(own), items.get("security-group").toString());
        assertItem(check("ADDITIONAL_MASTER_SECURITY_GROUPS=" + own), "security-group", "ok", "company-ssh (" + own + ") too");
    }
}
