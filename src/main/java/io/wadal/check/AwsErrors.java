package io.wadal.check;

import io.wadal.aws.AwsFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** One-line reasons for failed AWS calls. */
final class AwsErrors {
    private AwsErrors() {
    }

    static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }

    static String why(SdkException e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String service = a.awsErrorDetails().serviceName();
            return (service == null ? "" : service + " ") + "call failed: " + a.awsErrorDetails().errorCode() + ": "
                    + a.awsErrorDetails().errorMessage();
        }
        return AwsFailure.why(e);
    }
}
