package io.wadal.ssh;

import io.wadal.WadalException;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.EmrClusterService;
import io.wadal.profile.Profile;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Opens the SSH connection to a profile's master. The host is MASTER_HOST, else the one cached
 * in the record, else EMR's MasterPublicDnsName once the cluster is up (then cached, so later
 * commands make no AWS call). The host key is pinned in the record on first contact.
 */
public final class MasterConnector {
    private final ClusterStore store;
    private final Supplier<EmrClusterService> emr;

    public MasterConnector(ClusterStore store, Supplier<EmrClusterService> emr) {
        this.store = store;
        this.emr = emr;
    }

    public MinaRemoteShell connect(Profile profile, ClusterRecord record) {
        return connect(profile, record, "if the cluster is still starting, run 'wadal wait-ready " + record.profile() + "' first");
    }

    /** @param hint what to do when the master cannot be reached, appended to the message */
    public MinaRemoteShell connect(Profile profile, ClusterRecord record, String hint) {
        Path key = keyFile(profile);
        String host = profile.masterHost().orElseGet(() -> record.masterHost() != null ? record.masterHost() : lookUp(record));
        SshTarget target = new SshTarget(host, profile.sshPort(), profile.sshUser(), key, record.hostKeyFingerprint(), hint);
        return MinaRemoteShell.connect(target, fingerprint -> pin(record, fingerprint));
    }

    /** EC2_KEY_PAIR_PATH; a usage error (exit 2) when unset, so commands that will need SSH can check it first. */
    public static Path keyFile(Profile profile) {
        return profile.keyPairPath().orElseThrow(() -> WadalException.usage(
                "EC2_KEY_PAIR_PATH is required to reach the master; set it in " + profile.file()
                        + " to the private key of EC2_KEY_PAIR_NAME"));
    }

    private String lookUp(ClusterRecord record) {
        ClusterInfo info = emr.get().describe(record.id());
        if (info.terminated()) {
            throw WadalException.failed("cluster " + record.id() + " is " + info.state() + " (" + info.reason()
                    + "); run 'wadal create " + record.profile() + "' for a new one");
        }
        if (!info.ready() || info.masterPublicDns() == null) {
            throw WadalException.failed("cluster " + record.id() + " is " + info.state() + ", not ready yet; run 'wadal wait-ready "
                    + record.profile() + "' first");
        }
        store.find(record.profile()).filter(r -> r.id().equals(record.id()))
                .ifPresent(r -> store.update(r.withMasterHost(info.masterPublicDns())));
        return info.masterPublicDns();
    }

    private void pin(ClusterRecord record, String fingerprint) {
        store.find(record.profile()).filter(r -> r.id().equals(record.id()))
                .ifPresent(r -> store.update(r.withHostKeyFingerprint(fingerprint)));
    }
}
