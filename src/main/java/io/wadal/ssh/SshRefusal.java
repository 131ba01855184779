package io.wadal.ssh;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;

/**
 * A connection ended on trust, not on the network (exit 1): a host key other than the pinned
 * one, or a key the master or jump host did not accept. Trying again does not mend it, so
 * whoever reconnects after a drop stops at once.
 */
public final class SshRefusal extends WadalException {
    SshRefusal(String message, Throwable cause) {
        super(ExitCodes.FAILED, message, cause);
    }
}
