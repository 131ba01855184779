package io.wadal.ssh;

import java.nio.file.Path;

/**
 * Where and as whom to connect, and the host key pinned for the cluster (null before first contact).
 *
 * @param hint what to tell the user when the master cannot be reached, e.g. "run 'wadal wait-ready p'"
 * @param jump the jump host every connection goes through; null: straight to the master
 */
public record SshTarget(String host, int port, String user, Path keyFile, String pinnedFingerprint, String hint,
                        JumpTarget jump) {
    public SshTarget(String host, int port, String user, Path keyFile, String pinnedFingerprint, String hint) {
        this(host, port, user, keyFile, pinnedFingerprint, hint, null);
    }
}
