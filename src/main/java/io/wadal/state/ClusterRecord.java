package io.wadal.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What wadal remembers about a profile's cluster in {@code clusters/<P>.json} (SPEC §4).
 * {@code createdAt} and {@code workspaceReadyAt} (when wadal last finished the master's workspace:
 * clone, credentials, Jupyter) are ISO-8601. Fields may be null in records rebuilt from the bash
 * original's id file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterRecord(String id, String profile, String region, String clusterName, String createdAt,
                            String masterHost, String hostKeyFingerprint, String workspaceReadyAt) {

    public ClusterRecord(String id, String profile, String region, String clusterName, String createdAt,
                         String masterHost, String hostKeyFingerprint) {
        this(id, profile, region, clusterName, createdAt, masterHost, hostKeyFingerprint, null);
    }

    public ClusterRecord withMasterHost(String host) {
        return new ClusterRecord(id, profile, region, clusterName, createdAt, host, hostKeyFingerprint, workspaceReadyAt);
    }

    public ClusterRecord withHostKeyFingerprint(String fingerprint) {
        return new ClusterRecord(id, profile, region, clusterName, createdAt, masterHost, fingerprint, workspaceReadyAt);
    }

    public ClusterRecord withWorkspaceReadyAt(String at) {
        return new ClusterRecord(id, profile, region, clusterName, createdAt, masterHost, hostKeyFingerprint, at);
    }
}
