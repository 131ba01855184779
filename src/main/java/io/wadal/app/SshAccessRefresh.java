package io.wadal.app;

import io.wadal.profile.Profile;
import io.wadal.profile.SshFrom;
import io.wadal.ssh.MasterUnreachable;
import io.wadal.state.ClusterRecord;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * After a connection to the master timed out (a security group drops what it does not allow):
 * with SSH_FROM=my-ip, lets this machine's current address into {@code wadal-ssh} if it is not
 * there yet, so that the caller tries once more. At most once per command.
 */
public final class SshAccessRefresh {
    private final Supplier<SshAccess> access;
    private final Function<ClusterRecord, String> regions;
    private boolean tried;

    /** @param regions the region a recorded cluster lives in */
    public SshAccessRefresh(Supplier<SshAccess> access, Function<ClusterRecord, String> regions) {
        this.access = access;
        this.regions = regions;
    }

    /** One that never retries. */
    public static SshAccessRefresh none() {
        SshAccessRefresh none = new SshAccessRefresh(null, null);
        none.tried = true;
        return none;
    }

    /**
     * Whether the caller should connect once more: a new rule was added for this machine. Never
     * for a private address (or MASTER_ADDRESS=private-ip/private-dns): this machine's public
     * address is not what reaches it, and a rule added is never removed (a group holds 60).
     *
     * @param host the address the connection went to
     */
    public boolean retry(Profile p, ClusterRecord record, String host, MasterUnreachable e) {
        if (tried || !e.timedOut() || p.sshFrom().mode() != SshFrom.Mode.MY_IP || !SshAccess.managed(p)
                || MasterConnector.privateAddress(host) || MasterConnector.privateKind(p.masterAddress())) {
            return false;
        }
        tried = true;
        return access.get().allowCurrentAddress(p, regions.apply(record));
    }
}
