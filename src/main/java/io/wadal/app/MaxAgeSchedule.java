package io.wadal.app;

import io.wadal.check.SelfTerminationMeans;
import io.wadal.console.TerminalText;
import io.wadal.console.Ui;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;
import io.wadal.ssh.TermCommandInstaller;
import io.wadal.state.ClusterRecord;
import io.wadal.workspace.SelfTermination;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** wait-ready's MAX_AGE step: tells the master when to end its own cluster, and how ({@link SelfTermination}). */
public final class MaxAgeSchedule {
    private final Supplier<byte[]> terminateScript;
    private final Function<ClusterRecord, String> regions;
    private final MasterRoot root;
    private final BiFunction<Profile, String, SelfTerminationMeans.Means> means;
    private final Clock clock;
    private final Ui ui;

    /**
     * @param terminateScript the wadal_terminate.sh the master ends its cluster with
     * @param regions         the region a recorded cluster lives in
     * @param root            where the master's system folders are (terminate_cluster's install)
     * @param means           how the master could end a profile's cluster in a region (keys, role, none)
     */
    public MaxAgeSchedule(Supplier<byte[]> terminateScript, Function<ClusterRecord, String> regions, MasterRoot root,
                          BiFunction<Profile, String, SelfTerminationMeans.Means> means, Clock clock, Ui ui) {
        this.terminateScript = terminateScript;
        this.regions = regions;
        this.root = root;
        this.means = means;
        this.clock = clock;
        this.ui = ui;
    }

    /**
     * MAX_AGE: schedules the master's own termination at the cluster's creation + MAX_AGE (with
     * terminate_cluster when both EMR_TERM keys are set, else with the instance role), or turns a
     * schedule off when MAX_AGE is off. Returns how the record's {@code terminatesAt} changes. A
     * failure warns and does not fail the setup.
     */
    public UnaryOperator<ClusterRecord> schedule(RemoteShell master, Profile profile, ClusterRecord record, boolean hasRepo) {
        try {
            return scheduleMaxAge(master, profile, record, hasRepo);
        } catch (IllegalArgumentException e) {
            // a record's id or region SelfTermination refuses to put on a command line
            ui.warn(ProfileKey.MAX_AGE + " is not enforced on cluster " + TerminalText.line(record.id()) + ": "
                    + TerminalText.line(e.getMessage()));
            return r -> r;
        }
    }

    private UnaryOperator<ClusterRecord> scheduleMaxAge(RemoteShell master, Profile profile, ClusterRecord record, boolean hasRepo) {
        String region = regions.apply(record);
        Optional<Duration> maxAge = profile.maxAge();
        if (maxAge.isEmpty()) {
            ExecResult off = SelfTermination.cancel(master, record.id(), region);
            if (!off.ok()) {
                ui.warn("could not turn off the master's termination of cluster " + record.id() + " (exit status " + off.exitStatus()
                        + "): " + lastLine(off) + "; an earlier " + ProfileKey.MAX_AGE + " may still end it (log: ~/" + SelfTermination.LOG + ")");
                return r -> r;
            }
            if (record.terminatesAt() != null) {
                ui.info(ProfileKey.MAX_AGE + " is off: the master no longer ends cluster " + record.id() + " at its age.");
            }
            return r -> r.withTerminatesAt(null);
        }
        Instant now = clock.instant();
        Instant created = createdAt(record);
        Instant deadline = (created != null ? created : now).plus(maxAge.get());
        // create refused a MAX_AGE nothing could act on; one set since (a -p, an edit) is only warned about here
        SelfTerminationMeans.Means way;
        try {
            way = means.apply(profile, region);
        } catch (RuntimeException e) {
            way = null; // AWS could not be asked: the schedule does not depend on it
        }
        if (way != null && way.kind() == SelfTerminationMeans.Kind.NONE) {
            ui.warn(TerminalText.line(SelfTerminationMeans.refusal(profile, way)) + "; scheduled anyway: the master's attempts will show in '"
                    + "wadal logs " + record.profile() + " terminate'");
        }
        Optional<String> command;
        try {
            command = TermCommandInstaller.installWithKeysOf(profile, master, root, record.id(), region);
        } catch (WadalException e) {
            ui.warn(ProfileKey.MAX_AGE + " is not enforced on cluster " + record.id() + ": " + TerminalText.line(e.getMessage()));
            return r -> r;
        }
        ExecResult scheduled = new SelfTermination(terminateScript.get()).schedule(master, record.id(), region, Optional.of(deadline), command);
        if (!scheduled.ok()) {
            ui.warn(ProfileKey.MAX_AGE + " is not enforced on cluster " + record.id() + ": scheduling its termination on the master failed (exit status "
                    + scheduled.exitStatus() + "): " + lastLine(scheduled));
            return r -> r;
        }
        String how = (hasRepo && profile.autosaveInterval().isPresent() ? ", after a final autosave," : ",")
                + " with " + (command.isPresent() ? ProfileKey.EMR_TERM_ACCESS_KEY + "'s IAM user" : "its instance role")
                + " (log: ~/" + SelfTermination.LOG + ").";
        String age = SelfTermination.age(maxAge.get());
        if (!deadline.isAfter(now)) {
            ui.info(ProfileKey.MAX_AGE + ": cluster " + record.id() + " is older than " + age + " (created " + minute(created)
                    + "): the master terminates it now" + how);
        } else if (created == null) {
            ui.info(ProfileKey.MAX_AGE + ": the master terminates cluster " + record.id() + " at " + minute(deadline) + " (" + age
                    + " from now: its record does not say when it was created)" + how);
        } else {
            ui.info(ProfileKey.MAX_AGE + ": the master terminates cluster " + record.id() + " at " + minute(deadline) + " (" + age
                    + " after it was created)" + how);
        }
        String at = deadline.toString();
        return r -> r.withTerminatesAt(at);
    }

    private static Instant createdAt(ClusterRecord record) {
        if (record.createdAt() == null) {
            return null;
        }
        try {
            return Instant.parse(record.createdAt());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String minute(Instant at) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(at);
    }

    private static String lastLine(ExecResult r) {
        return TerminalText.line(r.lastErrorLine());
    }

}
