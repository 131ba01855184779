package io.wadal.ssh;

import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.function.Consumer;

/**
 * Trusts the master's host key on first contact and pins it per cluster; a different key later
 * for the same cluster is refused. EMR reuses DNS names across clusters, so ~/.ssh/known_hosts
 * would be wrong in both directions; it is neither read nor written.
 */
public final class HostKeyPinning implements ServerKeyVerifier {
    private final String pinned;
    private final Consumer<String> pin;
    private volatile String offered;

    /**
     * @param pinned the fingerprint pinned earlier, or null on first contact
     * @param pin    stores the fingerprint seen on first contact
     */
    public HostKeyPinning(String pinned, Consumer<String> pin) {
        this.pinned = pinned;
        this.pin = pin;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        String fingerprint = KeyUtils.getFingerPrint(key);
        offered = fingerprint;
        if (pinned == null) {
            pin.accept(fingerprint);
            return true;
        }
        return pinned.equals(fingerprint);
    }

    /** True when the server offered a key other than the pinned one. */
    public boolean refused() {
        return pinned != null && offered != null && !pinned.equals(offered);
    }

    public String pinned() {
        return pinned;
    }

    public String offered() {
        return offered;
    }
}
