package io.wadal.check;

import io.wadal.aws.Cidr;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;

import java.util.Collection;
import java.util.List;

/** Which of some TCP ports a security group's inbound rules open to the whole internet. */
public final class SecurityGroupExposure {
    private SecurityGroupExposure() {
    }

    /** The ports of {@code ports} (sorted, each once) that a rule opens to 0.0.0.0/0 or ::/0. */
    public static List<Integer> openToEveryone(Collection<IpPermission> inbound, Collection<Integer> ports) {
        return ports.stream().distinct().sorted()
                .filter(port -> inbound.stream().anyMatch(rule -> fromAnywhere(rule) && covers(rule, port)))
                .toList();
    }

    /** Whether some rule lets this IPv4 or IPv6 address in on the TCP port (through an address range). */
    public static boolean allowsFrom(Collection<IpPermission> inbound, int port, String address) {
        return inbound.stream().filter(rule -> covers(rule, port)).anyMatch(rule ->
                rule.ipRanges().stream().map(IpRange::cidrIp).anyMatch(c -> contains(c, address))
                        || rule.ipv6Ranges().stream().map(Ipv6Range::cidrIpv6).anyMatch(c -> contains(c, address)));
    }

    /** Whether some rule lets any address range in on the TCP port. */
    public static boolean allowsSomeAddress(Collection<IpPermission> inbound, int port) {
        return inbound.stream().anyMatch(rule -> covers(rule, port) && (!rule.ipRanges().isEmpty() || !rule.ipv6Ranges().isEmpty()));
    }

    private static boolean contains(String cidr, String address) {
        return cidr != null && Cidr.parse(cidr).map(c -> c.contains(address)).orElse(false);
    }

    private static boolean fromAnywhere(IpPermission rule) {
        return rule.ipRanges().stream().map(IpRange::cidrIp).anyMatch("0.0.0.0/0"::equals)
                || rule.ipv6Ranges().stream().map(Ipv6Range::cidrIpv6).anyMatch("::/0"::equals);
    }

    /** Protocol -1 is every protocol and port; tcp (6) rules give a port range, where -1 or none is every port. */
    private static boolean covers(IpPermission rule, int port) {
        String protocol = rule.ipProtocol() == null ? "" : rule.ipProtocol().toLowerCase(java.util.Locale.ROOT);
        if (protocol.equals("-1") || protocol.equals("all")) {
            return true;
        }
        if (!protocol.equals("tcp") && !protocol.equals("6")) {
            return false;
        }
        Integer from = rule.fromPort();
        Integer to = rule.toPort();
        if (from == null || to == null || from == -1 || to == -1) {
            return true;
        }
        return from <= port && port <= to;
    }
}
