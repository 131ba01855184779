package io.wadal.aws;

import io.wadal.error.WadalException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/** Who is calling AWS: the ARN create tags each cluster with, and --adopt compares against. */
public final class CallerIdentity {
    private CallerIdentity() {
    }

    public static String arn(StsClient sts) {
        try {
            return sts.getCallerIdentity().arn();
        } catch (SdkException e) {
            throw WadalException.failed("cannot tell who is calling AWS (STS GetCallerIdentity): " + AwsFailure.why(e), e);
        }
    }
}
