package io.wadal.aws;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static io.wadal.aws.PolicyDocument.Effect.ALLOW;
import static io.wadal.aws.PolicyDocument.Effect.ALLOW_WITH_CONDITION;
import static io.wadal.aws.PolicyDocument.Effect.DENY;
import static io.wadal.aws.PolicyDocument.Effect.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PolicyDocumentTest {
    private static final String ACTION = "elasticmapreduce:TerminateJobFlows";
    private static final String CLUSTER = "arn:aws:elasticmapreduce:ap-northeast-2:123456789012:cluster/j-*";

    private static PolicyDocument.Effect decide(String statements) throws IOException {
        return PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}").decide(ACTION, CLUSTER);
    }

    @Test
    void anActionMatchesExactlyOrByIamsWildcardsWhateverItsCase() throws IOException {
        assertEquals(ALLOW, decide("{\"Effect\":\"Allow\",\"Action\":\"elasticmapreduce:TerminateJobFlows\",\"Resource\":\"*\"}"));
        assertEquals(ALLOW, decide("[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"elasticmapreduce:terminate*\"],\"Resource\":\"*\"}]"));
        assertEquals(ALLOW, decide("[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]"));
        assertEquals(ALLOW, decide("[{\"Effect\":\"Allow\",\"Action\":\"elasticmapreduce:TerminateJobFlow?\",\"Resource\":\"*\"}]"));
    }

    @Test
    void whatEmrsDefaultInstanceRoleAllowsIsNotTermination() throws IOException {
        assertEquals(NONE, decide("[{\"Effect\":\"Allow\",\"Action\":[\"elasticmapreduce:Describe*\",\"elasticmapreduce:ListInstances\","
                + "\"elasticmapreduce:ListSteps\"],\"Resource\":\"*\"}]"));
    }

    @Test
    void theResourceMustCoverANewCluster() throws IOException {
        assertEquals(ALLOW, decide("[{\"Effect\":\"Allow\",\"Action\":\"elasticmapreduce:*\",\"Resource\":\"arn:aws:elasticmapreduce:*:*:cluster/*\"}]"));
        assertEquals(NONE, decide("[{\"Effect\":\"Allow\",\"Action\":\"elasticmapreduce:*\",\"Resource\":\"arn:aws:elasticmapreduce:*:*:cluster/j-ABC\"}]"));
        assertEquals(NONE, decide("[{\"Effect\":\"Allow\",\"Action\":\"elasticmapreduce:*\",\"Resource\":\"arn:aws:s3:::bucket/*\"}]"));
    }

    @Test
    void notActionAndNotResourceAllowEverythingElse() throws IOException {
        assertEquals(ALLOW, decide("[{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]"));
        assertEquals(NONE, decide("[{\"Effect\":\"Allow\",\"NotAction\":\"elasticmapreduce:*\",\"Resource\":\"*\"}]"));
        assertEquals(ALLOW, decide("[{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotResource\":\"arn:aws:s3:::*\"}]"));
    }

    @Test
    void anUnconditionalDenyWinsOverAnyAllow() throws IOException {
        assertEquals(DENY, decide("[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"elasticmapreduce:TerminateJobFlows\",\"Resource\":\"*\"}]"));
    }

    @Test
    void conditionsAreNotEvaluatedButSaidSo() throws IOException {
        assertEquals(ALLOW_WITH_CONDITION, decide("[{\"Effect\":\"Allow\",\"Action\":\"elasticmapreduce:TerminateJobFlows\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"elasticmapreduce:ResourceTag/team\":\"data\"}}}]"));
        assertEquals(ALLOW_WITH_CONDITION, decide("[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]"));
    }

    @Test
    void iamsUrlEncodedFormIsDecoded() throws IOException {
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"elasticmapreduce:*\",\"Resource\":\"*\"}]}";
        assertEquals(ALLOW, PolicyDocument.parse(URLEncoder.encode(json, StandardCharsets.UTF_8)).decide(ACTION, CLUSTER));
    }

    @Test
    void somethingElseIsNotAPolicy() {
        assertThrows(IOException.class, () -> PolicyDocument.parse("[]"));
    }
}
