package io.wadal.emr;

import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;

import java.util.Optional;

/** Terminates a profile's cluster and removes its records; shared by terminate and --terminate-after. */
public final class ClusterTerminator {
    private final ClusterStore store;
    private final EmrClusterService emr;

    public ClusterTerminator(ClusterStore store, EmrClusterService emr) {
        this.store = store;
        this.emr = emr;
    }

    /** The cluster if it is still alive; if it is gone or going, its record is removed and the result is empty. */
    public Optional<ClusterInfo> aliveOrForget(ClusterRecord record) {
        Optional<ClusterInfo> info = emr.describeIfExists(record.id());
        if (info.isEmpty() || info.get().terminated()) {
            store.remove(record.profile());
            return Optional.empty();
        }
        return info;
    }

    public void terminate(ClusterRecord record) {
        emr.terminate(record.id());
        store.remove(record.profile());
    }
}
