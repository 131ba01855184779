package io.wadal.app;

import io.wadal.app.Invocation;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.RunJobFlowRequestBuilder;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.state.LaunchIntents;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * Settles a launch an earlier create left pending (killed between RunJobFlow and the record, or
 * the record could not be written): the cluster carrying its launch tag is recorded, or, when EMR
 * shows none, the intent is cleared — nothing was launched.
 */
public final class PendingLaunch {
    private PendingLaunch() {
    }

    /** Takes the profile's lock, so a create still launching is waited for rather than second-guessed. */
    public static void resolve(Invocation ws, String profile) {
        if (!ws.launchIntents().pending(profile)) {
            return;
        }
        try (ClusterStore.ProfileLock lock = ws.store().lock(profile)) {
            resolveLocked(ws, profile);
        }
    }

    /** As {@link #resolve}, for a caller that already holds the profile's lock. */
    public static void resolveLocked(Invocation ws, String profile) {
        LaunchIntents intents = ws.launchIntents();
        Optional<LaunchIntents.Intent> pending = intents.find(profile);
        if (pending.isEmpty()) {
            return;
        }
        LaunchIntents.Intent intent = pending.get();
        PrintWriter err = ws.err();
        Optional<ClusterInfo> launched = ws.emr(intent.region())
                .activeClusterTagged(RunJobFlowRequestBuilder.LAUNCH_TAG, intent.launchId());
        if (launched.isEmpty()) {
            intents.clear(profile);
            err.println("An earlier create of '" + profile + "' (" + intent.startedAt() + ") did not finish; "
                    + "EMR shows no active cluster from it, so nothing is running.");
            err.flush();
            return;
        }
        ClusterInfo c = launched.get();
        Optional<ClusterRecord> old = ws.store().find(profile);
        if (old.isEmpty() || !old.get().id().equals(c.id())) {
            ws.store().update(new ClusterRecord(c.id(), profile, intent.region(), c.name(),
                    c.createdAt() == null ? intent.startedAt() : c.createdAt().toString(), null, null));
            err.println("Recorded cluster " + c.id() + " (" + c.state() + ") for profile '" + profile
                    + "': an earlier create launched it but did not record it"
                    + old.map(r -> "; it replaces the record of " + r.id()).orElse("") + ".");
            err.flush();
        }
        intents.clear(profile);
    }
}
