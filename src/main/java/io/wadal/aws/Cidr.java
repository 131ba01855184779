package io.wadal.aws;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address range, with its host bits cleared as EC2 stores it (EC2 turns
 * 198.51.100.7/24 into 198.51.100.0/24 and calls a second rule for either a duplicate).
 */
public record Cidr(byte[] network, int prefix) {
    /** {@code a.b.c.d/n}, {@code x:y::/n}, or a bare address as its /32 or /128; empty when it is none. */
    public static Optional<Cidr> parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        // literals only: InetAddress would resolve a host name
        if (!address.matches("[0-9.]+") && !(address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.]+"))) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        int max = bytes.length * 8;
        int n;
        if (slash < 0) {
            n = max;
        } else {
            String bits = t.substring(slash + 1);
            if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > max) {
                return Optional.empty();
            }
            n = Integer.parseInt(bits);
        }
        return Optional.of(new Cidr(mask(bytes, n), n));
    }

    public boolean ipv6() {
        return network.length == 16;
    }

    /** Whether the address (a literal) is in this range. */
    public boolean contains(String address) {
        Optional<Cidr> a = parse(address);
        return a.isPresent() && a.get().network.length == network.length
                && Arrays.equals(mask(a.get().network, prefix), network);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    /** The canonical form (RFC 5952 for IPv6, as EC2 shows it): {@code 198.51.100.0/24}, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        if (network.length == 4) {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (network[2 * i] & 0xff) << 8 | network[2 * i + 1] & 0xff;
        }
        // the longest run of two or more zero groups (the first of equals) becomes ::
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out + "/" + prefix;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }
}
