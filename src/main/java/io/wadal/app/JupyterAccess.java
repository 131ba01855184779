package io.wadal.app;

import io.wadal.app.Invocation;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.console.CtrlC;
import io.wadal.jupyter.JupyterServer;
import io.wadal.jupyter.JupyterServers;
import io.wadal.profile.Profile;
import io.wadal.workspace.WorkspaceSpec;
import io.wadal.ssh.LocalPorts;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.Tunnels;
import io.wadal.state.ClusterRecord;

import java.io.PrintWriter;

/**
 * Reaches the Jupyter on the master for {@code jupyter}, {@code url} and {@code create --jupyter}:
 * reads its token over SSH, then prints the URL, opens the browser, and holds the tunnel.
 * The token appears in the URL on stdout and nowhere else.
 */
public final class JupyterAccess {
    private final Invocation ws;

    public JupyterAccess(Invocation ws) {
        this.ws = ws;
    }

    static final String LOCAL_PORT_OPTION = "--local-port";

    /** How the user wants to reach Jupyter. localPort null: JUPYTER_PORT or the next free port above it. */
    public record Mode(boolean direct, boolean urlOnly, boolean noBrowser, Integer localPort) {
        public static Mode defaults() {
            return new Mode(false, false, false, null);
        }
    }


    public int open(String name, Mode mode) {
        Profile p = ws.profile(name);
        ws.record(name);
        // The workspace may have to be set up: a value the master cannot take is exit 2 before connecting.
        WorkspaceSpec.of(p);
        boolean tunnel = !mode.direct();
        if (mode.localPort() != null) {
            if (!tunnel) {
                throw WadalException.usage(LOCAL_PORT_OPTION + " sets the local end of the tunnel; --direct uses no tunnel");
            }
            if (mode.localPort() < 1 || mode.localPort() > 65535) {
                throw WadalException.usage(LOCAL_PORT_OPTION + " " + mode.localPort() + " is not a port (1-65535)");
            }
            LocalPorts.checkFree(mode.localPort(), LOCAL_PORT_OPTION);
        }
        boolean holds = tunnel && !mode.urlOnly();
        try (CtrlC ctrlC = holds ? CtrlC.interruptsThisThread() : null;
             MinaRemoteShell master = ws.master(name)) {
            JupyterServer server = ws.masterSession().jupyter(name, master);
            if (!tunnel) {
                return direct(name, p, server, mode);
            }
            int preferred = mode.localPort() != null ? mode.localPort() : p.jupyterPort();
            boolean explicit = mode.localPort() != null;
            if (mode.urlOnly()) {
                int port = LocalPorts.bind(preferred, explicit, LOCAL_PORT_OPTION, LocalPorts::probe);
                printUrl(ws.out(), server.url("localhost", port));
                return ExitCodes.OK;
            }
            try (Tunnels.Listener listener = LocalPorts.bind(preferred, explicit, LOCAL_PORT_OPTION,
                    port -> Tunnels.local(master.session(), port, "127.0.0.1", server.port()))) {
                String url = server.url("localhost", listener.port());
                PrintWriter err = ws.err();
                err.println("Tunnel open: localhost:" + listener.port() + " -> the master's Jupyter (port " + server.port()
                        + "). Press Ctrl-C to close it.");
                err.flush();
                printUrl(ws.out(), url);
                browse(url, mode);
                return TunnelHold.hold(master, listener, name, "the tunnel to Jupyter", err);
            }
        }
    }

    private int direct(String name, Profile p, JupyterServer server, Mode mode) {
        String host = p.masterHost().orElseGet(() -> ws.store().find(name).map(ClusterRecord::masterHost).orElse(null));
        if (host == null) {
            throw WadalException.failed("the master's host name is not known yet; run 'wadal wait-ready " + name + "'");
        }
        if (!p.jupyterPublic()) {
            ws.warnings().accept("Jupyter listens only on the master's loopback (JUPYTER_PUBLIC is not true), so this URL "
                    + "works only on the master itself; leave out --direct to reach it through an SSH tunnel");
        }
        String url = server.url(host, server.port());
        printUrl(ws.out(), url);
        if (!mode.urlOnly()) {
            browse(url, mode);
        }
        return ExitCodes.OK;
    }

    private void browse(String url, Mode mode) {
        PrintWriter err = ws.err();
        if (mode.noBrowser()) {
            err.println("Open the URL above in your browser.");
        } else if (ws.context().browser().open(url)) {
            err.println("Opened Jupyter in your browser.");
        } else {
            err.println("Could not open a browser here; open the URL above yourself.");
        }
        err.flush();
    }

    private static void printUrl(PrintWriter out, String url) {
        out.println(url);
        out.flush();
    }
}
