package io.wadal.cli;

import io.wadal.testing.CheckItems;
import io.wadal.testing.MotoServer;
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
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MAX_AGE needs a way for the master to end its own cluster: create refuses it (exit 2, nothing
 * launched) when neither the EMR_TERM_* keys are set nor the instance role's policies allow
 * TerminateJobFlows, and check's max-age item says which applies. Against moto's IAM.
 */
@ExtendWith(MotoServer.class)
class MaxAgeRefusalTest {
    private static final String ALLOW_TERMINATE = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"elasticmapreduce:TerminateJobFlows","Resource":"*"}]}""";
    private static final String DENY_TERMINATE = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"elasticmapreduce:Terminate*","Resource":"*"}]}""";

    @TempDir
    Path home;
    private MotoServer moto;
    private EmrClient emr;
    private IamClient iam;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), """
                AWS_REGION=ap-northeast-2
                AWS_EMR_LABEL=emr-7.5.0
                INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
                MAX_AGE=12h
                """);
        emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
        iam = CheckRolesAndRouteTest.iam(moto);
    }

    /**
     * What 'aws emr create-default-roles' attaches to EMR_EC2_DefaultRole: AWS's managed policy
     * AmazonElasticMapReduceforEC2Role, its document as moto ships it (moto_server loads AWS's
     * managed policies only when asked to, so the test makes a policy of that name and content).
     */
    private void attachEmrsDefaultPolicy() throws IOException {
        String document;
        try (var in = MaxAgeRefusalTest.class.getResourceAsStream("AmazonElasticMapReduceforEC2Role.json")) {
            document = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String arn = iam.createPolicy(b -> b.policyName("AmazonElasticMapReduceforEC2Role").path("/service-role/")
                .policyDocument(document)).policy().arn();
        iam.attachRolePolicy(b -> b.roleName("EMR_EC2_DefaultRole").policyArn(arn));
    }

    @AfterEach
    void tearDown() {
        emr.close();
        iam.close();
    }

    private Result run(String... args) {
        return new WadalRun(home).env(moto.env()).run(args);
    }

    private static String[] create(String... overrides) {
        List<String> args = new ArrayList<>(List.of("create", "p"));
        for (String o : overrides) {
            args.addAll(List.of("-p", o));
        }
        return args.toArray(String[]::new);
    }

    private void assertNothingLaunched() throws IOException {
        assertEquals(List.of(), emr.listClusters().clusters(), "no cluster may be launched");
        assertFalse(Files.exists(home.resolve("clusters/p.json")), "no record");
    }

    private List<String> maxAgeItem(String... overrides) throws IOException {
        List<String> args = new ArrayList<>(List.of("check", "--json", "p"));
        for (String o : overrides) {
            args.addAll(List.of("-p", o));
        }
        Result r = run(args.toArray(String[]::new));
        Map<String, List<String>> items = CheckItems.parse(r.out());
        assertTrue(items.containsKey("max-age"), r.toString());
        return items.get("max-age");
    }

    @Test
    void emrsDefaultInstanceRoleCannotEndItsClusterSoCreateRefusesWithTheFixes() throws IOException {
        CheckRolesAndRouteTest.createDefaultRoles(iam);
        attachEmrsDefaultPolicy();

        Result r = run(create());

        assertEquals(2, r.exitCode(), r.toString());
        String err = r.err();
        assertTrue(err.contains("MAX_AGE=12h needs a way for the master to terminate its own cluster"), err);
        assertTrue(err.contains("AmazonElasticMapReduceforEC2Role"), err);
        assertTrue(err.contains("EMR_TERM_ACCESS_KEY and EMR_TERM_SECRET_KEY"), err);
        assertTrue(err.contains("MAX_AGE=off"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertNothingLaunched();
        List<String> item = maxAgeItem();
        assertEquals("failed", item.get(0), item.toString());
        assertTrue(item.get(1).contains("AmazonElasticMapReduceforEC2Role"), item.toString());
    }

    @Test
    void anInstanceRoleAllowedToTerminateIsUsed() throws IOException {
        CheckRolesAndRouteTest.createDefaultRoles(iam);
        attachEmrsDefaultPolicy();
        iam.putRolePolicy(b -> b.roleName("EMR_EC2_DefaultRole").policyName("wadal-max-age").policyDocument(ALLOW_TERMINATE));

        Result r = run(create());

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("MAX_AGE=12h: wait-ready sets the master to end the cluster at that age, "
                + "with its instance role: role EMR_EC2_DefaultRole may call elasticmapreduce:TerminateJobFlows (policy wadal-max-age (inline))"),
                r.err());
        List<String> item = maxAgeItem();
        assertEquals("ok", item.get(0), item.toString());
        assertTrue(item.get(1).startsWith("at 12h the master ends the cluster with its instance role"), item.toString());
    }

    @Test
    void anExplicitDenyWinsOverTheAllow() throws IOException {
        CheckRolesAndRouteTest.createDefaultRoles(iam);
        iam.putRolePolicy(b -> b.roleName("EMR_EC2_DefaultRole").policyName("allow").policyDocument(ALLOW_TERMINATE));
        iam.putRolePolicy(b -> b.roleName("EMR_EC2_DefaultRole").policyName("deny").policyDocument(DENY_TERMINATE));

        Result r = run(create());

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("policy deny (inline) of role EMR_EC2_DefaultRole denies elasticmapreduce:TerminateJobFlows. "
                + "Set EMR_TERM_ACCESS_KEY and EMR_TERM_SECRET_KEY (the keys of an IAM user allowed only elasticmapreduce:TerminateJobFlows), "
                + "or lift that Deny, or set MAX_AGE=off"), r.err());
        assertNothingLaunched();
    }

    @Test
    void theKeysNeedNoRoleAtAll() throws IOException {
        Result r = run(create("EMR_TERM_ACCESS_KEY=AKIATERMINATOR", "EMR_TERM_SECRET_KEY=term-secret-value"));

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("with the IAM user of EMR_TERM_ACCESS_KEY, arn:aws:sts::123456789012:user/moto"), r.err());
        assertFalse(r.err().contains("term-secret-value") || r.out().contains("term-secret-value"), r.toString());
        assertEquals("ok", maxAgeItem("EMR_TERM_ACCESS_KEY=AKIATERMINATOR", "EMR_TERM_SECRET_KEY=term-secret-value").get(0));
    }

    @Test
    void aMissingInstanceProfileIsTheReason() throws IOException {
        Result r = run(create());

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("instance profile EMR_EC2_DefaultRole does not exist"), r.err());
        assertNothingLaunched();
    }

    @Test
    void halfAKeyPairIsNoMeansAndSaysWhichHalfIsMissing() throws IOException {
        Result r = run(create("EMR_TERM_ACCESS_KEY=AKIATERMINATOR"));

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("it has none: EMR_TERM_ACCESS_KEY is set but EMR_TERM_SECRET_KEY is not. Set EMR_TERM_SECRET_KEY too"),
                r.err());
        assertNothingLaunched();
    }

    @Test
    void offNeedsNothing() throws IOException {
        Result r = run(create("MAX_AGE=off"));

        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(r.err().contains("MAX_AGE"), r.err());
        assertEquals(List.of("skipped", "MAX_AGE=off: no age limit"), maxAgeItem("MAX_AGE=off"));
    }
}
