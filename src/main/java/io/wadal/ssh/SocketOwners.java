package io.wadal.ssh;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads Linux's socket tables ({@code /proc/net/tcp}, {@code /proc/net/tcp6}): which account owns
 * the TCP socket with a given local and remote address. The kernel prints each address as
 * native-endian 32-bit words in hex and the port as a hex number: {@code 0100007F:B6A9} is
 * 127.0.0.1:46761 on a little-endian machine.
 */
final class SocketOwners {
    private static final int LOCAL = 1;
    private static final int REMOTE = 2;
    private static final int UID = 7;

    private SocketOwners() {
    }

    /** The uid of the socket whose own end is {@code local} and whose other end is {@code remote}, if listed. */
    static OptionalInt uid(List<String> lines, InetSocketAddress local, InetSocketAddress remote) {
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length <= UID || !f[0].endsWith(":")) {
                continue; // the heading, or a line this parser does not know
            }
            InetSocketAddress l = address(f[LOCAL]);
            InetSocketAddress r = address(f[REMOTE]);
            if (l != null && r != null && same(l, local) && same(r, remote) && f[UID].matches("\\d{1,10}")) {
                return OptionalInt.of(Integer.parseInt(f[UID]));
            }
        }
        return OptionalInt.empty();
    }

    /** {@code HEX:PORT} as the kernel prints it; null when malformed. */
    static InetSocketAddress address(String field) {
        int colon = field.indexOf(':');
        String hex = colon < 0 ? "" : field.substring(0, colon);
        String port = colon < 0 ? "" : field.substring(colon + 1);
        if ((hex.length() != 8 && hex.length() != 32) || !hex.matches("[0-9A-Fa-f]+") || !port.matches("[0-9A-Fa-f]{4}")) {
            return null;
        }
        byte[] bytes = new byte[hex.length() / 2];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + i * 2;
                int b = Integer.parseInt(hex.substring(at, at + 2), 16);
                bytes[word * 4 + (little ? 3 - i : i)] = (byte) b;
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(port, 16));
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Same port and address; an IPv4 address also matches its IPv4-mapped IPv6 form (::ffff:127.0.0.1). */
    private static boolean same(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && v4(a.getAddress()).equals(v4(b.getAddress()));
    }

    private static InetAddress v4(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 16) {
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }
}
