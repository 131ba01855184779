package io.wadal.workspace;

import io.wadal.jupyter.JupyterServer;
import io.wadal.shell.ShellQuote;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;

/**
 * Asks Jupyter on the master itself whether it answers: {@code GET /api/status} on 127.0.0.1
 * with its token, by python3 (curl where there is no python3). The token travels on the
 * command's stdin as the Authorization header, never on its command line.
 */
final class JupyterProbe {
    private static final String PYTHON = String.join("\n",
            "import sys, urllib.request as u",
            "header = sys.stdin.readline().rstrip('\\r\\n').split(': ', 1)",
            "req = u.Request(sys.argv[1], headers={header[0]: header[1]})",
            "try:",
            "    print(u.build_opener(u.ProxyHandler({})).open(req, timeout=10).status)",
            "except u.HTTPError as e:",
            "    print(e.code)",
            "except Exception as e:",
            "    print(0)",
            "    sys.stderr.write(str(e) + '\\n')");

    private JupyterProbe() {
    }

    /** The HTTP status of {@code api/status} with the server's token (200: ready), 0 when nothing answered. */
    static int status(RemoteShell master, JupyterServer server) {
        String url = "http://127.0.0.1:" + server.port() + server.baseUrl() + "api/status";
        ExecResult r = master.run(command(url), "Authorization: token " + server.token() + "\n");
        try {
            return Integer.parseInt(r.out().strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String command(String url) {
        String q = ShellQuote.quote(url);
        return "if command -v python3 >/dev/null 2>&1; then python3 -c " + ShellQuote.quote(PYTHON) + " " + q
                + "; else curl -s -o /dev/null --max-time 10 -w '%{http_code}' -H @- " + q + "; fi";
    }
}
