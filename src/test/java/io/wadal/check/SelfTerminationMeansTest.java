package io.wadal.check;

import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys AWS refuses cannot end the cluster, so MAX_AGE with them is refused like MAX_AGE with no
 * keys. moto accepts any keys, so AWS's refusal is built here, as STS sends it.
 */
class SelfTerminationMeansTest {
    private static final String SECRET = "term-secret-Q7";
    private static final Profile KEYS = new Profile("p", Path.of("profiles/p"), Map.of("MAX_AGE", "12h",
            "EMR_TERM_ACCESS_KEY", "AKIAMISTYPED", "EMR_TERM_SECRET_KEY", SECRET));

    private static AwsServiceException refused() {
        return AwsServiceException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("InvalidClientTokenId").errorMessage("The security token included in the request is invalid.").build()).build();
    }

    @Test
    void keysAwsRefusesAreNoMeansAndCreateSaysSo() {
        SelfTerminationMeans.KeyOwner refusing = (key, secret) -> {
            throw refused();
        };

        SelfTerminationMeans.Means m = SelfTerminationMeans.of(KEYS, "ap-northeast-2", () -> {
            throw new AssertionError("no IAM call with keys");
        }, refusing);

        assertEquals(SelfTerminationMeans.Kind.NONE, m.kind());
        WadalException e = assertThrows(WadalException.class,
                () -> SelfTerminationMeans.require(KEYS, "ap-northeast-2", () -> null, refusing));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("AWS refuses EMR_TERM_ACCESS_KEY and EMR_TERM_SECRET_KEY (InvalidClientTokenId)"), e.getMessage());
        assertTrue(e.getMessage().contains(". Fix EMR_TERM_ACCESS_KEY and EMR_TERM_SECRET_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void keysAwsKnowsAreTheMeansNamingTheirOwner() {
        SelfTerminationMeans.Means m = SelfTerminationMeans.of(KEYS, "ap-northeast-2", () -> null,
                (key, secret) -> "arn:aws:iam::123456789012:user/emr-terminator");

        assertEquals(SelfTerminationMeans.Kind.KEYS, m.kind());
        assertTrue(m.detail().contains("arn:aws:iam::123456789012:user/emr-terminator"), m.detail());
    }

    @Test
    void anOutageIsNotTakenForARefusal() {
        AwsServiceException outage = AwsServiceException.builder().statusCode(503).build();
        assertThrows(AwsServiceException.class, () -> SelfTerminationMeans.of(KEYS, "ap-northeast-2", () -> null, (k, s) -> {
            throw outage;
        }));
    }
}
