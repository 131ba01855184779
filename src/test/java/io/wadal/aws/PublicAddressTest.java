package io.wadal.aws;

import com.sun.net.httpserver.HttpServer;
import io.wadal.error.WadalException;
import io.wadal.testing.CheckIpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caller's public address: only one plain unicast IPv4 address is believed; the lookup gives up after its timeout. */
class PublicAddressTest {
    @Test
    void oneAddressWithWhiteSpaceAroundIsTheAnswer() {
        assertEquals(Optional.of("203.0.113.9"), PublicAddress.ipv4("203.0.113.9\n"));
        assertEquals(Optional.of("8.8.8.8"), PublicAddress.ipv4("  8.8.8.8\r\n"));
    }

    @Test
    void anythingElseIsNot() {
        for (String bad : new String[] {"", "\n", "203.0.113", "203.0.113.9.1", "203.0.113.256", "203.0.113.09", "203.0.113.9/32",
                "203.0.113.9 198.51.100.7", "203.0.113.9\n198.51.100.7", "<b>203.0.113.9</b>", "::1", "2001:db8::1",
                "0.0.0.0", "127.0.0.1", "169.254.169.254", "224.0.0.1", "255.255.255.255", "example.com"}) {
            assertEquals(Optional.empty(), PublicAddress.ipv4(bad), bad);
        }
    }

    @Test
    void theLookupAsksTheUrlAndRefusesGarbage() {
        try (CheckIpServer server = new CheckIpServer("203.0.113.9\n")) {
            PublicAddress lookup = PublicAddress.of(server.url());
            assertEquals("203.0.113.9", lookup.lookUp());
            server.answer("x".repeat(10_000));
            WadalException e = assertThrows(WadalException.class, lookup::lookUp);
            assertEquals("cannot find this machine's public IPv4 address: GET " + server.url()
                    + " failed: the answer is not one IPv4 address (over 64 bytes)", e.getMessage());
            server.answer("\u001b]0;owned\u0007 1.2.3.4");
            assertTrue(assertThrows(WadalException.class, lookup::lookUp).getMessage().endsWith("('??0?owned? 1.2.3.4')"));
        }
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpOnAfterTheTimeout() throws Exception {
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CountDownLatch release = new CountDownLatch(1);
        silent.createContext("/", exchange -> {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            PublicAddress lookup = new PublicAddress(URI.create("http://127.0.0.1:" + silent.getAddress().getPort() + "/"),
                    Duration.ofMillis(300));
            WadalException e = assertThrows(WadalException.class, lookup::lookUp);
            assertTrue(e.getMessage().endsWith("failed: no answer within 300ms"), e.getMessage());
        } finally {
            release.countDown();
            silent.stop(0);
        }
    }

    @Test
    void aClosedPortIsARefusedConnection() {
        WadalException e = assertThrows(WadalException.class,
                () -> new PublicAddress(URI.create("http://127.0.0.1:9/"), Duration.ofSeconds(2)).lookUp());
        assertTrue(e.getMessage().endsWith("GET http://127.0.0.1:9/ failed: connection refused"), e.getMessage());
    }

    @Test
    void theDefaultIsCheckipAndTheOverrideMustBeAUrl() {
        assertEquals(URI.create("https://checkip.amazonaws.com"), PublicAddress.of(null).url());
        assertEquals(2, assertThrows(WadalException.class, () -> PublicAddress.of("file:///etc/passwd")).exitCode());
        assertEquals(2, assertThrows(WadalException.class, () -> PublicAddress.of("not a url")).exitCode());
    }
}
