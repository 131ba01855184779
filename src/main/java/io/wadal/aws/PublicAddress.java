package io.wadal.aws;

import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This machine's public IPv4 address, as AWS sees it: an HTTPS GET of checkip.amazonaws.com
 * (or of {@value #ENV}, for tests). The answer is not trusted: it must be one unicast IPv4
 * address, else the lookup fails.
 */
public final class PublicAddress {
    /** Environment variable naming another URL to ask (a test server). */
    public static final String ENV = "WADAL_CHECKIP_URL";
    public static final URI DEFAULT = URI.create("https://checkip.amazonaws.com");
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ANSWER = 64;
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);

    private final URI url;
    private final Duration timeout;

    public PublicAddress(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
    }

    /** The default URL, or the one {@value #ENV} names (null: unset). */
    public static PublicAddress of(String override) {
        if (override == null || override.isBlank()) {
            return new PublicAddress(DEFAULT, TIMEOUT);
        }
        URI u;
        try {
            u = URI.create(override.trim());
        } catch (IllegalArgumentException e) {
            throw WadalException.usage(ENV + " is not a URL: " + override);
        }
        if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
            throw WadalException.usage(ENV + " is not an http(s) URL: " + override);
        }
        return new PublicAddress(u, TIMEOUT);
    }

    public URI url() {
        return url;
    }

    /** The address, e.g. {@code 203.0.113.9}; a {@link Failed} saying why when there is none. */
    public String lookUp() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", "wadal").GET().build();
        byte[] body;
        try {
            HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_ANSWER + 1);
            }
            if (r.statusCode() != 200) {
                throw new Failed(url, "HTTP " + r.statusCode());
            }
        } catch (HttpTimeoutException e) {
            throw new Failed(url, "no answer within " + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s"
                    : timeout.toMillis() + "ms"));
        } catch (ConnectException e) {
            // java.net.http's refusal carries no message, only a closed channel as its cause
            throw new Failed(url, "connection refused");
        } catch (IOException e) {
            throw new Failed(url, ExceptionText.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed(url, "interrupted");
        }
        String answer = new String(body, StandardCharsets.US_ASCII);
        return ipv4(answer).orElseThrow(() -> new Failed(url, "the answer is not one IPv4 address ("
                + (body.length > MAX_ANSWER ? "over " + MAX_ANSWER + " bytes" : shown(answer)) + ")"));
    }

    /** The answer's address: one unicast IPv4 address in dotted decimal, with white space around it at most. */
    static Optional<String> ipv4(String answer) {
        String a = answer.strip();
        Matcher m = IPV4.matcher(a);
        if (!m.matches()) {
            return Optional.empty();
        }
        int first = Integer.parseInt(m.group(1));
        int second = Integer.parseInt(m.group(2));
        // this network, loopback, link-local, multicast and reserved: no machine's public address
        boolean special = first == 0 || first == 127 || first >= 224 || first == 169 && second == 254;
        return special ? Optional.empty() : Optional.of(a);
    }

    private static String shown(String answer) {
        String s = answer.strip();
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s).replaceAll("[^A-Za-z0-9.:/ _-]", "?") + "'";
    }

    /** The lookup failed: nothing answered, or not with an address. */
    public static final class Failed extends WadalException {
        Failed(URI url, String why) {
            super(io.wadal.error.ExitCodes.FAILED, "cannot find this machine's public IPv4 address: GET " + url
                    + " failed: " + why);
        }
    }
}
