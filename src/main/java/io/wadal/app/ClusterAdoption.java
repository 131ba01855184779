package io.wadal.app;

import io.wadal.console.TerminalText;
import io.wadal.console.Ui;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.EmrClusterService;
import io.wadal.emr.RunJobFlowRequestBuilder;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.state.BrokenRecord;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.state.LaunchIntents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/** clusters --adopt: records the clusters tagged with a profile that have no record here. */
public final class ClusterAdoption {
    private static final String PROFILE_TAG = RunJobFlowRequestBuilder.PROFILE_TAG;

    private final Supplier<ClusterStore> store;
    private final Supplier<LaunchIntents> intents;
    private final PendingLaunch pending;
    private final Supplier<List<String>> profileNames;
    private final Function<String, Profile> profiles;
    private final Function<String, EmrClusterService> emr;
    private final Supplier<Optional<String>> defaultRegion;
    private final Function<String, String> callerArn;
    private final Ui ui;

    /**
     * @param emr       the EMR service of a region
     * @param callerArn the ARN of the AWS identity calling in a region
     */
    public ClusterAdoption(Supplier<ClusterStore> store, Supplier<LaunchIntents> intents, PendingLaunch pending,
                           Supplier<List<String>> profileNames, Function<String, Profile> profiles,
                           Function<String, EmrClusterService> emr, Supplier<Optional<String>> defaultRegion,
                           Function<String, String> callerArn, Ui ui) {
        this.store = store;
        this.intents = intents;
        this.pending = pending;
        this.profileNames = profileNames;
        this.profiles = profiles;
        this.emr = emr;
        this.defaultRegion = defaultRegion;
        this.callerArn = callerArn;
        this.ui = ui;
    }

    /**
     * Records the caller's active clusters tagged wadal:profile that have no record (a launch an
     * earlier create left pending first); false when a profile has several and none was adopted.
     */
    public boolean adopt(boolean anyCreator) {
        ClusterStore store = this.store.get();
        for (String profile : intents.get().profiles()) {
            pending.resolve(profile);
        }
        TreeSet<String> regions = regions();
        String me = anyCreator ? null : callerArn.apply(regions.first());
        Map<String, List<ClusterInfo>> byProfile = new TreeMap<>();
        Map<String, String> regionOf = new HashMap<>();
        int others = 0;
        for (String region : regions) {
            for (ClusterInfo c : emr.apply(region).activeClustersTagged(PROFILE_TAG)) {
                String profile = c.tags().get(PROFILE_TAG);
                if (!profile.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                    ui.warn("cluster " + c.id() + " has an unusable " + PROFILE_TAG + " tag '"
                            + TerminalText.line(profile) + "'; skipped");
                    continue;
                }
                Optional<BrokenRecord> broken = store.broken(profile);
                if (broken.isPresent()) {
                    ui.warn("not adopting " + c.id() + " (" + region + "): " + broken.get().message());
                    continue;
                }
                if (me != null && !me.equals(c.tags().get(RunJobFlowRequestBuilder.CREATOR_TAG))) {
                    others++;
                    continue;
                }
                byProfile.computeIfAbsent(profile, k -> new ArrayList<>()).add(c);
                regionOf.put(c.id(), region);
            }
        }
        if (others > 0) {
            ui.info("Not adopting " + others + " cluster(s) created by someone other than " + me
                    + " (their " + RunJobFlowRequestBuilder.CREATOR_TAG + " tag differs or is missing); "
                    + "add --any-creator to adopt them too.");
        }
        boolean ok = true;
        for (Map.Entry<String, List<ClusterInfo>> e : byProfile.entrySet()) {
            String profile = e.getKey();
            List<ClusterInfo> found = e.getValue();
            Optional<ClusterRecord> existing = store.find(profile);
            if (existing.isPresent()) {
                for (ClusterInfo c : found) {
                    if (!existing.get().id().equals(c.id())) {
                        ui.warn("profile '" + profile + "' already records " + existing.get().id()
                                + "; not adopting " + c.id() + " (" + regionOf.get(c.id()) + ")");
                    }
                }
                continue;
            }
            if (found.size() > 1) {
                ok = false;
                ui.info("Profile '" + profile + "' has " + found.size() + " active clusters; adopting none:");
                for (ClusterInfo c : found) {
                    ui.info("  " + c.id() + "  created " + (c.createdAt() == null ? "?" : c.createdAt().toString())
                            + "  " + regionOf.get(c.id()) + "  " + TerminalText.line(String.valueOf(c.name())));
                }
                ui.info("Terminate the ones you do not want in the EMR console, then run 'wadal clusters --adopt' again.");
                continue;
            }
            ClusterInfo c = found.get(0);
            String region = regionOf.get(c.id());
            store.update(new ClusterRecord(c.id(), profile, region, c.name(),
                    c.createdAt() == null ? null : c.createdAt().toString(), c.masterPublicDns(), null));
            ui.info("Adopted " + c.id() + " (" + TerminalText.line(String.valueOf(c.name())) + ", " + region
                    + ") as profile '" + profile + "'.");
        }
        return ok;
    }

    /** Every region wadal might have launched in: the records', the profiles', and the default one. */
    private TreeSet<String> regions() {
        TreeSet<String> regions = new TreeSet<>();
        for (ClusterRecord r : store.get().all()) {
            Optional.ofNullable(r.region()).ifPresent(regions::add);
        }
        for (String name : profileNames.get()) {
            try {
                profiles.apply(name).region().ifPresent(regions::add);
            } catch (WadalException e) {
                // a broken profile cannot name a region; the others still can
            }
        }
        defaultRegion.get().ifPresent(regions::add);
        if (regions.isEmpty()) {
            throw WadalException.usage("no region to search: set " + ProfileKey.AWS_REGION
                    + " in a profile or configure a default region");
        }
        return regions;
    }
}
