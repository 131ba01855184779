package io.wadal.aws;

import io.wadal.error.ExceptionText;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed AWS call in one line a data scientist can act on. The SDK's own texts run to a
 * thousand characters (every provider of the credentials chain, with its reason); the two
 * causes behind most of them, no credentials and no network, get a sentence and the fix.
 */
public final class AwsFailure {
    public static final String NO_CREDENTIALS = "no AWS credentials found; set them up with 'aws configure', "
            + "AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
            "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId", "AuthFailure");
    private static final Pattern HTTP = Pattern.compile("Unable to execute HTTP request: (.*?)(?: \\(SDK Attempt Count: (\\d+)\\))?$");

    private AwsFailure() {
    }

    /** Why the call failed; for credentials the SDK could not find or AWS refused, with the fix. */
    public static String why(SdkException e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String code = a.awsErrorDetails().errorCode();
            String message = a.awsErrorDetails().errorMessage();
            // an answer without the usual error body (a proxy's, an emulator's) still says its status
            String said = (code == null ? "HTTP " + a.statusCode() : code)
                    + (message == null ? "" : ": " + ExceptionText.of(new RuntimeException(message)));
            return code != null && BAD_CREDENTIALS.contains(code) ? said + " — the AWS credentials are not valid (expired, or for another "
                    + "account); renew them ('aws sso login', 'aws configure') or pick others with AWS_PROFILE" : said;
        }
        String message = ExceptionText.of(e);
        if (message.startsWith("Unable to load credentials from any of the providers")) {
            return NO_CREDENTIALS;
        }
        Matcher http = HTTP.matcher(message);
        if (http.matches()) {
            String attempts = http.group(2) == null ? "" : ", " + http.group(2) + (http.group(2).equals("1") ? " attempt" : " attempts");
            return "cannot reach AWS (" + http.group(1) + attempts + "); check the network or proxy"
                    + " (and AWS_ENDPOINT_URL, if you set it)";
        }
        return message;
    }

    /** Whether {@link #why} already says how to fix the credentials or the network. */
    public static boolean saysTheFix(SdkException e) {
        String why = why(e);
        return why.equals(NO_CREDENTIALS) || why.contains("renew them") || why.startsWith("cannot reach AWS");
    }
}
