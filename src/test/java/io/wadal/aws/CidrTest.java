package io.wadal.aws;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {
    @Test
    void rangesAreWrittenAsEc2StoresThem() {
        assertEquals("198.51.100.0/24", Cidr.parse("198.51.100.77/24").orElseThrow().toString());
        assertEquals("203.0.113.9/32", Cidr.parse("203.0.113.9").orElseThrow().toString());
        assertEquals("10.0.0.0/8", Cidr.parse(" 10.1.2.3/8 ").orElseThrow().toString());
        assertEquals(Cidr.parse("2001:db8::/32"), Cidr.parse("2001:db8:ffff::1/32"));
        // IPv6 as EC2 and RFC 5952 write it: the longest run of zero groups (the first of equals, two or more) as ::
        assertEquals("2001:db8::/56", Cidr.parse("2001:db8::1/56").orElseThrow().toString());
        assertEquals("2001:db8:0:1::/64", Cidr.parse("2001:0db8:0000:0001:0:0:0:0/64").orElseThrow().toString());
        assertEquals("2001:db8::1:0:0:1/128", Cidr.parse("2001:db8:0:0:1:0:0:1/128").orElseThrow().toString());
        assertEquals("2001:0:1:2:3:4:5:6/128", Cidr.parse("2001:0:1:2:3:4:5:6/128").orElseThrow().toString());
        assertEquals("::1/128", Cidr.parse("::1/128").orElseThrow().toString());
        assertEquals("::/0", Cidr.parse("::/0").orElseThrow().toString());
        assertEquals(Cidr.parse("198.51.100.0/24"), Cidr.parse("198.51.100.7/24"));
    }

    @Test
    void containsComparesTheNetworkBits() {
        Cidr c = Cidr.parse("203.0.113.0/28").orElseThrow();
        assertTrue(c.contains("203.0.113.9"));
        assertFalse(c.contains("203.0.113.16"));
        assertFalse(c.contains("2001:db8::1"));
        assertTrue(Cidr.parse("0.0.0.0/0").orElseThrow().contains("8.8.8.8"));
    }

    @Test
    void namesAndNonsenseAreNoRange() {
        for (String bad : new String[] {"example.com", "localhost", "10.0.0.0/33", "10.0.0.0/x", "", "2001:db8::/129"}) {
            assertEquals(Optional.empty(), Cidr.parse(bad), bad);
        }
    }
}
