package io.wadal.check;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecurityGroupExposureTest {
    private static final List<Integer> PORTS = List.of(22, 8192);

    private static IpPermission tcp(int from, int to, String cidr) {
        IpPermission.Builder b = IpPermission.builder().ipProtocol("tcp").fromPort(from).toPort(to);
        return (cidr.contains(":") ? b.ipv6Ranges(r -> r.cidrIpv6(cidr)) : b.ipRanges(r -> r.cidrIp(cidr))).build();
    }

    @Test
    void sshOpenToEveryoneIsFound() {
        assertEquals(List.of(22), SecurityGroupExposure.openToEveryone(List.of(tcp(22, 22, "0.0.0.0/0")), PORTS));
    }

    @Test
    void aRangeCoveringJupytersPortCounts() {
        assertEquals(List.of(8192), SecurityGroupExposure.openToEveryone(List.of(tcp(8000, 9000, "::/0")), PORTS));
        assertEquals(List.of(22, 8192), SecurityGroupExposure.openToEveryone(List.of(tcp(0, 65535, "0.0.0.0/0")), PORTS));
    }

    @Test
    void everyProtocolOpensEveryPort() {
        IpPermission all = IpPermission.builder().ipProtocol("-1").ipRanges(r -> r.cidrIp("0.0.0.0/0")).build();
        assertEquals(List.of(22, 8192), SecurityGroupExposure.openToEveryone(List.of(all), PORTS));
    }

    @Test
    void restrictedSourcesOtherPortsAndUdpAreFine() {
        List<IpPermission> rules = List.of(
                tcp(22, 22, "203.0.113.0/24"),
                tcp(8193, 9000, "0.0.0.0/0"),
                tcp(23, 8191, "0.0.0.0/0"),
                IpPermission.builder().ipProtocol("udp").fromPort(0).toPort(65535).ipRanges(r -> r.cidrIp("0.0.0.0/0")).build(),
                IpPermission.builder().ipProtocol("-1").userIdGroupPairs(g -> g.groupId("sg-1")).build());
        assertEquals(List.of(), SecurityGroupExposure.openToEveryone(rules, PORTS));
    }
}
