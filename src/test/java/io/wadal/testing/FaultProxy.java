package io.wadal.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of the AWS emulator that breaks chosen calls on purpose: the call is
 * forwarded (so the emulator processes it), then, per rule, the client gets a 500, a closed
 * connection, or no answer until it gives up. Every connection answers one request and closes.
 * Calls are named by their operation (X-Amz-Target's or the query protocol's Action).
 */
public final class FaultProxy implements AutoCloseable {
    public enum Fault {
        /** forward, then answer 500 InternalFailure instead of the emulator's answer */
        ERROR_500_AFTER,
        /** forward, then close the connection without a byte of answer */
        CLOSE_AFTER,
        /** forward, then hold the answer until the client closes the connection (its timeout) */
        HANG_AFTER,
        /** answer 500 without forwarding: the emulator never sees the call */
        ERROR_500_BEFORE,
        /** answer 400 ValidationException without forwarding, as EMR refusing a request */
        ERROR_400_BEFORE,
        /** answer 400 ThrottlingException without forwarding, as EMR over its request rate */
        THROTTLED_BEFORE
    }

    private final URI target;
    private final ServerSocket server;
    private final Map<String, List<Fault>> rules = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> held = new ConcurrentHashMap<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public FaultProxy(String targetEndpoint) throws IOException {
        this.target = URI.create(targetEndpoint);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::acceptLoop, "fault-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The next calls of the operation get these faults, one each, in order; later calls pass. */
    public FaultProxy fail(String operation, Fault... faults) {
        rules.computeIfAbsent(operation, k -> new CopyOnWriteArrayList<>()).addAll(List.of(faults));
        return this;
    }

    /** How many calls of the operation reached the proxy (and so the emulator). */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            Request request = Request.read(in);
            if (request == null) {
                return;
            }
            String operation = request.operation();
            calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            Fault fault = nextFault(operation);
            OutputStream out = client.getOutputStream();
            if (fault == Fault.ERROR_500_BEFORE) {
                out.write(error(500, "Internal Server Error", "InternalFailure"));
                out.flush();
                return;
            }
            if (fault == Fault.ERROR_400_BEFORE || fault == Fault.THROTTLED_BEFORE) {
                out.write(error(400, "Bad Request", fault == Fault.THROTTLED_BEFORE ? "ThrottlingException" : "ValidationException"));
                out.flush();
                return;
            }
            byte[] answer = forward(request);
            if (fault == null) {
                out.write(answer);
            } else if (fault == Fault.ERROR_500_AFTER) {
                out.write(error(500, "Internal Server Error", "InternalFailure"));
            } else if (fault == Fault.HANG_AFTER) {
                held(operation).release();
                // A real socket event, not a sleep: the client's timeout closing its end.
                while (in.read() >= 0) {
                    // discard
                }
            }
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing to answer
        } finally {
            open.remove(client);
        }
    }

    /** Waits until a call of the operation was processed by the emulator and is being held (HANG_AFTER). */
    public boolean awaitHeld(String operation, long seconds) throws InterruptedException {
        return held(operation).tryAcquire(seconds, TimeUnit.SECONDS);
    }

    private Semaphore held(String operation) {
        return held.computeIfAbsent(operation, k -> new Semaphore(0));
    }

    private static byte[] error(int status, String reason, String type) {
        byte[] body = ("{\"__type\":\"" + type + "\",\"message\":\"injected by FaultProxy\"}").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "x-amzn-ErrorType: " + type + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(body);
        return b.toByteArray();
    }

    private Fault nextFault(String operation) {
        List<Fault> faults = rules.get(operation);
        if (faults == null) {
            return null;
        }
        synchronized (faults) {
            return faults.isEmpty() ? null : faults.remove(0);
        }
    }

    private byte[] forward(Request request) throws IOException {
        try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
            OutputStream up = upstream.getOutputStream();
            up.write(request.withConnectionClose());
            up.flush();
            return upstream.getInputStream().readAllBytes();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }

    /** One HTTP/1.1 request with a Content-Length body (what the SDK sends). */
    private record Request(String head, List<String> headers, byte[] body) {
        static Request read(InputStream in) throws IOException {
            String requestLine = line(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return null;
            }
            List<String> headers = new ArrayList<>();
            int length = 0;
            for (String h; (h = line(in)) != null && !h.isEmpty(); ) {
                headers.add(h);
                if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(h.indexOf(':') + 1).trim());
                }
            }
            return new Request(requestLine, headers, in.readNBytes(length));
        }

        String operation() {
            for (String h : headers) {
                if (h.toLowerCase(Locale.ROOT).startsWith("x-amz-target:")) {
                    String v = h.substring(h.indexOf(':') + 1).trim();
                    return v.substring(v.lastIndexOf('.') + 1);
                }
            }
            String form = new String(body, StandardCharsets.UTF_8);
            for (String kv : form.split("&")) {
                if (kv.startsWith("Action=")) {
                    return kv.substring("Action=".length());
                }
            }
            return "?";
        }

        byte[] withConnectionClose() {
            StringBuilder s = new StringBuilder(head).append("\r\n");
            for (String h : headers) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (!lower.startsWith("connection:") && !lower.startsWith("expect:")) {
                    s.append(h).append("\r\n");
                }
            }
            s.append("Connection: close\r\n\r\n");
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(s.toString().getBytes(StandardCharsets.ISO_8859_1));
            b.writeBytes(body);
            return b.toByteArray();
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c; (c = in.read()) >= 0; ) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
