package io.wadal.ssh;

import io.wadal.state.JumpHostPins;

import java.nio.file.Path;

/**
 * The jump host (SSH_PROXY_JUMP) and its key (SSH_PROXY_JUMP_KEY); its host key is pinned per
 * host and port in {@code pins}.
 */
public record JumpTarget(String user, String host, int port, Path keyFile, JumpHostPins pins) {
    /** As the user would write it: user@host[:port]. */
    @Override
    public String toString() {
        return user + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + (port == 22 ? "" : ":" + port);
    }
}
