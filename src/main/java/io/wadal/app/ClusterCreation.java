package io.wadal.app;

import io.wadal.check.LocalChecks;
import io.wadal.check.SelfTerminationMeans;
import io.wadal.console.Ui;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterLauncher;
import io.wadal.emr.EmrClusterService;
import io.wadal.emr.PlanSummary;
import io.wadal.emr.RunJobFlowRequestBuilder;
import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.state.LaunchIntents;
import io.wadal.time.Sleeper;
import io.wadal.workspace.WorkspaceSpec;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * create: launches the profile's cluster once (or finds it alive), records it, then, if asked,
 * waits until it is ready and opens Jupyter.
 */
public final class ClusterCreation {
    private final Function<String, Profile> profiles;
    private final Function<Profile, String> regions;
    private final ClusterPlans plans;
    private final Supplier<ClusterStore> store;
    private final Supplier<LaunchIntents> intents;
    private final PendingLaunch pending;
    private final Function<String, EmrClusterService> emr;
    private final Function<String, String> callerArn;
    private final Supplier<SshAccess> sshAccess;
    private final Function<String, IamClient> iam;
    private final Function<String, SelfTerminationMeans.KeyOwner> keyOwners;
    private final Supplier<ClusterLifecycle> lifecycle;
    private final Supplier<JupyterAccess> jupyter;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Ui ui;

    /** What create was asked to do after the launch: wait (--wait, --jupyter), then open Jupyter (--jupyter). */
    public record Then(boolean waitReady, boolean jupyter, boolean noBrowser, Duration timeout) {
    }

    /**
     * @param regions   the region a profile's cluster goes to
     * @param emr       the EMR service of a region
     * @param callerArn the ARN of the AWS identity calling in a region, for the creator tag
     * @param sshAccess SSH_FROM's security group, made ready before each launch
     * @param iam       the IAM client of a region, to see whether the instance role may end the cluster (MAX_AGE)
     * @param keyOwners who holds the EMR_TERM_* keys, asked in a region
     */
    public ClusterCreation(Function<String, Profile> profiles, Function<Profile, String> regions, ClusterPlans plans,
                           Supplier<ClusterStore> store, Supplier<LaunchIntents> intents, PendingLaunch pending,
                           Function<String, EmrClusterService> emr, Function<String, String> callerArn,
                           Supplier<SshAccess> sshAccess, Function<String, IamClient> iam,
                           Function<String, SelfTerminationMeans.KeyOwner> keyOwners, Supplier<ClusterLifecycle> lifecycle,
                           Supplier<JupyterAccess> jupyter, Clock clock, Sleeper sleeper, Ui ui) {
        this.profiles = profiles;
        this.regions = regions;
        this.plans = plans;
        this.store = store;
        this.intents = intents;
        this.pending = pending;
        this.emr = emr;
        this.callerArn = callerArn;
        this.sshAccess = sshAccess;
        this.iam = iam;
        this.keyOwners = keyOwners;
        this.lifecycle = lifecycle;
        this.jupyter = jupyter;
        this.clock = clock;
        this.sleeper = sleeper;
        this.ui = ui;
    }

    /** Prints the cluster id as the result, then does what {@code then} asks; the exit status. */
    public int create(String name, Then then) {
        Profile p = profiles.apply(name);
        String region = regions.apply(p);
        // Everything that can be wrong with the profile fails here, before any AWS call.
        RunJobFlowRequest request = plans.forLaunch(p, region);
        LocalChecks.beforeCreate(p);
        // A GIT_REPO wait-ready could not clone fails now, not after the cluster is paid for.
        WorkspaceSpec.of(p);
        if (then.waitReady()) {
            MasterConnector.keyFile(p);
        }
        ClusterStore store = this.store.get();
        ClusterRecord record;
        try (ClusterStore.ProfileLock lock = store.lock(name)) {
            pending.resolveLocked(name);
            Optional<ClusterRecord> existing = store.find(name);
            if (existing.isPresent()) {
                ClusterRecord old = existing.get();
                Optional<ClusterInfo> info = emr.apply(old.region() != null ? old.region() : region).describeIfExists(old.id());
                if (info.isPresent() && !info.get().terminated()) {
                    ui.info("cluster '" + name + "' already exists (" + old.id() + ")");
                    ui.result(old.id());
                    return then.waitReady() ? waitThenNext(old, then) : 0;
                }
                ui.info("Replacing the record of cluster " + old.id() + " ("
                        + info.map(ClusterInfo::state).orElse("gone") + ").");
            }
            record = launch(p, region, request);
        }
        ui.result(record.id());
        ui.info("Cluster " + record.id() + " is starting (profile '" + name + "', " + region + ")."
                + (then.waitReady() ? "" : " Next: wadal wait-ready " + name));
        return then.waitReady() ? waitThenNext(record, then) : 0;
    }

    /**
     * Launches once: the intent is on disk before RunJobFlow, so a launch whose outcome is lost
     * (wadal killed, the answer lost, the record unwritable) is found again by its tag.
     */
    private ClusterRecord launch(Profile p, String region, RunJobFlowRequest planned) {
        String name = p.name();
        // A MAX_AGE the master could not act on would not hold: refused before anything is made.
        SelfTerminationMeans.Means means = SelfTerminationMeans.require(p, region, () -> iam.apply(region), keyOwners.apply(region));
        if (means.kind() != SelfTerminationMeans.Kind.OFF) {
            ui.info(ProfileKey.MAX_AGE + "=" + PlanSummary.duration(p.maxAge().orElseThrow().getSeconds()) + ": wait-ready sets the master to end "
                    + "the cluster at that age, " + (p.gitRepo().isPresent() && p.autosaveInterval().isPresent() ? "after a final autosave, " : "")
                    + means.detail() + ".");
        }
        // Before the launch intent: a security group that cannot be made ready launches nothing.
        List<String> masterGroups = sshAccess.get().prepare(p, region);
        String launchId = UUID.randomUUID().toString();
        RunJobFlowRequest request = RunJobFlowRequestBuilder.withLaunchTags(planned, launchId, callerArn.apply(region));
        request = RunJobFlowRequestBuilder.withMasterSecurityGroups(request, masterGroups);
        LaunchIntents intents = this.intents.get();
        String startedAt = clock.instant().toString();
        try {
            intents.write(new LaunchIntents.Intent(launchId, name, region, startedAt));
        } catch (IOException e) {
            throw WadalException.failed("cannot write " + intents.file(name) + " (" + ExceptionText.of(e)
                    + "); nothing was launched — fix that and run 'wadal create " + name + "' again", e);
        }
        String id;
        try {
            id = new ClusterLauncher(emr.apply(region), sleeper, ui.infoLines()).launch(request);
        } catch (ClusterLauncher.Failure f) {
            if (!f.launchMayExist()) {
                intents.clear(name);
                throw f;
            }
            throw new WadalException(f.exitCode(), f.getMessage() + "; the launch is remembered in " + intents.file(name)
                    + ": the next 'wadal create " + name + "' (or state, wait-ready, terminate) records the cluster if EMR"
                    + " launched it", f.getCause());
        }
        ClusterRecord record = new ClusterRecord(id, name, region, p.clusterName(), startedAt, null, null);
        ClusterStore store = this.store.get();
        try {
            store.save(record);
        } catch (IOException e) {
            ui.result(id);
            throw WadalException.failed("cluster " + id + " was launched but its record could not be written to "
                    + store.dir() + " (" + ExceptionText.of(e) + "); fix that, then run 'wadal create " + name + "' or 'wadal clusters"
                    + " --adopt' to record it (it is tagged " + RunJobFlowRequestBuilder.LAUNCH_TAG + "=" + launchId
                    + "), or terminate it in the EMR console", e);
        }
        intents.clear(name);
        return record;
    }

    private int waitThenNext(ClusterRecord record, Then then) {
        lifecycle.get().waitReady(record, then.timeout());
        return then.jupyter()
                ? jupyter.get().open(record.profile(), new JupyterAccess.Mode(false, false, then.noBrowser(), null))
                : 0;
    }
}
