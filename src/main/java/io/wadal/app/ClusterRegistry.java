package io.wadal.app;

import io.wadal.console.TerminalText;
import io.wadal.console.Ui;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.EmrClusterService;
import io.wadal.emr.RunJobFlowRequestBuilder;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.state.BrokenRecord;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.state.LaunchIntents;
import io.wadal.state.StoredRecord;
import io.wadal.time.DurationParser;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/** The recorded clusters: their live state (state, clusters), adopting the unrecorded, pruning and repairing records. */
public final class ClusterRegistry {
    private static final String PROFILE_TAG = RunJobFlowRequestBuilder.PROFILE_TAG;

    private final Supplier<ClusterStore> store;
    private final Supplier<LaunchIntents> intents;
    private final PendingLaunch pending;
    private final Function<String, ClusterRecord> records;
    private final Supplier<List<String>> profileNames;
    private final Function<String, Profile> profiles;
    private final Function<ClusterRecord, String> recordRegions;
    private final Function<String, EmrClusterService> emr;
    private final Supplier<Optional<String>> defaultRegion;
    private final Function<String, String> callerArn;
    private final Clock clock;
    private final Ui ui;

    /**
     * @param records       the profile's cluster record, exit 2 when there is none
     * @param recordRegions the region a recorded cluster lives in
     * @param emr           the EMR service of a region
     * @param callerArn     the ARN of the AWS identity calling in a region
     */
    public ClusterRegistry(Supplier<ClusterStore> store, Supplier<LaunchIntents> intents, PendingLaunch pending,
                           Function<String, ClusterRecord> records, Supplier<List<String>> profileNames,
                           Function<String, Profile> profiles, Function<ClusterRecord, String> recordRegions,
                           Function<String, EmrClusterService> emr, Supplier<Optional<String>> defaultRegion,
                           Function<String, String> callerArn, Clock clock, Ui ui) {
        this.store = store;
        this.intents = intents;
        this.pending = pending;
        this.records = records;
        this.profileNames = profileNames;
        this.profiles = profiles;
        this.recordRegions = recordRegions;
        this.emr = emr;
        this.defaultRegion = defaultRegion;
        this.callerArn = callerArn;
        this.clock = clock;
        this.ui = ui;
    }

    /** The live state of the profile's recorded cluster. */
    public ClusterInfo describe(String profileName) {
        ClusterRecord record = records.apply(profileName);
        return emr.apply(recordRegions.apply(record)).describe(record.id());
    }

    /**
     * One row per record (broken ones included, as BROKEN): profile, id, state, name, and when EMR
     * knows them createdAt, uptimeSeconds, normalizedInstanceHours; failed when a cluster could not
     * be described or an adoption was left undone.
     */
    public record Listing(List<Map<String, Object>> rows, boolean failed, Path dir) {
        public List<String> table() {
            String format = "%-16s %-16s %-23s %8s %6s  %s";
            List<String> lines = new ArrayList<>();
            lines.add(String.format(format, "PROFILE", "CLUSTER", "STATE", "UPTIME", "NIH", "NAME"));
            for (Map<String, Object> r : rows) {
                Object up = r.get("uptimeSeconds");
                lines.add(String.format(format, r.get("profile"), r.get("id") == null ? "-" : r.get("id"), r.get("state"),
                        up == null ? "-" : DurationParser.format(Duration.ofSeconds((Long) up)),
                        r.getOrDefault("normalizedInstanceHours", "-"), r.get("name") == null ? "" : r.get("name")));
            }
            return lines;
        }
    }

    /** The records with their clusters' live state, after adopting (if asked) and pruning the terminated (if asked). */
    public Listing list(boolean adopt, boolean anyCreator, boolean prune) {
        boolean failed = adopt && !adopt(anyCreator);
        ClusterStore store = this.store.get();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredRecord stored : store.entries()) {
            if (stored.isBroken()) {
                // Reported, never pruned or replaced: the others go on.
                ui.warn(stored.broken().message());
                rows.add(brokenRow(stored.broken()));
                continue;
            }
            ClusterRecord record = stored.record();
            Optional<ClusterInfo> info;
            try {
                info = emr.apply(recordRegions.apply(record)).describeIfExists(record.id());
            } catch (WadalException e) {
                ui.warn(record.profile() + ": " + e.getMessage());
                failed = true;
                rows.add(row(record, null, "UNKNOWN"));
                continue;
            }
            String state = info.map(ClusterInfo::state).orElse("GONE");
            if (prune && (info.isEmpty() || info.get().terminated())) {
                store.remove(record.profile());
                ui.info("Pruned " + record.profile() + " (" + record.id() + ", " + state + ").");
                continue;
            }
            rows.add(row(record, info.orElse(null), state));
        }
        return new Listing(rows, failed, store.dir());
    }

    private Map<String, Object> row(ClusterRecord record, ClusterInfo info, String state) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("profile", record.profile());
        row.put("id", record.id());
        row.put("state", state);
        row.put("name", info != null ? info.name() : record.clusterName());
        Instant created = info != null ? info.createdAt() : null;
        if (created != null) {
            Instant end = info.endedAt() != null ? info.endedAt() : clock.instant();
            row.put("createdAt", created.toString());
            row.put("uptimeSeconds", Duration.between(created, end).getSeconds());
        }
        if (info != null && info.normalizedInstanceHours() != null) {
            row.put("normalizedInstanceHours", info.normalizedInstanceHours());
        }
        return row;
    }

    private static Map<String, Object> brokenRow(BrokenRecord broken) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("profile", broken.profile());
        row.put("id", null);
        row.put("state", "BROKEN");
        row.put("brokenRecord", broken.message());
        return row;
    }

    /** Moves the profile's broken record files aside and says what the profile records now. */
    public void repair(String profile) {
        ClusterStore store = this.store.get();
        ClusterStore.Repair result = store.repair(profile, clock.instant());
        for (ClusterStore.Moved m : result.moved()) {
            ui.info("Moved " + m.from() + " aside to " + m.to() + ": it " + m.problem() + ".");
        }
        Optional<StoredRecord> now = result.now();
        if (now.isPresent() && now.get().isBroken()) {
            throw now.get().broken().exception();
        }
        if (now.isPresent()) {
            ClusterRecord r = now.get().record();
            ui.info(result.moved().isEmpty()
                    ? "The record of profile '" + profile + "' is readable (" + r.id() + "); nothing to repair."
                    : "Profile '" + profile + "' now uses cluster " + r.id() + " from " + store.idFile(profile)
                            + "; 'wadal state " + profile + "' shows it.");
        } else {
            ui.info(result.moved().isEmpty()
                    ? "No record of profile '" + profile + "' in " + store.dir() + "; nothing to repair."
                    : "Profile '" + profile + "' has no record now: 'wadal clusters --adopt' records its cluster again "
                            + "if it still runs, 'wadal create " + profile + "' launches a new one.");
        }
    }

    /**
     * Records the caller's active clusters tagged wadal:profile that have no record (a launch an
     * earlier create left pending first); false when a profile has several and none was adopted.
     */
    private boolean adopt(boolean anyCreator) {
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
            throw WadalException.usage("no region to search: set AWS_REGION in a profile or configure a default region");
        }
        return regions;
    }
}
