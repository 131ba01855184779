package io.wadal.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of the AWS emulator that answers one operation (by its X-Amz-Target,
 * e.g. {@code ElasticMapReduce.DescribeCluster}) with a fault instead of forwarding it: for the
 * next N calls, or until an instant of the test's clock (a FakeTime, so the fault lasts as long
 * as the waits that sleep on it). Everything else goes through unchanged. Point wadal at
 * {@link #endpoint()} instead of the emulator's.
 */
public final class ThrottlingProxy implements AutoCloseable {
    /** What a faulted call is answered with, as AWS's JSON protocols write it. */
    public enum Fault {
        THROTTLING(400, "ThrottlingException", "Rate exceeded"),
        TOO_MANY_REQUESTS(429, "TooManyRequestsException", "Too many requests"),
        UNAVAILABLE(503, "ServiceUnavailable", "Service is unavailable"),
        ACCESS_DENIED(400, "AccessDeniedException", "User is not authorized to perform: elasticmapreduce:DescribeCluster");

        final int status;
        final String code;
        final String message;

        Fault(int status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final String upstream;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger faulted = new AtomicInteger();
    private final AtomicInteger seen = new AtomicInteger();
    private final Map<String, AtomicInteger> byOperation = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String target;
    private volatile Fault fault;
    private volatile int remaining;
    private volatile Clock clock;
    private volatile Instant until;

    private ThrottlingProxy(String upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "throttling-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static ThrottlingProxy to(String upstream) throws IOException {
        return new ThrottlingProxy(upstream);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next {@code count} calls of the operation with the fault. */
    public synchronized ThrottlingProxy fail(String operation, Fault f, int count) {
        target = operation;
        fault = f;
        remaining = count;
        until = null;
        return this;
    }

    /** Answers every call of the operation with the fault while the clock is before {@code end}. */
    public synchronized ThrottlingProxy failUntil(String operation, Fault f, Clock c, Instant end) {
        target = operation;
        fault = f;
        remaining = 0;
        clock = c;
        until = end;
        return this;
    }

    /** How many calls were answered with a fault. */
    public int faulted() {
        return faulted.get();
    }

    /** How many calls of the faulted operation arrived, faulted or forwarded. */
    public int calls() {
        return seen.get();
    }

    /** How many calls of this operation arrived (e.g. {@code ElasticMapReduce.DescribeCluster}), whatever was armed. */
    public int calls(String operation) {
        AtomicInteger n = byOperation.get(operation);
        return n == null ? 0 : n.get();
    }

    private synchronized boolean faultThis(String operation) {
        if (operation != null) {
            byOperation.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        }
        if (operation == null || !operation.equals(target)) {
            return false;
        }
        seen.incrementAndGet();
        if (until != null) {
            return clock.instant().isBefore(until);
        }
        if (remaining > 0) {
            remaining--;
            return true;
        }
        return false;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Fault f = fault;
            if (faultThis(ex.getRequestHeaders().getFirst("X-Amz-Target"))) {
                faulted.incrementAndGet();
                byte[] error = ("{\"__type\":\"" + f.code + "\",\"message\":\"" + f.message + "\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                ex.getResponseHeaders().add("x-amzn-ErrorType", f.code);
                ex.sendResponseHeaders(f.status, error.length);
                ex.getResponseBody().write(error);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (!NOT_FORWARDED.contains(h.getKey().toLowerCase())) {
                    h.getValue().forEach(v -> request.header(h.getKey(), v));
                }
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((k, vs) -> {
                if (!NOT_FORWARDED.contains(k.toLowerCase()) && !k.startsWith(":")) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            byte[] answer = response.body();
            ex.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
