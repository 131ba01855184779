package io.wadal.app;

import io.wadal.emr.ClusterInfo;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.state.ClusterRecord;

/** The profile's cluster is terminated or terminating: there is no master to reach (exit 1). */
public final class ClusterEnded extends WadalException {
    private final transient ClusterRecord record;
    private final transient ClusterInfo info;

    ClusterEnded(ClusterRecord record, ClusterInfo info, Throwable cause) {
        super(ExitCodes.FAILED, "cluster " + record.id() + " is " + info.state() + " (" + info.reason() + ") — run 'wadal create "
                + record.profile() + "' for a new one", cause);
        this.record = record;
        this.info = info;
    }

    public ClusterRecord record() {
        return record;
    }

    /** What EMR said of it, with its LogUri (null when it kept no logs in S3). */
    public ClusterInfo info() {
        return info;
    }
}
