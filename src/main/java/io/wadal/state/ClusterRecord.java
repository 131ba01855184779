package io.wadal.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.regex.Pattern;

/**
 * What wadal remembers about a profile's cluster in {@code clusters/<P>.json}.
 * {@code createdAt} and {@code workspaceReadyAt} (when wadal last finished the master's workspace:
 * clone, credentials, Jupyter) are ISO-8601. Fields may be null in records rebuilt from the bash
 * original's id file. {@code masterAddress} is the MASTER_ADDRESS {@code masterHost} was found
 * with; null: EMR's MasterPublicDnsName (as {@code public-dns}, what records held before the key existed).
 * {@code terminatesAt} (ISO-8601) is when the master was last told to end the cluster (MAX_AGE); null: never.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterRecord(String id, String profile, String region, String clusterName, String createdAt,
                            String masterHost, String hostKeyFingerprint, String workspaceReadyAt, String masterAddress,
                            String terminatesAt) {
    private static final Pattern CLUSTER_ID = Pattern.compile("j-[0-9A-Z]+");

    /** True for an EMR cluster id: only such an id is ever sent to AWS. */
    public static boolean isClusterId(String id) {
        return id != null && CLUSTER_ID.matcher(id).matches();
    }

    public ClusterRecord(String id, String profile, String region, String clusterName, String createdAt,
                         String masterHost, String hostKeyFingerprint, String workspaceReadyAt, String masterAddress) {
        this(id, profile, region, clusterName, createdAt, masterHost, hostKeyFingerprint, workspaceReadyAt, masterAddress, null);
    }

    public ClusterRecord(String id, String profile, String region, String clusterName, String createdAt,
                         String masterHost, String hostKeyFingerprint, String workspaceReadyAt) {
        this(id, profile, region, clusterName, createdAt, masterHost, hostKeyFingerprint, workspaceReadyAt, null, null);
    }

    public ClusterRecord(String id, String profile, String region, String clusterName, String createdAt,
                         String masterHost, String hostKeyFingerprint) {
        this(id, profile, region, clusterName, createdAt, masterHost, hostKeyFingerprint, null, null, null);
    }

    public ClusterRecord withProfile(String name) {
        return new ClusterRecord(id, name, region, clusterName, createdAt, masterHost, hostKeyFingerprint, workspaceReadyAt, masterAddress, terminatesAt);
    }

    /** EMR's MasterPublicDnsName as the master's host. */
    public ClusterRecord withMasterHost(String host) {
        return withMasterHost(host, null);
    }

    /** The master's host, found with this MASTER_ADDRESS (null: MasterPublicDnsName). */
    public ClusterRecord withMasterHost(String host, String address) {
        return new ClusterRecord(id, profile, region, clusterName, createdAt, host, hostKeyFingerprint, workspaceReadyAt, address, terminatesAt);
    }

    public ClusterRecord withHostKeyFingerprint(String fingerprint) {
        return new ClusterRecord(id, profile, region, clusterName, createdAt, masterHost, fingerprint, workspaceReadyAt, masterAddress, terminatesAt);
    }

    public ClusterRecord withWorkspaceReadyAt(String at) {
        return new ClusterRecord(id, profile, region, clusterName, createdAt, masterHost, hostKeyFingerprint, at, masterAddress, terminatesAt);
    }

    /** When EMR created the cluster, for a record that did not say (the bash original's id file, an adoption). */
    public ClusterRecord withCreatedAt(String at) {
        return new ClusterRecord(id, profile, region, clusterName, at, masterHost, hostKeyFingerprint, workspaceReadyAt, masterAddress, terminatesAt);
    }

    /** When the master will end the cluster (MAX_AGE), ISO-8601; null: it will not. */
    public ClusterRecord withTerminatesAt(String at) {
        return new ClusterRecord(id, profile, region, clusterName, createdAt, masterHost, hostKeyFingerprint, workspaceReadyAt, masterAddress, at);
    }
}
