package io.wadal.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.regex.Pattern;

/**
 * What wadal remembers about a profile's cluster in {@code clusters/<P>.json}.
 * {@code createdAt} and {@code workspaceReadyAt} (when wadal last finished the master's workspace:
 * clone, credentials, Jupyter) are ISO-8601. Fields may be null in records rebuilt from the bash
 * original's id file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterRecord(String id, String profile, String region, String clusterName, String createdAt,
                            String masterHost, String hostKeyFingerprint, String workspaceReadyAt) {
    private static final Pattern CLUSTER_ID = Pattern.compile("j-[0-9A-Z]+");

    /** True for an EMR cluster id: only such an id is ever sent to AWS. */
    public static boolean isClusterId(String id) {
        return id != null && CLUSTER_ID.matcher(id).matches();
    }

    public ClusterRecord(String id, String profile, String region, String clusterName, String createdAt,
                         String masterHost, String hostKeyFingerprint) {
        this(id, profile, region, clusterName, createdAt, masterHost, hostKeyFingerprint, null);
    }

    public ClusterRecord withProfile(String name) {
        return new ClusterRecord(id, name, region, clusterName, createdAt, masterHost, hostKeyFingerprint, workspaceReadyAt);
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
