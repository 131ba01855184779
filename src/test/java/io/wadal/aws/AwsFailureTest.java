package io.wadal.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwsFailureTest {
    /** The SDK's text when no provider of the chain has credentials (shortened; the real one is ~1,300 characters). */
    private static final String CHAIN = "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
            + "credentialsProviders=[SystemPropertyCredentialsProvider(), EnvironmentVariableCredentialsProvider()]) : "
            + "[SystemPropertyCredentialsProvider(): Unable to load credentials from system settings. Access key must be specified "
            + "either via environment variable (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId).]";

    private static AwsServiceException service(String code, String message) {
        return AwsServiceException.builder().awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                .serviceName("Sts").build()).build();
    }

    @Test
    void noCredentialsIsOneSentenceWithTheFix() {
        String why = AwsFailure.why(SdkClientException.create(CHAIN));
        assertEquals(AwsFailure.NO_CREDENTIALS, why);
        assertTrue(why.length() < 140, why);
        assertTrue(AwsFailure.saysTheFix(SdkClientException.create(CHAIN)));
    }

    @Test
    void noNetworkSaysSoAndNotCredentials() {
        String why = AwsFailure.why(SdkClientException.create("Unable to execute HTTP request: Connection refused (SDK Attempt Count: 4)"));
        assertEquals("cannot reach AWS (Connection refused, 4 attempts); check the network or proxy (and AWS_ENDPOINT_URL, if you set it)", why);
        assertFalse(why.contains("credentials"));
    }

    @Test
    void refusedCredentialsSayHowToRenewThem() {
        String why = AwsFailure.why(service("ExpiredToken", "The security token included in the request is expired"));
        assertTrue(why.startsWith("ExpiredToken: The security token included in the request is expired — the AWS credentials are not valid"), why);
        assertTrue(why.contains("aws sso login"), why);
    }

    @Test
    void otherServiceErrorsAreTheirCodeAndFirstLine() {
        AwsServiceException e = service("ValidationException", "Instance type m9.huge is not supported\nand more");
        assertEquals("ValidationException: Instance type m9.huge is not supported", AwsFailure.why(e));
        assertFalse(AwsFailure.saysTheFix(e));
    }
}
