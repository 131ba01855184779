package io.wadal.app;

import io.wadal.console.Ui;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.EmrClusterService;
import io.wadal.error.WadalException;
import io.wadal.state.BrokenRecord;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.state.StoredRecord;
import io.wadal.time.DurationParser;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The recorded clusters: their live state (state, clusters), pruning and repairing records; adopting is {@link ClusterAdoption}. */
public final class ClusterRegistry {
    private final Supplier<ClusterStore> store;
    private final Function<String, ClusterRecord> records;
    private final Function<ClusterRecord, String> recordRegions;
    private final Function<String, EmrClusterService> emr;
    private final Supplier<ClusterAdoption> adoption;
    private final Clock clock;
    private final Ui ui;

    /**
     * @param records       the profile's cluster record, exit 2 when there is none
     * @param recordRegions the region a recorded cluster lives in
     * @param emr           the EMR service of a region
     */
    public ClusterRegistry(Supplier<ClusterStore> store, Function<String, ClusterRecord> records,
                           Function<ClusterRecord, String> recordRegions, Function<String, EmrClusterService> emr,
                           Supplier<ClusterAdoption> adoption, Clock clock, Ui ui) {
        this.store = store;
        this.records = records;
        this.recordRegions = recordRegions;
        this.emr = emr;
        this.adoption = adoption;
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
            String format = "%-16s %-16s %-23s %8s %6s %9s  %s";
            List<String> lines = new ArrayList<>();
            lines.add(String.format(format, "PROFILE", "CLUSTER", "STATE", "UPTIME", "NIH", "MAX AGE", "NAME"));
            for (Map<String, Object> r : rows) {
                Object up = r.get("uptimeSeconds");
                Object left = r.get("secondsToMaxAge");
                lines.add(String.format(format, r.get("profile"), r.get("id") == null ? "-" : r.get("id"), r.get("state"),
                        up == null ? "-" : DurationParser.format(Duration.ofSeconds((Long) up)),
                        r.getOrDefault("normalizedInstanceHours", "-"),
                        left == null ? "-" : (Long) left <= 0 ? "due" : "in " + shortly((Long) left),
                        r.get("name") == null ? "" : r.get("name")));
            }
            return lines;
        }

        /** Two units at most, so that the column keeps its width: 13d23h, 10h55m, 42m. */
        private static String shortly(long seconds) {
            long minutes = seconds / 60;
            if (minutes >= 24 * 60) {
                return String.format("%dd%02dh", minutes / (24 * 60), minutes % (24 * 60) / 60);
            }
            return minutes >= 60 ? String.format("%dh%02dm", minutes / 60, minutes % 60) : Math.max(1, minutes) + "m";
        }
    }

    /** The records with their clusters' live state, after adopting (if asked) and pruning the terminated (if asked). */
    public Listing list(boolean adopt, boolean anyCreator, boolean prune) {
        boolean failed = adopt && !adoption.get().adopt(anyCreator);
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
        // When wait-ready last told the master to end the cluster (MAX_AGE), while it still runs.
        Optional<Instant> ends = terminatesAt(record);
        if (ends.isPresent() && info != null && !info.terminated()) {
            row.put("terminatesAt", ends.get().toString());
            row.put("secondsToMaxAge", Duration.between(clock.instant(), ends.get()).getSeconds());
        }
        return row;
    }

    private static Optional<Instant> terminatesAt(ClusterRecord record) {
        try {
            return Optional.ofNullable(record.terminatesAt()).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
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
}
