package io.wadal.app;

import io.wadal.console.CtrlC;
import io.wadal.console.Ui;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterWaiter;
import io.wadal.emr.EmrClusterService;
import io.wadal.emr.MasterAddresses;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.time.DurationParser;
import io.wadal.time.Sleeper;
import io.wadal.workspace.WorkspaceSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A cluster's life after its launch: waiting until it can be used (wait-ready, create --wait),
 * and terminating it after a batch run. Launching is {@link ClusterCreation}, terminating
 * {@link ClusterTermination}.
 */
public final class ClusterLifecycle {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    private final Function<String, Profile> profiles;
    private final Function<String, ClusterRecord> records;
    private final Function<ClusterRecord, EmrClusterService> emr;
    private final Supplier<ClusterStore> store;
    private final BiFunction<String, Instant, MinaRemoteShell> masterWithin;
    private final Supplier<MasterSession> session;
    private final Supplier<ClusterTermination> termination;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Ui ui;

    /**
     * @param records      the profile's cluster record, exit 2 when there is none
     * @param emr          the EMR service of the region a recorded cluster lives in
     * @param masterWithin an SSH connection to a master just seen ready, retried until the deadline
     */
    public ClusterLifecycle(Function<String, Profile> profiles, Function<String, ClusterRecord> records,
                            Function<ClusterRecord, EmrClusterService> emr, Supplier<ClusterStore> store,
                            BiFunction<String, Instant, MinaRemoteShell> masterWithin, Supplier<MasterSession> session,
                            Supplier<ClusterTermination> termination, Clock clock, Sleeper sleeper, Ui ui) {
        this.profiles = profiles;
        this.records = records;
        this.emr = emr;
        this.store = store;
        this.masterWithin = masterWithin;
        this.session = session;
        this.termination = termination;
        this.clock = clock;
        this.sleeper = sleeper;
        this.ui = ui;
    }

    public static Duration parseTimeout(String text) {
        if (text == null) {
            return DEFAULT_TIMEOUT;
        }
        Duration d = DurationParser.parse(text).orElseThrow(() ->
                WadalException.usage("--timeout " + text + " is not a duration; write e.g. 45s, 15m, 2h"));
        if (d.isZero() || d.isNegative()) {
            throw WadalException.usage("--timeout must be longer than 0");
        }
        return d;
    }

    /** wait-ready: the profile's recorded cluster, once the profile can set up a workspace and reach the master. */
    public ClusterInfo waitReady(String profileName, Duration timeout) {
        // A profile the workspace cannot be built from, or without the key to reach it, fails here, before any AWS call.
        Profile profile = profiles.apply(profileName);
        WorkspaceSpec.of(profile);
        MasterConnector.keyFile(profile);
        return waitReady(records.apply(profileName), timeout);
    }

    /**
     * Waits for the cluster, caches its master host in the record, then sets the master's workspace
     * up within what is left of the timeout. Shared with create --wait.
     */
    public ClusterInfo waitReady(ClusterRecord record, Duration timeout) {
        try (CtrlC ctrlC = CtrlC.interruptsThisThread()) {
            Instant start = clock.instant();
            ClusterInfo info;
            try {
                info = waitForCluster(record, timeout);
            } catch (RuntimeException e) {
                throw interrupted(ctrlC, e) ? new WadalException(ExitCodes.INTERRUPTED, "cluster " + record.id()
                        + " keeps starting; 'wadal wait-ready " + record.profile() + "' to wait again, 'wadal terminate "
                        + record.profile() + "' to stop it", e) : e;
            }
            Duration left = timeout.minus(Duration.between(start, clock.instant()));
            if (left.isZero() || left.isNegative()) {
                throw new WadalException(ExitCodes.TIMED_OUT, "the cluster is ready but --timeout ran out before the "
                        + "master's workspace was set up; run 'wadal wait-ready " + record.profile() + "' again");
            }
            noteCreation(record, info);
            ui.info("Setting up the master's workspace…");
            Instant deadline = start.plus(timeout);
            try (MinaRemoteShell master = masterWithin.apply(record.profile(), deadline)) {
                left = Duration.between(clock.instant(), deadline);
                if (left.isZero() || left.isNegative()) {
                    throw new WadalException(ExitCodes.TIMED_OUT, "the cluster is ready but --timeout ran out before the "
                            + "master's workspace was set up; run 'wadal wait-ready " + record.profile() + "' again");
                }
                session.get().ready(record.profile(), master, left);
            } catch (RuntimeException e) {
                throw interrupted(ctrlC, e) ? new WadalException(ExitCodes.INTERRUPTED, "cluster " + record.id()
                        + " is up but its workspace is not set up; 'wadal wait-ready " + record.profile()
                        + "' to finish, 'wadal terminate " + record.profile() + "' to stop it", e) : e;
            }
            ui.info("Workspace ready.");
            return info;
        }
    }

    /** EMR's creation time into a record that lacks one: MAX_AGE counts from it, not from each wait-ready. */
    private void noteCreation(ClusterRecord record, ClusterInfo info) {
        if (record.createdAt() == null && info.createdAt() != null) {
            store.get().find(record.profile()).filter(r -> r.id().equals(record.id()) && r.createdAt() == null)
                    .ifPresent(r -> store.get().update(r.withCreatedAt(info.createdAt().toString())));
        }
    }

    /** Whether a failure is Ctrl-C's doing (an SDK or SSH call cut short may say otherwise). */
    private static boolean interrupted(CtrlC ctrlC, RuntimeException e) {
        return ctrlC.pressed() || Thread.currentThread().isInterrupted()
                || e instanceof WadalException w && w.exitCode() == ExitCodes.INTERRUPTED;
    }

    private ClusterInfo waitForCluster(ClusterRecord record, Duration timeout) {
        ClusterWaiter waiter = new ClusterWaiter(emr.apply(record), clock, sleeper, ui.infoLines());
        ui.info("Waiting for cluster " + record.id() + " (profile '" + record.profile() + "')…");
        ClusterInfo info = waiter.waitUntilReady(record.id(), timeout, record.profile());
        Profile profile = profiles.apply(record.profile());
        // with MASTER_HOST set, EMR's own name is cached as before: no ListInstances for an address nobody uses
        String mode = profile.masterHost().isPresent() ? MasterAddresses.PUBLIC_DNS : profile.masterAddress();
        String host = info.masterPublicDns() == null ? null : emr.apply(record).masterHost(info, mode);
        if (host != null) {
            MasterConnector.cacheHost(store.get(), record, host, mode);
        }
        ui.info("Cluster " + info.id() + " is ready (" + info.state() + ").");
        return info;
    }

    /** terminate --force for a command that ends a batch job (--terminate-after): messages only, never a failure of the job. */
    public void terminateAfterRun(String profile) {
        termination.get().afterRun(profile);
    }
}
