package io.wadal.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wadal.ssh.RemoteShell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    private JupyterServers() {
    }

    public static List<JupyterServer> list(RemoteShell master) {
        return parse(master.run(LIST_COMMAND, null).out());
    }

    /** The server listening on this port, if one runs. */
    public static Optional<JupyterServer> onPort(RemoteShell master, int port) {
        return list(master).stream().filter(s -> s.port() == port).findFirst();
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
