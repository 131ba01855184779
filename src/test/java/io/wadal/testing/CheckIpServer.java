package io.wadal.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for https://checkip.amazonaws.com on loopback: answers every GET with the text it
 * is given (an address, or garbage), so no test asks the real internet. Point wadal at it with
 * {@link #env()}.
 */
public final class CheckIpServer implements AutoCloseable {
    /** The address {@link MotoServer#env()}'s shared stand-in answers (TEST-NET-3). */
    public static final String DEFAULT_ADDRESS = "203.0.113.9";
    private static CheckIpServer shared;

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String answer;
    private volatile int status = 200;

    public CheckIpServer(String answer) {
        this.answer = answer;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = this.answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** One per test JVM, answering {@link #DEFAULT_ADDRESS} forever. */
    public static synchronized CheckIpServer shared() {
        if (shared == null) {
            shared = new CheckIpServer(DEFAULT_ADDRESS + "\n");
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** What the next GETs get. */
    public CheckIpServer answer(String text) {
        this.answer = text;
        return this;
    }

    public CheckIpServer status(int code) {
        this.status = code;
        return this;
    }

    public int requests() {
        return requests.get();
    }

    public java.util.Map<String, String> env() {
        return java.util.Map.of("WADAL_CHECKIP_URL", url());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
