package io.wadal.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wadal.console.TerminalText;
import io.wadal.error.WadalException;
import io.wadal.ssh.RemoteShell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Jupyter servers running on the master, read over SSH from {@code jupyter server list --json}
 * and {@code jupyter notebook list --json} (Jupyter Server 2 / JupyterLab, and the classic
 * notebook 6, print one JSON object per server; whichever command exists answers). The two run
 * side by side: each is a Python start-up of a few hundred milliseconds on the master.
 */
public final class JupyterServers {
    static final String LIST_COMMAND = "d=$(mktemp -d) || exit 1; "
            + "jupyter server list --json >\"$d/server\" 2>/dev/null & "
            + "jupyter notebook list --json >\"$d/notebook\" 2>/dev/null; wait; "
            + "cat \"$d/server\" \"$d/notebook\"; rm -rf \"$d\"";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Empty: a server without a token (the URL then has none). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~-]*");
    private static final Pattern BASE_URL = Pattern.compile("/[A-Za-z0-9._~%/-]*");

    private JupyterServers() {
    }

    /** Every server the master lists; exit 1 when one of them has a malformed token or base URL. */
    public static List<JupyterServer> list(RemoteShell master) {
        return parse(master.run(LIST_COMMAND, null).out()).stream().map(JupyterServers::checked).toList();
    }

    /** The server listening on this port, if one runs; exit 1 when its token or base URL is malformed. */
    public static Optional<JupyterServer> onPort(RemoteShell master, int port) {
        return parse(master.run(LIST_COMMAND, null).out()).stream().filter(s -> s.port() == port).findFirst()
                .map(JupyterServers::checked);
    }

    /**
     * The token and base URL come from the master and go into the URL wadal prints and opens, and
     * the token into a request header: only characters that need no escaping anywhere pass.
     */
    static JupyterServer checked(JupyterServer server) {
        if (!TOKEN.matcher(server.token()).matches()) {
            throw WadalException.failed("the master sent a malformed Jupyter token (for the server on port " + server.port()
                    + "); it was not used: stop that Jupyter on the master ('wadal ssh') and let 'wadal jupyter' start a new one");
        }
        if (!BASE_URL.matcher(server.baseUrl()).matches()) {
            throw WadalException.failed("the master sent a malformed Jupyter base URL \"" + TerminalText.line(server.baseUrl())
                    + "\" (for the server on port " + server.port() + "); it was not used");
        }
        return server;
    }

    /** Parses the list commands' output; lines that are not server objects are skipped. */
    static List<JupyterServer> parse(String output) {
        List<JupyterServer> servers = new ArrayList<>();
        for (String line : output.split("\n")) {
            line = line.strip();
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                if (!n.path("port").canConvertToInt()) {
                    continue;
                }
                JupyterServer s = new JupyterServer(n.path("port").asInt(), n.path("token").asText(""),
                        n.path("base_url").asText("/"), n.path("hostname").asText(""), n.path("pid").asLong(0));
                if (servers.stream().noneMatch(o -> o.port() == s.port())) {
                    servers.add(s);
                }
            } catch (IOException e) {
                // not JSON: a warning line some Jupyter versions print
            }
        }
        return servers;
    }
}
