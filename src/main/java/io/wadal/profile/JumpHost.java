package io.wadal.profile;

import java.util.Optional;

/**
 * SSH_PROXY_JUMP: {@code [user@]host[:port]}, as OpenSSH's ProxyJump takes it (one hop).
 *
 * @param user the user on the jump host; empty: the local user name, as OpenSSH does
 */
public record JumpHost(Optional<String> user, String host, int port) {
    public static final int DEFAULT_PORT = 22;

    /** The value as a profile holds it; empty when it is not one. */
    public static Optional<JumpHost> parse(String value) {
        String v = value.trim();
        Optional<String> user = Optional.empty();
        int at = v.lastIndexOf('@');
        if (at >= 0) {
            String u = v.substring(0, at);
            if (!NetworkNames.isUser(u)) {
                return Optional.empty();
            }
            user = Optional.of(u);
            v = v.substring(at + 1);
        }
        String host = v;
        int port = DEFAULT_PORT;
        int colon = v.lastIndexOf(':');
        boolean bracketed = v.startsWith("[");
        if (bracketed) {
            int close = v.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = v.substring(1, close);
            String rest = v.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                port = port(rest.substring(1));
            }
            if (!NetworkNames.isIpv6(host)) {
                return Optional.empty();
            }
        } else if (colon >= 0 && v.indexOf(':') == colon) {
            host = v.substring(0, colon);
            port = port(v.substring(colon + 1));
        }
        if (port < 0 || !NetworkNames.isHost(host)) {
            return Optional.empty();
        }
        return Optional.of(new JumpHost(user, host, port));
    }

    private static int port(String digits) {
        if (!digits.matches("[0-9]{1,5}")) {
            return -1;
        }
        int p = Integer.parseInt(digits);
        return p >= 1 && p <= 65_535 ? p : -1;
    }

    /** As the user wrote it: [user@]host[:port]. */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return user.map(u -> u + "@").orElse("") + h + (port == DEFAULT_PORT ? "" : ":" + port);
    }
}
