package io.wadal.ssh;

import io.wadal.error.WadalException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LocalPortsTest {
    private final List<Integer> tried = new ArrayList<>();

    private LocalPorts.Binder<Integer> takenAre(Set<Integer> taken) {
        return port -> {
            tried.add(port);
            if (taken.contains(port)) {
                throw new IOException("bind failed", new BindException("Address already in use"));
            }
            return port;
        };
    }

    @Test
    void thePreferredPortWhenFree() {
        assertEquals(8192, LocalPorts.bind(8192, false, "--local-port", takenAre(Set.of())));
        assertEquals(List.of(8192), tried);
    }

    @Test
    void aTakenDefaultMovesToTheNextFreePort() {
        assertEquals(8195, LocalPorts.bind(8192, false, "--local-port", takenAre(Set.of(8192, 8193, 8194))));
        assertEquals(List.of(8192, 8193, 8194, 8195), tried);
    }

    @Test
    void aTakenExplicitPortIsAUsageErrorNamingTheOption() {
        WadalException e = assertThrows(WadalException.class, () -> LocalPorts.bind(9000, true, "--port", takenAre(Set.of(9000))));
        assertEquals(2, e.exitCode());
        assertEquals("local port 9000 is already in use on this machine; choose another with --port N", e.getMessage());
        assertEquals(List.of(9000), tried);
    }

    @Test
    void givesUpAfterAHundredAndStopsAtTheLastPort() {
        Set<Integer> all = new java.util.HashSet<>();
        for (int p = 8000; p < 8200; p++) {
            all.add(p);
        }
        WadalException e = assertThrows(WadalException.class, () -> LocalPorts.bind(8000, false, "--local-port", takenAre(all)));
        assertEquals(1, e.exitCode());
        assertEquals("no free local port between 8000 and 8099; choose one with --local-port", e.getMessage());
        assertEquals(100, tried.size());

        tried.clear();
        assertThrows(WadalException.class, () -> LocalPorts.bind(65534, false, "--local-port", takenAre(Set.of(65534, 65535))));
        assertEquals(List.of(65534, 65535), tried);
    }

    @Test
    void otherFailuresAreNotSkippedOver() {
        WadalException e = assertThrows(WadalException.class, () -> LocalPorts.bind(8192, false, "--local-port", port -> {
            throw new IOException("permission denied");
        }));
        assertEquals(1, e.exitCode());
        assertEquals("cannot listen on localhost:8192: permission denied", e.getMessage());
    }

    @Test
    void probeAndCheckFreeSeeARealListener() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = s.getLocalPort();
            assertThrows(BindException.class, () -> LocalPorts.probe(port));
            assertEquals(2, assertThrows(WadalException.class, () -> LocalPorts.checkFree(port, "--port")).exitCode());
        }
    }
}
