package io.wadal.profile;

import java.util.regex.Pattern;

/**
 * Host and user names as MASTER_HOST and SSH_USER may hold them. Both end up as words of an ssh
 * connection, so anything that could read as an option ({@code -oProxyCommand=…}) or carry a
 * space is refused rather than passed on.
 */
public final class NetworkNames {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9_.-]+");
    /** POSIX's portable user name characters, not starting with '-'; 32 is Linux's limit. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0,31}");

    private NetworkNames() {
    }

    /** A DNS host name, an IPv4 address, or an IPv6 address, plain or in brackets. */
    public static boolean isHost(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return isIpv6(host.substring(1, host.length() - 1));
        }
        if (host.indexOf(':') >= 0) {
            return isIpv6(host);
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.isEmpty() || h.length() > 253) {
            return false;
        }
        String[] labels = h.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // all-numeric (1.2.3.999) is meant as an address, and must be one
        return !labels[labels.length - 1].matches("[0-9]+") || IPV4.matcher(h).matches();
    }

    /** A dotted-decimal IPv4 address, each part 0 to 255 without leading zeros. */
    static boolean isIpv4(String address) {
        return IPV4.matcher(address).matches();
    }

    public static boolean isUser(String user) {
        return USER.matcher(user).matches();
    }

    static boolean isIpv6(String address) {
        String a = address;
        int zone = a.indexOf('%');
        if (zone >= 0) {
            if (!ZONE.matcher(a.substring(zone + 1)).matches()) {
                return false;
            }
            a = a.substring(0, zone);
        }
        int groups = 0;
        int lastColon = a.lastIndexOf(':');
        if (lastColon >= 0 && a.indexOf('.', lastColon) >= 0) {
            // an embedded IPv4 address (::ffff:10.0.0.1) counts as two groups
            if (!IPV4.matcher(a.substring(lastColon + 1)).matches()) {
                return false;
            }
            a = a.substring(0, lastColon + 1) + "0:0";
        }
        int gap = a.indexOf("::");
        if (gap >= 0 && a.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String[] halves = gap >= 0 ? new String[] {a.substring(0, gap), a.substring(gap + 2)} : new String[] {a};
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String g : half.split(":", -1)) {
                if (!HEX_GROUP.matcher(g).matches()) {
                    return false;
                }
                groups++;
            }
        }
        return gap >= 0 ? groups <= 7 : groups == 8;
    }
}
