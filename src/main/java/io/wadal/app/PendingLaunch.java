package io.wadal.app;

import io.wadal.console.Ui;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.EmrClusterService;
import io.wadal.emr.RunJobFlowRequestBuilder;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.state.LaunchIntents;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Settles a launch an earlier create left pending (killed between RunJobFlow and the record, or
 * the record could not be written): the cluster carrying its launch tag is recorded, or, when EMR
 * shows none, the intent is cleared — nothing was launched.
 */
public final class PendingLaunch {
    private final Supplier<ClusterStore> store;
    private final Supplier<LaunchIntents> intents;
    private final Function<String, EmrClusterService> emr;
    private final Ui ui;

    /** @param emr the EMR service of a region */
    public PendingLaunch(Supplier<ClusterStore> store, Supplier<LaunchIntents> intents,
                         Function<String, EmrClusterService> emr, Ui ui) {
        this.store = store;
        this.intents = intents;
        this.emr = emr;
        this.ui = ui;
    }

    /** Takes the profile's lock, so a create still launching is waited for rather than second-guessed. */
    public void resolve(String profile) {
        if (!intents.get().pending(profile)) {
            return;
        }
        try (ClusterStore.ProfileLock lock = store.get().lock(profile)) {
            resolveLocked(profile);
        }
    }

    /** As {@link #resolve}, for a caller that already holds the profile's lock. */
    public void resolveLocked(String profile) {
        LaunchIntents intents = this.intents.get();
        Optional<LaunchIntents.Intent> pending = intents.find(profile);
        if (pending.isEmpty()) {
            return;
        }
        LaunchIntents.Intent intent = pending.get();
        Optional<ClusterInfo> launched = emr.apply(intent.region())
                .activeClusterTagged(RunJobFlowRequestBuilder.LAUNCH_TAG, intent.launchId());
        if (launched.isEmpty()) {
            intents.clear(profile);
            ui.info("An earlier create of '" + profile + "' (" + intent.startedAt() + ") did not finish; "
                    + "EMR shows no active cluster from it, so nothing is running.");
            return;
        }
        ClusterInfo c = launched.get();
        ClusterStore store = this.store.get();
        Optional<ClusterRecord> old = store.find(profile);
        if (old.isEmpty() || !old.get().id().equals(c.id())) {
            store.update(new ClusterRecord(c.id(), profile, intent.region(), c.name(),
                    c.createdAt() == null ? intent.startedAt() : c.createdAt().toString(), null, null));
            ui.info("Recorded cluster " + c.id() + " (" + c.state() + ") for profile '" + profile
                    + "': an earlier create launched it but did not record it"
                    + old.map(r -> "; it replaces the record of " + r.id()).orElse("") + ".");
        }
        intents.clear(profile);
    }
}
