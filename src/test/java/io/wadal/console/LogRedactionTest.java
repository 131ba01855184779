package io.wadal.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.wadal.aws.AwsClients;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogRedactionTest {
    private static final String TOKEN = "IQoJb3JpZ2luX2VjEPr//////////wEaDmFwLW5vcnRoZWFzdC0yIkcwRQIhAK+test/token==";

    /** What the SDK's signer logged at -vv (captured from a run against the emulator, the token replaced by a made-up one). */
    private static final String CANONICAL_REQUEST = """
            DEBUG s.a.a.h.a.a.i.s.DefaultV4RequestSigner: AWS4 Canonical Request: HEAD
            /wadal-test-bucket/assets/NanumGothic-LICENSE.txt

            amz-sdk-invocation-id:5ba58289-22c2-aba9-4513-c4bfc2f8a79a
            amz-sdk-request:attempt=1; max=1
            host:127.0.0.1:37867
            x-amz-content-sha256:UNSIGNED-PAYLOAD
            x-amz-date:20261201T093502Z
            x-amz-security-token:%s

            amz-sdk-invocation-id;amz-sdk-request;host;x-amz-content-sha256;x-amz-date;x-amz-security-token
            UNSIGNED-PAYLOAD
            """.formatted(TOKEN);

    /** The Apache HTTP client's header and wire logs of a signed EMR call. */
    private static final String HEADERS = "DEBUG o.a.h.headers: http-outgoing-0 >> Authorization: AWS4-HMAC-SHA256 "
            + "Credential=ASIAEXAMPLEKEYID1234/20261201/ap-northeast-2/elasticmapreduce/aws4_request, "
            + "SignedHeaders=amz-sdk-invocation-id;host;x-amz-date;x-amz-security-token;x-amz-target, "
            + "Signature=9f1c2b3a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8\n"
            + "DEBUG o.a.h.headers: http-outgoing-0 >> X-Amz-Security-Token: " + TOKEN + "\n"
            + "DEBUG o.a.h.wire: http-outgoing-0 >> \"X-Amz-Security-Token: " + TOKEN + "[\\r][\\n]\"\n"
            + "DEBUG o.a.h.wire: http-outgoing-0 >> \"Authorization: Basic ZGFuYTpnaXRwYXNz[\\r][\\n]\"\n";

    @Test
    void theSessionTokenInTheSignersCanonicalRequestIsMasked() {
        String out = LogRedaction.redact(CANONICAL_REQUEST);
        assertFalse(out.contains(TOKEN), out);
        assertTrue(out.contains("\nx-amz-security-token:****\n"), out);
        // the rest of the request stays readable
        assertTrue(out.contains("x-amz-date:20261201T093502Z\n"), out);
        assertTrue(out.contains("\namz-sdk-invocation-id;amz-sdk-request;host;x-amz-content-sha256;x-amz-date;x-amz-security-token\n"), out);
    }

    @Test
    void authorizationHeadersAndTokenHeadersAreMaskedWholeValue() {
        String out = LogRedaction.redact(HEADERS);
        assertEquals("""
                DEBUG o.a.h.headers: http-outgoing-0 >> Authorization: ****
                DEBUG o.a.h.headers: http-outgoing-0 >> X-Amz-Security-Token: ****
                DEBUG o.a.h.wire: http-outgoing-0 >> "X-Amz-Security-Token: ****[\\r][\\n]"
                DEBUG o.a.h.wire: http-outgoing-0 >> "Authorization: ****
                """, out);
    }

    @Test
    void aPresignedUrlAndCredentialFieldsLoseTheirValues() {
        String out = LogRedaction.redact("GET https://b.s3.amazonaws.com/k?X-Amz-Credential=ASIAX%2F20261201&X-Amz-Security-Token="
                + "abc%2Fdef&X-Amz-Signature=0123abcd&x=1 {\"SecretAccessKey\":\"wJalrXUtn\",\"SessionToken\":\"FwoG\"}"
                + " aws_secret_access_key = wJalr2");
        assertEquals("GET https://b.s3.amazonaws.com/k?X-Amz-Credential=****&X-Amz-Security-Token=****&X-Amz-Signature=****&x=1"
                + " {\"SecretAccessKey\":\"****\",\"SessionToken\":\"****\"} aws_secret_access_key = ****", out);
    }

    @Test
    void aRegisteredSecretIsMaskedWhereverItAppearsButShortValuesAreNotRegistered() {
        LogRedaction.secret("gitpass-UNIT-91be");
        LogRedaction.secret("gitpass-UNIT-91be-longer");
        LogRedaction.secret("abc");
        assertEquals("clone https://dana:****@git/x.git, then **** and ****; abc stays",
                LogRedaction.redact("clone https://dana:gitpass-UNIT-91be@git/x.git, then gitpass-UNIT-91be-longer and "
                        + "gitpass-UNIT-91be; abc stays"));
    }

    @Test
    void theAwsSecretKeyAndSessionTokenOfTheEnvironmentAreMaskedFromTheStart() {
        try (AwsClients ignored = new AwsClients(Map.of("AWS_ACCESS_KEY_ID", "ASIAUNITKEYID", "AWS_SECRET_ACCESS_KEY",
                "awssecret-UNIT-5e1", "AWS_SESSION_TOKEN", "sessiontoken-UNIT-c3d"))) {
            assertEquals("key ASIAUNITKEYID secret **** token ****",
                    LogRedaction.redact("key ASIAUNITKEYID secret awssecret-UNIT-5e1 token sessiontoken-UNIT-c3d"));
        }
    }

    @Test
    void logbacksLinesGoThroughTheRedactionStackTracesToo() {
        LogRedaction.secret("s3secret-UNIT-77aa");
        LoggerContext lc = new LoggerContext();
        RedactingLayout layout = new RedactingLayout("%level %logger{20}: %msg%n");
        layout.setContext(lc);
        layout.start();
        Logger logger = lc.getLogger("software.amazon.awssdk.request");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.DEBUG, CANONICAL_REQUEST,
                new IllegalStateException("key s3secret-UNIT-77aa refused"), null);
        String out = layout.doLayout(event);
        assertFalse(out.contains(TOKEN), out);
        assertFalse(out.contains("s3secret-UNIT-77aa"), out);
        assertTrue(out.contains("java.lang.IllegalStateException: key **** refused"), out);
    }
}
