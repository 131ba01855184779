package io.wadal.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A real git server over HTTP for tests: the JDK's HttpServer on 127.0.0.1 running
 * {@code git http-backend} as a CGI program over bare repositories made with the git command
 * line, behind HTTP basic authentication. Wrong or missing credentials get 401 with
 * {@code WWW-Authenticate}, as GitHub and GitLab answer. Clone URLs are
 * {@code http://127.0.0.1:PORT/<name>.git}. Close it to stop it and delete its repositories.
 */
public final class GitHttpServer implements AutoCloseable {
    private final Path root;
    private final String user;
    private final String password;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "git-http");
        t.setDaemon(true);
        return t;
    });
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private GitHttpServer(Path root, String user, String password) throws IOException {
        this.root = root;
        this.user = user;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /**
     * Starts a server that accepts only {@code user}/{@code password} (both null: no authentication).
     */
    public static GitHttpServer start(String user, String password) throws IOException {
        return new GitHttpServer(Files.createTempDirectory("wadal-git-http"), user, password);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The clone URL of a repository, without credentials. */
    public String url(String name) {
        return "http://127.0.0.1:" + port() + "/" + name + ".git";
    }

    /** The bare repository behind {@link #url(String)}. */
    public Path bare(String name) {
        return root.resolve(name + ".git");
    }

    /**
     * A bare repository {@code <name>.git} whose default branch {@code main} holds README.md, and
     * one more branch per name given, each with a commit of its own adding {@code <branch>.txt}.
     */
    public Path createRepo(String name, String... branches) throws IOException {
        Path bare = bare(name);
        Path work = Files.createTempDirectory(root, "work-");
        GitRepos.cloneWithUpstream(bare, work.resolve("clone"));
        Path clone = work.resolve("clone");
        for (String branch : branches) {
            GitRepos.git(clone, "checkout", "-q", "-b", branch, "main");
            GitRepos.commitFile(clone, branch + ".txt", branch + "\n", "on " + branch);
            GitRepos.git(clone, "push", "-q", "origin", branch);
        }
        GitRepos.git(bare, "config", "http.receivepack", "true");
        delete(work);
        return bare;
    }

    /** Every request so far, oldest first: {@code METHOD path?query user} (user {@code -} when none was accepted). */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * How many clones, fetches and pulls the server served: each begins with one authorized
     * {@code GET …/info/refs?service=git-upload-pack} (then one or more POSTs, by protocol version).
     */
    public long fetches() {
        return requests().stream()
                .filter(r -> r.startsWith("GET ") && r.contains("/info/refs?service=git-upload-pack ") && !r.endsWith(" -"))
                .count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String remoteUser = authorized(exchange);
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query) + " "
                    + (remoteUser == null ? "-" : remoteUser));
            if (user != null && remoteUser == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"wadal test git\"");
                byte[] body = "Authentication required\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            cgi(exchange, path, query, remoteUser);
        }
    }

    /** The user whose credentials are right; null when none (or wrong) were given. */
    private String authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (user == null || header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        return decoded.equals(user + ":" + password) ? user : null;
    }

    private void cgi(HttpExchange exchange, String path, String query, String remoteUser) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", path);
        env.put("QUERY_STRING", query == null ? "" : query);
        env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
        if (remoteUser != null) {
            env.put("REMOTE_USER", remoteUser);
            env.put("AUTH_TYPE", "Basic");
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            env.put("CONTENT_TYPE", contentType);
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            env.put("CONTENT_LENGTH", length);
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        // The body goes in on its own thread: http-backend may answer before it has read it all.
        pool.execute(() -> {
            try (InputStream body = exchange.getRequestBody(); OutputStream in = p.getOutputStream()) {
                body.transferTo(in);
            } catch (IOException e) {
                // http-backend closed its stdin early; its answer says why
            }
        });
        try (InputStream out = p.getInputStream()) {
            int status = 200;
            for (String line; !(line = headerLine(out)).isEmpty(); ) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ")[0]);
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                out.transferTo(body);
            }
        } finally {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One CGI header line without its line end (LF or CRLF); empty at the blank line or the end. */
    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1 && b != '\n'; ) {
            line.write(b);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        delete(root);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
