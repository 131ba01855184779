package io.wadal.app;

import io.wadal.assets.AssetCatalog;
import io.wadal.emr.ClusterPlanner;
import io.wadal.emr.PlanSummary;
import io.wadal.emr.SdkJson;
import io.wadal.profile.Profile;
import io.wadal.profile.SecretMasker;
import io.wadal.workspace.WorkspaceSpec;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** The RunJobFlow request of a profile, built from the home's assets: what plan shows and create sends. */
public final class ClusterPlans {
    private final Function<String, Profile> profiles;
    private final Function<Profile, String> regions;
    private final Supplier<WadalHome> home;
    private final Consumer<String> warnings;

    /** @param regions the region a profile's cluster goes to */
    public ClusterPlans(Function<String, Profile> profiles, Function<Profile, String> regions, Supplier<WadalHome> home,
                        Consumer<String> warnings) {
        this.profiles = profiles;
        this.regions = regions;
        this.home = home;
        this.warnings = warnings;
    }

    /** What plan prints: the request, with the profile's secrets masked in either rendering. */
    public record Plan(Profile profile, String region, RunJobFlowRequest request) {
        public JsonNode json() {
            return masker().mask(SdkJson.toJson(request));
        }

        public String summary() {
            return masker().mask(PlanSummary.render(request, profile, SshAccess.describe(profile)));
        }

        private SecretMasker masker() {
            return new SecretMasker(profile.secretValues());
        }
    }

    public Plan plan(String profileName) {
        Profile p = profiles.apply(profileName);
        String region = regions.apply(p);
        RunJobFlowRequest request = planner().plan(p, region);
        // what create would refuse before launching, plan refuses too
        WorkspaceSpec.of(p);
        return new Plan(p, region, request);
    }

    /** The request create sends, failing on anything a launch cannot go with. */
    public RunJobFlowRequest forLaunch(Profile p, String region) {
        return planner().planForLaunch(p, region);
    }

    private ClusterPlanner planner() {
        WadalHome h = home.get();
        return new ClusterPlanner(h.root(), new AssetCatalog(h.assets()), warnings);
    }
}
