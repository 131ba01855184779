package io.wadal.emr;

import java.time.Instant;
import java.util.Map;

/** What DescribeCluster says of a cluster, in the terms wadal uses. */
public record ClusterInfo(String id, String name, String state, String reasonCode, String reasonMessage,
                          String masterPublicDns, Instant createdAt, Instant endedAt,
                          Integer normalizedInstanceHours, Map<String, String> tags, String logUri) {

    /** Without a LogUri (EMR keeps no logs in S3). */
    public ClusterInfo(String id, String name, String state, String reasonCode, String reasonMessage,
                       String masterPublicDns, Instant createdAt, Instant endedAt,
                       Integer normalizedInstanceHours, Map<String, String> tags) {
        this(id, name, state, reasonCode, reasonMessage, masterPublicDns, createdAt, endedAt, normalizedInstanceHours, tags, null);
    }

    public boolean ready() {
        return state.equals("RUNNING") || state.equals("WAITING");
    }

    /** TERMINATING, TERMINATED or TERMINATED_WITH_ERRORS: the cluster is gone or going. */
    public boolean terminated() {
        return state.startsWith("TERMINAT");
    }

    /** EMR's reason for the last state change, e.g. "BOOTSTRAP_FAILURE: bootstrap action 1 failed". */
    public String reason() {
        if (reasonCode == null && reasonMessage == null) {
            return "no reason given by EMR";
        }
        if (reasonCode == null) {
            return reasonMessage;
        }
        return reasonMessage == null ? reasonCode : reasonCode + ": " + reasonMessage;
    }
}
