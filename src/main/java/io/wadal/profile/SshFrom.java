package io.wadal.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SSH_FROM: where SSH to the master may come from. {@code my-ip} (the caller's public address,
 * looked up when needed), {@code off} (wadal manages no security group rule), or fixed ranges.
 * A range open to everyone (a /0), or wider than a /8 (IPv6: /32), is never accepted.
 *
 * @param ranges the CIDR ranges when {@link Mode#RANGES}, a bare address as its /32 or /128; empty otherwise
 */
public record SshFrom(Mode mode, List<String> ranges) {
    public static final String MY_IP = "my-ip";
    public static final String OFF = "off";

    /** The widest range SSH_FROM takes: a /8 is a whole company's 10.0.0.0/8; anything wider is a slice of the internet. */
    static final int WIDEST_IPV4 = 8;
    static final int WIDEST_IPV6 = 32;

    public enum Mode { MY_IP, OFF, RANGES }

    public SshFrom {
        ranges = List.copyOf(ranges);
    }

    /**
     * Whether wadal manages the group {@code wadal-ssh} for this value: for ranges, and for my-ip
     * unless SSH goes through a jump host (the master then sees the jump host, not this machine).
     */
    public boolean managed(boolean throughJumpHost) {
        return mode == Mode.RANGES || mode == Mode.MY_IP && !throughJumpHost;
    }

    /** The value as a profile holds it, checked; empty when it is not one ({@link #problem} says why). */
    public static Optional<SshFrom> parse(String value) {
        return problem(value).isPresent() ? Optional.empty() : Optional.of(of(value));
    }

    /** Why the value is not an SSH_FROM; empty when it is. */
    static Optional<String> problem(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals(MY_IP) || v.equals(OFF)) {
            return Optional.empty();
        }
        for (String item : v.split(",")) {
            String range = item.trim();
            if (range.isEmpty()) {
                continue;
            }
            int prefix = prefix(range);
            if (prefix < 0) {
                return Optional.of("is not my-ip, off, or a comma-separated list of address ranges, "
                        + "e.g. 203.0.113.0/24,198.51.100.7/32");
            }
            if (prefix == 0) {
                return Optional.of("opens SSH to the whole internet (" + range + "); write your own ranges, "
                        + "e.g. 203.0.113.0/24, or my-ip");
            }
            int widest = range.indexOf(':') >= 0 ? WIDEST_IPV6 : WIDEST_IPV4;
            if (prefix < widest) {
                return Optional.of("opens SSH to a large part of the internet (" + range + " is wider than a /" + widest
                        + "); write your own ranges, e.g. 203.0.113.0/24, or my-ip");
            }
        }
        return Optional.empty();
    }

    private static SshFrom of(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals(MY_IP)) {
            return new SshFrom(Mode.MY_IP, List.of());
        }
        if (v.equals(OFF)) {
            return new SshFrom(Mode.OFF, List.of());
        }
        List<String> ranges = new ArrayList<>();
        for (String item : v.split(",")) {
            String range = item.trim();
            if (!range.isEmpty()) {
                ranges.add(range.indexOf('/') >= 0 ? range : range + (range.indexOf(':') >= 0 ? "/128" : "/32"));
            }
        }
        return new SshFrom(Mode.RANGES, ranges);
    }

    /** The prefix length of an IPv4 or IPv6 range (a bare address: its full length), -1 when it is not one. */
    private static int prefix(String range) {
        int slash = range.indexOf('/');
        String address = slash < 0 ? range : range.substring(0, slash);
        boolean v6;
        if (NetworkNames.isIpv4(address)) {
            v6 = false;
        } else if (address.indexOf(':') >= 0 && address.indexOf('%') < 0 && NetworkNames.isIpv6(address)) {
            v6 = true;
        } else {
            return -1;
        }
        int max = v6 ? 128 : 32;
        if (slash < 0) {
            return max;
        }
        String bits = range.substring(slash + 1);
        if (!bits.matches("[0-9]{1,3}")) {
            return -1;
        }
        int n = Integer.parseInt(bits);
        return n > max ? -1 : n;
    }
}
