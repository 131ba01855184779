package io.wadal.emr;

import com.fasterxml.jackson.databind.JsonNode;
import io.wadal.assets.AssetCatalog;
import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Everything create sends, worked out from a profile without calling AWS: shared by plan and create. */
public final class ClusterPlanner {
    /** A secret this short turns up by chance in ordinary fields (the profile name, a path). */
    private static final int SHORT_SECRET = 4;

    private final Path home;
    private final AssetCatalog catalog;
    private final Consumer<String> warnings;

    public ClusterPlanner(Path home, AssetCatalog catalog, Consumer<String> warnings) {
        this.home = home;
        this.catalog = catalog;
        this.warnings = warnings;
    }

    public RunJobFlowRequest plan(Profile profile, String region) {
        BootstrapScript bootstrap = BootstrapScript.of(profile, home, catalog::contains);
        return new RunJobFlowRequestBuilder(warnings).build(profile, region, configurations(profile), bootstrap);
    }

    /**
     * The request create sends, refused (exit 2) if a secret's value made its way into any field —
     * through TAGS or CLUSTER_NAME, say — since anyone with elasticmapreduce:Describe* reads them.
     */
    public RunJobFlowRequest planForLaunch(Profile profile, String region) {
        return refuseSecrets(profile, plan(profile, region));
    }

    private static RunJobFlowRequest refuseSecrets(Profile profile, RunJobFlowRequest request) {
        // The launch and creator tags hold wadal's own values (a random id, the caller's ARN), not the profile's.
        JsonNode json = SdkJson.toJson(RunJobFlowRequestBuilder.withLaunchTags(request, "", ""));
        for (Map.Entry<ProfileKey, String> set : profile.secrets().entrySet()) {
            ProfileKey key = set.getKey();
            String secret = set.getValue();
            List<String> fields = FieldsHolding.find(json, secret);
            if (!fields.isEmpty()) {
                int n = secret.codePointCount(0, secret.length());
                boolean shortOne = n < SHORT_SECRET;
                String where = String.join(", ", fields.subList(0, Math.min(3, fields.size())))
                        + (fields.size() > 3 ? " and " + (fields.size() - 3) + " more" : "");
                throw WadalException.usage(key + (shortOne ? " (" + n + (n == 1 ? " character)" : " characters)") : "")
                        + " appears in the cluster request in " + where + "; EMR shows those to anyone who can describe "
                        + "the cluster, so wadal will not send it"
                        + (shortOne ? "; use a longer " + (key == ProfileKey.GIT_PASS ? "password" : "value")
                        : "; keep it out of " + ProfileKey.TAGS + ", " + ProfileKey.CLUSTER_NAME + " and paths"));
            }
        }
        return request;
    }

    private List<Configuration> configurations(Profile profile) {
        if (profile.emrConfig().isEmpty()) {
            return EmrConfigurations.parse(catalog.defaultEmrConfig(), "the bundled emr_config.json");
        }
        Path file = home.resolve(profile.emrConfig().get());
        try {
            return EmrConfigurations.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw WadalException.usage(ProfileKey.EMR_CONFIG + ": cannot read " + file + " (" + ExceptionText.of(e) + ")");
        }
    }
}
