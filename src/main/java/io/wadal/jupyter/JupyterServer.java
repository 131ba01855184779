package io.wadal.jupyter;

/**
 * One running Jupyter server as {@code jupyter server list --json} (or {@code notebook list})
 * describes it on the master. The token is a credential: never log or print it except in the URL
 * the user asked for.
 */
public record JupyterServer(int port, String token, String baseUrl, String hostname, long pid) {
    public JupyterServer {
        baseUrl = baseUrl == null || baseUrl.isEmpty() ? "/" : baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        token = token == null ? "" : token;
    }

    /** The browser URL on {@code host:localPort} (a tunnel's end, or the master itself). */
    public String url(String host, int localPort) {
        String base = "http://" + host + ":" + localPort + baseUrl;
        return token.isEmpty() ? base : base + "?token=" + token;
    }

    @Override
    public String toString() {
        return "JupyterServer[port=" + port + ", baseUrl=" + baseUrl + ", pid=" + pid + ", token=****]";
    }
}
