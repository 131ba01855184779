package io.wadal.ssh;

import io.wadal.profile.ProfileKey;
import io.wadal.state.JumpHostPins;

import java.nio.file.Path;

/**
 * The jump host (SSH_PROXY_JUMP) and its key (SSH_PROXY_JUMP_KEY); its host key is pinned per
 * host and port in {@code pins}. {@code keySetting} is the profile key that names the key file:
 * SSH_PROXY_JUMP_KEY, or EC2_KEY_PAIR_PATH when that one is unset.
 */
public record JumpTarget(String user, String host, int port, Path keyFile, ProfileKey keySetting, JumpHostPins pins) {
    /** The key file as a message names it: {@code SSH_PROXY_JUMP_KEY=/k.pem}, or {@code EC2_KEY_PAIR_PATH=/k.pem (SSH_PROXY_JUMP_KEY is unset)}. */
    public String keyNamed() {
        return keySetting + "=" + keyFile + (keySetting == ProfileKey.SSH_PROXY_JUMP_KEY ? "" : " (" + ProfileKey.SSH_PROXY_JUMP_KEY + " is unset)");
    }

    /** As the user would write it: user@host[:port]. */
    @Override
    public String toString() {
        return user + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + (port == 22 ? "" : ":" + port);
    }
}
