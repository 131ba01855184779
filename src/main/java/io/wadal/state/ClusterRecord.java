package io.wadal.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What wadal remembers about a profile's cluster in {@code clusters/<P>.json} (SPEC §4).
 * {@code createdAt} is ISO-8601. Fields may be null in records rebuilt from the bash original's id file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterRecord(String id, String profile, String region, String clusterName, String createdAt,
                            String masterHost, String hostKeyFingerprint) {

    public ClusterRecord withMasterHost(String host) {
        return new ClusterRecord(id, profile, region, clusterName, createdAt, host, hostKeyFingerprint);
    }

    public ClusterRecord withHostKeyFingerprint(String fingerprint) {
        return new ClusterRecord(id, profile, region, clusterName, createdAt, masterHost, fingerprint);
    }
}
