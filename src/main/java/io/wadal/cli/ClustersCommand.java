package io.wadal.cli;

import io.wadal.app.PendingLaunch;
import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.WadalException;
import io.wadal.cli.mixin.CommonOptions;
import io.wadal.aws.CallerIdentity;
import io.wadal.console.TerminalText;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.RunJobFlowRequestBuilder;
import io.wadal.state.ClusterRecord;
import io.wadal.state.BrokenRecord;
import io.wadal.state.ClusterStore;
import io.wadal.state.StoredRecord;
import io.wadal.time.DurationParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
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
import java.util.concurrent.Callable;

@Command(name = "clusters", mixinStandardHelpOptions = true,
        description = {"List every recorded cluster with its live state, uptime and normalized instance hours.",
                "--adopt finds your active clusters tagged wadal:profile that have no record here and records them;",
                "--prune removes the records of clusters that have terminated;",
                "--repair P moves a broken record of profile P aside (to P.json.broken-<time>) so P can be adopted or created again."})
public class ClustersCommand implements Callable<Integer> {
    static final String PROFILE_TAG = "wadal:profile";

    private final WadalContext ctx;

    @Spec
    CommandSpec spec;
    @Option(names = "--adopt", description = "record your active clusters tagged wadal:profile that have no record")
    boolean adopt;
    @Option(names = "--any-creator", description = "with --adopt: also adopt clusters another AWS identity created "
            + "(by default only yours, told by their wadal:creator tag)")
    boolean anyCreator;
    @Option(names = "--prune", description = "remove records whose cluster has terminated")
    boolean prune;
    @Option(names = "--json", description = "print as JSON")
    boolean json;
    @Option(names = "--repair", paramLabel = "PROFILE",
            description = "move the profile's broken record files aside (nothing else is done)")
    String repair;

    public ClustersCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Invocation ws = CommonOptions.invocation(spec, ctx, null);
        PrintWriter err = ws.err();
        if (repair != null) {
            if (adopt || prune || json) {
                throw WadalException.usage("--repair works alone: run 'wadal clusters --repair " + repair
                        + "', then --adopt or --prune");
            }
            return repair(ws, err);
        }
        boolean failed = adopt && !adopt(ws, err);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredRecord stored : ws.store().entries()) {
            if (stored.isBroken()) {
                // Reported, never pruned or replaced: the others go on.
                err.println("warning: " + stored.broken().message());
                rows.add(brokenRow(stored.broken()));
                continue;
            }
            ClusterRecord record = stored.record();
            Optional<ClusterInfo> info;
            try {
                info = ws.emr(ws.region(record)).describeIfExists(record.id());
            } catch (WadalException e) {
                err.println("warning: " + record.profile() + ": " + e.getMessage());
                failed = true;
                rows.add(row(record, null, "UNKNOWN"));
                continue;
            }
            String state = info.map(ClusterInfo::state).orElse("GONE");
            if (prune && (info.isEmpty() || info.get().terminated())) {
                ws.store().remove(record.profile());
                err.println("Pruned " + record.profile() + " (" + record.id() + ", " + state + ").");
                continue;
            }
            rows.add(row(record, info.orElse(null), state));
        }
        print(rows, ws);
        return failed ? 1 : 0;
    }

    private Map<String, Object> row(ClusterRecord record, ClusterInfo info, String state) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("profile", record.profile());
        row.put("id", record.id());
        row.put("state", state);
        row.put("name", info != null ? info.name() : record.clusterName());
        Instant created = info != null ? info.createdAt() : null;
        if (created != null) {
            Instant end = info.endedAt() != null ? info.endedAt() : ctx.clock().instant();
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

    private int repair(Invocation ws, PrintWriter err) {
        ClusterStore.Repair result = ws.store().repair(repair, ctx.clock().instant());
        for (ClusterStore.Moved m : result.moved()) {
            err.println("Moved " + m.from() + " aside to " + m.to() + ": it " + m.problem() + ".");
        }
        Optional<StoredRecord> now = result.now();
        if (now.isPresent() && now.get().isBroken()) {
            throw now.get().broken().exception();
        }
        if (now.isPresent()) {
            ClusterRecord r = now.get().record();
            err.println(result.moved().isEmpty()
                    ? "The record of profile '" + repair + "' is readable (" + r.id() + "); nothing to repair."
                    : "Profile '" + repair + "' now uses cluster " + r.id() + " from " + ws.store().idFile(repair)
                            + "; 'wadal state " + repair + "' shows it.");
        } else {
            err.println(result.moved().isEmpty()
                    ? "No record of profile '" + repair + "' in " + ws.store().dir() + "; nothing to repair."
                    : "Profile '" + repair + "' has no record now: 'wadal clusters --adopt' records its cluster again "
                            + "if it still runs, 'wadal create " + repair + "' launches a new one.");
        }
        return 0;
    }

    private void print(List<Map<String, Object>> rows, Invocation ws) throws IOException {
        if (json) {
            Json.print(ws.out(), rows);
            return;
        }
        PrintWriter out = ws.out();
        if (rows.isEmpty()) {
            ws.err().println("No clusters recorded in " + ws.store().dir() + ".");
            return;
        }
        String format = "%-16s %-16s %-23s %8s %6s  %s%n";
        out.printf(format, "PROFILE", "CLUSTER", "STATE", "UPTIME", "NIH", "NAME");
        for (Map<String, Object> r : rows) {
            Object up = r.get("uptimeSeconds");
            out.printf(format, r.get("profile"), r.get("id") == null ? "-" : r.get("id"), r.get("state"),
                    up == null ? "-" : DurationParser.format(Duration.ofSeconds((Long) up)),
                    r.getOrDefault("normalizedInstanceHours", "-"), r.get("name") == null ? "" : r.get("name"));
        }
        out.flush();
    }

    /**
     * Records the caller's active clusters tagged wadal:profile that have no record (a launch an
     * earlier create left pending first); false when a profile has several and none was adopted.
     */
    private boolean adopt(Invocation ws, PrintWriter err) {
        ClusterStore store = ws.store();
        for (String profile : ws.launchIntents().profiles()) {
            PendingLaunch.resolve(ws, profile);
        }
        TreeSet<String> regions = regions(ws);
        String me = anyCreator ? null : CallerIdentity.arn(ctx.aws().sts(regions.first()));
        Map<String, List<ClusterInfo>> byProfile = new TreeMap<>();
        Map<String, String> regionOf = new HashMap<>();
        int others = 0;
        for (String region : regions) {
            for (ClusterInfo c : ws.emr(region).activeClustersTagged(PROFILE_TAG)) {
                String profile = c.tags().get(PROFILE_TAG);
                if (!profile.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                    err.println("warning: cluster " + c.id() + " has an unusable " + PROFILE_TAG + " tag '"
                            + TerminalText.line(profile) + "'; skipped");
                    continue;
                }
                Optional<BrokenRecord> broken = store.broken(profile);
                if (broken.isPresent()) {
                    err.println("warning: not adopting " + c.id() + " (" + region + "): " + broken.get().message());
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
            err.println("Not adopting " + others + " cluster(s) created by someone other than " + me
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
                        err.println("warning: profile '" + profile + "' already records " + existing.get().id()
                                + "; not adopting " + c.id() + " (" + regionOf.get(c.id()) + ")");
                    }
                }
                continue;
            }
            if (found.size() > 1) {
                ok = false;
                err.println("Profile '" + profile + "' has " + found.size() + " active clusters; adopting none:");
                for (ClusterInfo c : found) {
                    err.println("  " + c.id() + "  created " + (c.createdAt() == null ? "?" : c.createdAt().toString())
                            + "  " + regionOf.get(c.id()) + "  " + TerminalText.line(String.valueOf(c.name())));
                }
                err.println("Terminate the ones you do not want in the EMR console, then run 'wadal clusters --adopt' again.");
                continue;
            }
            ClusterInfo c = found.get(0);
            String region = regionOf.get(c.id());
            store.update(new ClusterRecord(c.id(), profile, region, c.name(),
                    c.createdAt() == null ? null : c.createdAt().toString(), c.masterPublicDns(), null));
            err.println("Adopted " + c.id() + " (" + TerminalText.line(String.valueOf(c.name())) + ", " + region
                    + ") as profile '" + profile + "'.");
        }
        return ok;
    }

    /** Every region wadal might have launched in: the records', the profiles', and the default one. */
    private TreeSet<String> regions(Invocation ws) {
        TreeSet<String> regions = new TreeSet<>();
        for (ClusterRecord r : ws.store().all()) {
            Optional.ofNullable(r.region()).ifPresent(regions::add);
        }
        for (String name : ws.profiles().names()) {
            try {
                ws.profile(name).region().ifPresent(regions::add);
            } catch (WadalException e) {
                // a broken profile cannot name a region; the others still can
            }
        }
        ctx.aws().defaultRegion().ifPresent(regions::add);
        if (regions.isEmpty()) {
            throw WadalException.usage("no region to search: set AWS_REGION in a profile or configure a default region");
        }
        return regions;
    }
}
