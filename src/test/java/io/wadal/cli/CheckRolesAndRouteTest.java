package io.wadal.cli;

import com.sun.net.httpserver.HttpServer;
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
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.wadal.testing.CheckItems.assertItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check's roles (IAM) and route (the subnet's way to the internet) items, against moto. */
@ExtendWith(MotoServer.class)
@Slow
class CheckRolesAndRouteTest {
    private static final String TRUST_EMR = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"elasticmapreduce.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private static final String TRUST_EC2 = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    @TempDir
    Path home;
    private MotoServer moto;
    private Ec2Client ec2;
    private IamClient iam;
    private String vpc;
    private String subnet;

    /** What 'aws emr create-default-roles' leaves: the service role, the nodes' role and its instance profile. */
    static void createDefaultRoles(IamClient iam) {
        iam.createRole(b -> b.roleName("EMR_DefaultRole").assumeRolePolicyDocument(TRUST_EMR));
        iam.createRole(b -> b.roleName("EMR_EC2_DefaultRole").assumeRolePolicyDocument(TRUST_EC2));
        iam.createInstanceProfile(b -> b.instanceProfileName("EMR_EC2_DefaultRole"));
        iam.addRoleToInstanceProfile(b -> b.instanceProfileName("EMR_EC2_DefaultRole").roleName("EMR_EC2_DefaultRole"));
    }

    /** A public subnet's way out: an internet gateway, routed from the VPC's main route table. */
    static String routeToAnInternetGateway(Ec2Client ec2, String vpc) {
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(b -> b.internetGatewayId(igw).vpcId(vpc));
        ec2.createRoute(b -> b.routeTableId(mainTable(ec2, vpc)).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        return igw;
    }

    static IamClient iam(MotoServer moto) {
        return IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
    }

    private static String mainTable(Ec2Client ec2, String vpc) {
        return ec2.describeRouteTables(b -> b.filters(f -> f.name("vpc-id").values(vpc), f -> f.name("association.main").values("true")))
                .routeTables().get(0).routeTableId();
    }

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        ec2 = Ec2Client.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
        iam = iam(moto);
        vpc = ec2.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();
        subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.30.1.0/24").availabilityZone("ap-northeast-2a"))
                .subnet().subnetId();
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), """
                AWS_REGION=ap-northeast-2
                AWS_EMR_LABEL=emr-7.5.0
                AWS_EMR_SUBNET=%s
                INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
                EMR_LOG_DIR_S3=off
                """.formatted(subnet));
    }

    @AfterEach
    void tearDown() {
        ec2.close();
        iam.close();
    }

    /** item → [status, detail] */
    private Map<String, List<String>> check(Map<String, String> env, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("check", "--json", "p"));
        args.addAll(List.of(extra));
        Result r = new WadalRun(home).env(moto.env()).env(env).run(args.toArray(String[]::new));
        assertTrue(r.exitCode() == 0 || r.exitCode() == 1, r.toString());
        return CheckItems.parse(r.out());
    }

    private Map<String, List<String>> check(String... extra) throws IOException {
        return check(Map.of(), extra);
    }

    @Test
    void theItemsComeRightAfterRegionAndSubnet() throws IOException {
        List<String> order = List.copyOf(check().keySet());
        assertEquals(List.of("region", "roles", "subnet", "route", "policy-tags"), order.subList(2, 7), order.toString());
    }

    /** The service role AWS recommends: EMR_DefaultRole_V2 with AmazonEMRServicePolicy_v2 (moto loads no AWS managed policy: one of its name). */
    private void v2ServiceRole() {
        iam.createRole(b -> b.roleName("EMR_DefaultRole_V2").assumeRolePolicyDocument(TRUST_EMR));
        String arn = iam.createPolicy(b -> b.policyName("AmazonEMRServicePolicy_v2").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Sid":"CreateInTaggedNetwork","Effect":"Allow","Action":["ec2:RunInstances"],
                "Resource":["arn:aws:ec2:*:*:subnet/*","arn:aws:ec2:*:*:security-group/*"],
                "Condition":{"StringEquals":{"aws:ResourceTag/for-use-with-amazon-emr-managed-policies":"true"}}}]}""")).policy().arn();
        iam.attachRolePolicy(b -> b.roleName("EMR_DefaultRole_V2").policyArn(arn));
    }

    @Test
    void underTheV2ServicePolicyAnUntaggedSubnetAndOwnGroupFailWithTheCreateTagsLine() throws IOException {
        v2ServiceRole();
        String own = ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("company-ssh").description("the company's")).groupId();

        Map<String, List<String>> items = check("-p", "EMR_SERVICE_ROLE=EMR_DefaultRole_V2", "-p", "ADDITIONAL_MASTER_SECURITY_GROUPS=" + own);

        assertItem(items, "policy-tags", "failed", "service role EMR_DefaultRole_V2 uses AmazonEMRServicePolicy_v2",
                "not tagged: " + subnet + ", " + own, "run 'aws ec2 create-tags --resources " + subnet + " " + own
                        + " --tags Key=for-use-with-amazon-emr-managed-policies,Value=true'");

        ec2.createTags(b -> b.resources(subnet, own).tags(t -> t.key("for-use-with-amazon-emr-managed-policies").value("true")));
        assertItem(check("-p", "EMR_SERVICE_ROLE=EMR_DefaultRole_V2", "-p", "ADDITIONAL_MASTER_SECURITY_GROUPS=" + own),
                "policy-tags", "ok", subnet + " and " + own + " are");
    }

    @Test
    void aServiceRoleWithoutTheV2PolicyNeedsNoTagsAndAMissingOneIsLeftToRoles() throws IOException {
        createDefaultRoles(iam);
        assertItem(check(), "policy-tags", "skipped", "service role EMR_DefaultRole does not use AmazonEMRServicePolicy_v2");
        assertItem(check("-p", "EMR_SERVICE_ROLE=NoSuchRole"), "policy-tags", "skipped", "no service role NoSuchRole (see roles)");
    }

    @Test
    void theDefaultRolesAsCreateDefaultRolesMakesThemAreOk() throws IOException {
        createDefaultRoles(iam);
        assertItem(check(), "roles", "ok",
                "service role EMR_DefaultRole and instance profile EMR_EC2_DefaultRole (role EMR_EC2_DefaultRole) exist");
    }

    @Test
    void noRolesAtAllFailWithCreateDefaultRoles() throws IOException {
        assertItem(check(), "roles", "failed", "service role EMR_DefaultRole (EMR_SERVICE_ROLE) does not exist",
                "instance profile EMR_EC2_DefaultRole (EMR_EC2_ROLE) does not exist",
                "run 'aws emr create-default-roles', which creates EMR_DefaultRole and EMR_EC2_DefaultRole");
    }

    @Test
    void aMissingServiceRoleFails() throws IOException {
        createDefaultRoles(iam);
        Map<String, List<String>> items = check("-p", "EMR_SERVICE_ROLE=TeamEmrRole");
        assertItem(items, "roles", "failed", "service role TeamEmrRole (EMR_SERVICE_ROLE) does not exist",
                "create them or fix EMR_SERVICE_ROLE / EMR_EC2_ROLE");
        assertFalse(items.get("roles").get(1).contains("instance profile EMR_EC2_DefaultRole (EMR_EC2_ROLE) does not"), items.toString());
    }

    @Test
    void aRoleWithoutItsInstanceProfileFailsNamingTheTwoCommandsThatMakeIt() throws IOException {
        createDefaultRoles(iam);
        iam.createRole(b -> b.roleName("TeamNodes").assumeRolePolicyDocument(TRUST_EC2));
        assertItem(check("-p", "EMR_EC2_ROLE=TeamNodes"), "roles", "failed",
                "instance profile TeamNodes (EMR_EC2_ROLE) does not exist (a role of that name does, but EMR needs the instance profile)",
                "'aws iam create-instance-profile --instance-profile-name TeamNodes'",
                "'aws iam add-role-to-instance-profile --instance-profile-name TeamNodes --role-name TeamNodes'");
    }

    @Test
    void anInstanceProfileHoldingNoRoleFails() throws IOException {
        createDefaultRoles(iam);
        iam.createInstanceProfile(b -> b.instanceProfileName("EmptyProfile"));
        assertItem(check("-p", "EMR_EC2_ROLE=EmptyProfile"), "roles", "failed",
                "instance profile EmptyProfile holds no role", "add-role-to-instance-profile --instance-profile-name EmptyProfile");
    }

    @Test
    void credentialsThatMayNotReadIamAreAWarningSayingWhatWasNotChecked() throws IOException {
        HttpServer denying = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        denying.createContext("/", exchange -> {
            byte[] body = ("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
                    + "<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/moto is not authorized to perform: "
                    + "iam:GetRole</Message></Error><RequestId>r-1</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        denying.start();
        try {
            Map<String, List<String>> items = check(Map.of("AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:" + denying.getAddress().getPort()));
            assertItem(items, "roles", "warning", "could not check service role EMR_DefaultRole (AccessDenied) and instance profile "
                    + "EMR_EC2_DefaultRole (AccessDenied): your credentials may not read IAM", "EMR checks them at create");
        } finally {
            denying.stop(0);
        }
    }

    @Test
    void aSubnetRoutedToAnInternetGatewayIsOk() throws IOException {
        String igw = routeToAnInternetGateway(ec2, vpc);
        assertItem(check(), "route", "ok", subnet + " reaches the internet through internet gateway " + igw);
    }

    @Test
    void aPrivateSubnetWithItsOwnRouteTableToANatGatewayIsOk() throws IOException {
        String publicSubnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.30.2.0/24")).subnet().subnetId();
        String eip = ec2.allocateAddress(b -> b.domain("vpc")).allocationId();
        String nat = ec2.createNatGateway(b -> b.subnetId(publicSubnet).allocationId(eip)).natGateway().natGatewayId();
        String table = ec2.createRouteTable(b -> b.vpcId(vpc)).routeTable().routeTableId();
        ec2.associateRouteTable(b -> b.routeTableId(table).subnetId(subnet));
        ec2.createRoute(b -> b.routeTableId(table).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
        assertItem(check(), "route", "ok", subnet + " reaches the internet through NAT gateway " + nat);
    }

    @Test
    void theSubnetsOwnRouteTableWinsOverTheMainOne() throws IOException {
        routeToAnInternetGateway(ec2, vpc);
        String table = ec2.createRouteTable(b -> b.vpcId(vpc)).routeTable().routeTableId();
        ec2.associateRouteTable(b -> b.routeTableId(table).subnetId(subnet));
        assertItem(check(), "route", "warning", subnet + " has no route to the internet (route table " + table + ")");
    }

    @Test
    void aSubnetWithNoWayOutIsAWarningThatPipAndGitNeedOne() throws IOException {
        Map<String, List<String>> items = check();
        assertItem(items, "route", "warning", subnet + " has no route to the internet (route table " + mainTable(ec2, vpc) + ")",
                "pip and git on the nodes need a way out", "NAT gateway");
        assertFalse(items.get("route").get(1).contains("S3 gateway endpoint"), items.toString());
    }

    @Test
    void anS3GatewayEndpointAloneIsNotAWayOutForPipAndGit() throws IOException {
        String endpoint = ec2.createVpcEndpoint(b -> b.vpcId(vpc).serviceName("com.amazonaws.ap-northeast-2.s3")
                .vpcEndpointType("Gateway").routeTableIds(mainTable(ec2, vpc))).vpcEndpoint().vpcEndpointId();
        assertItem(check(), "route", "warning", "has no route to the internet",
                "the S3 gateway endpoint " + endpoint + " serves S3 only, not PyPI or git hosts");
    }

    @Test
    void aRouteThroughATransitGatewayIsAWarningWadalCannotFollow() throws IOException {
        String tgw = ec2.createTransitGateway().transitGateway().transitGatewayId();
        ec2.createRoute(b -> b.routeTableId(mainTable(ec2, vpc)).destinationCidrBlock("0.0.0.0/0").transitGatewayId(tgw));
        assertItem(check(), "route", "warning", subnet + " has a route 0.0.0.0/0 to " + tgw, "which wadal cannot follow");
    }

    @Test
    void withoutASubnetEveryDefaultSubnetIsLookedAt() throws IOException {
        String defaultVpc = ec2.describeVpcs(b -> b.filters(f -> f.name("is-default").values("true"))).vpcs().get(0).vpcId();
        Map<String, List<String>> none = check("-p", "AWS_EMR_SUBNET=");
        assertItem(none, "route", "warning", "has no route to the internet");
        String igw = routeToAnInternetGateway(ec2, defaultVpc);
        assertItem(check("-p", "AWS_EMR_SUBNET="), "route", "ok",
                "the default VPC " + defaultVpc + "'s subnets reach the internet through internet gateway " + igw);
    }

    @Test
    void aMissingSubnetSkipsTheRoute() throws IOException {
        assertItem(check("-p", "AWS_EMR_SUBNET=subnet-0123456789abcdef0"), "route", "skipped", "see subnet");
    }
}
