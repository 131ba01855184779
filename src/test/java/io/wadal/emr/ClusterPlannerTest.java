package io.wadal.emr;

import io.wadal.assets.AssetCatalog;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClusterPlannerTest {
    private final List<String> warnings = new ArrayList<>();
    private final ClusterPlanner planner = new ClusterPlanner(Path.of("."), new AssetCatalog(Path.of("assets")), warnings::add);

    private static Profile mini(Map<String, String> extra) {
        Map<String, String> v = new HashMap<>(Map.of("AWS_EMR_LABEL", "emr-7.5.0", "INIT_ASSET_DIR_S3", "s3://wadal-assets/init"));
        v.putAll(extra);
        return TestProfiles.profile("mini", v);
    }

    private String refused(Profile p) {
        WadalException e = assertThrows(WadalException.class, () -> planner.planForLaunch(p, "ap-northeast-2"));
        assertEquals(2, e.exitCode());
        return e.getMessage();
    }

    @Test
    void aShortPasswordFoundInTheRequestNamesTheFieldsAndAsksForALongerOne() {
        assertEquals("GIT_PASS (3 characters) appears in the cluster request in Name, Tags[Name], Tags[wadal:profile];"
                        + " EMR shows those to anyone who can describe the cluster, so wadal will not send it;"
                        + " use a longer password",
                refused(mini(Map.of("GIT_PASS", "min"))));
        assertEquals("GIT_PASS (1 character) appears in the cluster request in LogUri, ReleaseLabel, "
                        + "Steps[0].HadoopJarStep.Jar and 12 more; EMR shows those to anyone who can describe the cluster, "
                        + "so wadal will not send it; use a longer password",
                refused(mini(Map.of("GIT_PASS", "-"))));
    }

    @Test
    void aSecretCopiedIntoATagIsNamedByTheTagAndNotShown() {
        String msg = refused(mini(Map.of("GIT_PASS", TestProfiles.GIT_PASS, "TAGS", "team=x-" + TestProfiles.GIT_PASS)));
        assertEquals("GIT_PASS appears in the cluster request in Tags[team]; EMR shows those to anyone who can describe"
                + " the cluster, so wadal will not send it; keep it out of TAGS, CLUSTER_NAME and paths", msg);
        msg = refused(mini(Map.of("AWS_S3_SECRET_KEY", TestProfiles.S3_SECRET, "TAGS", TestProfiles.S3_SECRET + "=x")));
        assertFalse(msg.contains(TestProfiles.S3_SECRET), msg);
        assertEquals("AWS_S3_SECRET_KEY appears in the cluster request in Tags[5].Key;", msg.substring(0, msg.indexOf(';') + 1));
    }

    @Test
    void aPasswordFoundNowhereIsFine() {
        planner.planForLaunch(mini(Map.of("GIT_PASS", "q7Z")), "ap-northeast-2");
    }
}
