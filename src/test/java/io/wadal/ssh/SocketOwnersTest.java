package io.wadal.ssh;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Lines captured from this machine's /proc/net/tcp and tcp6 (x86-64): a listener, the accepted socket, the client's. */
class SocketOwnersTest {
    private static final List<String> TCP = List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   1: 0100007F:C3F3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 315210 1 00000000b991b28b 100 0 0 10 0",
            "  10: 0100007F:C3F3 0100007F:9C82 01 00000000:00000000 00:00000000 00000000     0        0 315212 1 000000002e350427 20 0 0 10 -1",
            "  12: 0100007F:9C82 0100007F:C3F3 01 00000000:00000000 00:00000000 00000000 65534        0 314259 2 00000000f01d37f3 20 0 0 10 -1");
    private static final List<String> TCP6 = List.of(
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 00000000000000000000000001000000:E317 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 314207 1 00000000942209f8 100 0 0 10 0",
            "  29: 00000000000000000000000001000000:D296 00000000000000000000000001000000:E317 01 00000000:00000000 00:00000000 00000000  1000        0 314208 2 000000003c95cdb0 20 0 0 10 -1",
            "  86: 00000000000000000000000001000000:E317 00000000000000000000000001000000:D296 01 00000000:00000000 00:00000000 00000000     0        0 314209 1 000000004b5d10ba 20 0 0 10 -1",
            "   3: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:A1B2 01 00000000:00000000 00:00000000 00000000    42        0 314210 1 000000004b5d10bb 20 0 0 10 -1");

    private static InetSocketAddress at(String host, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void theClientsSocketOfAConnectionToOurListenerNamesItsOwner() throws Exception {
        // our listener is 127.0.0.1:50163 (C3F3); the client came from port 40066 (9C82) as nobody
        assertEquals(OptionalInt.of(65534), SocketOwners.uid(TCP, at("127.0.0.1", 40066), at("127.0.0.1", 50163)));
        // the accepted end, ours, is root's
        assertEquals(OptionalInt.of(0), SocketOwners.uid(TCP, at("127.0.0.1", 50163), at("127.0.0.1", 40066)));
    }

    @Test
    void ipv6AndIpv4MappedAddressesAreRead() throws Exception {
        assertEquals(OptionalInt.of(1000), SocketOwners.uid(TCP6, at("::1", 53910), at("::1", 58135)));
        assertEquals(OptionalInt.of(0), SocketOwners.uid(TCP6, at("::1", 58135), at("::1", 53910)));
        assertEquals(OptionalInt.of(42), SocketOwners.uid(TCP6, at("127.0.0.1", 8080), at("127.0.0.1", 41394)));
    }

    @Test
    void aConnectionNotListedHasNoOwner() throws Exception {
        assertEquals(OptionalInt.empty(), SocketOwners.uid(TCP, at("127.0.0.1", 40067), at("127.0.0.1", 50163)));
        assertEquals(OptionalInt.empty(), SocketOwners.uid(TCP, at("127.0.0.2", 40066), at("127.0.0.1", 50163)));
        assertEquals(OptionalInt.empty(), SocketOwners.uid(List.of("", "garbage", "  1: zz:zz 00:00 0A"), at("127.0.0.1", 1), at("127.0.0.1", 2)));
    }

    @Test
    void addressesAreDecodedAsTheKernelPrintsThem() throws Exception {
        assertEquals(at("127.0.0.1", 46761), SocketOwners.address("0100007F:B6A9"));
        assertEquals(at("::1", 58135), SocketOwners.address("00000000000000000000000001000000:E317"));
        assertEquals(at("10.1.2.3", 22), SocketOwners.address("0302010A:0016"));
        assertNull(SocketOwners.address("0100007F"));
        assertNull(SocketOwners.address("0100007G:0016"));
        assertNull(SocketOwners.address("01007F:0016"));
    }
}
