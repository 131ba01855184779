package io.wadal.app;

import io.wadal.console.BrowserLauncher;
import io.wadal.console.CtrlC;
import io.wadal.console.Ui;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.jupyter.JupyterServer;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.ssh.LocalPorts;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.Tunnels;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.workspace.WorkspaceSpec;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reaches the Jupyter on the master for {@code jupyter}, {@code url} and {@code create --jupyter}:
 * reads its token over SSH, then prints the URL, opens the browser, and holds the tunnel.
 * The token appears in the URL on stdout and nowhere else.
 */
public final class JupyterAccess {
    static final String LOCAL_PORT_OPTION = "--local-port";

    /** How the user wants to reach Jupyter. localPort null: JUPYTER_PORT or the next free port above it. */
    public record Mode(boolean direct, boolean urlOnly, boolean noBrowser, Integer localPort) {
        public static Mode defaults() {
            return new Mode(false, false, false, null);
        }
    }

    private final Function<String, Profile> profiles;
    private final Function<String, ClusterRecord> records;
    private final Supplier<ClusterStore> store;
    private final MasterSession master;
    private final TunnelHold hold;
    private final BrowserLauncher browser;
    private final Ui ui;

    public JupyterAccess(Function<String, Profile> profiles, Function<String, ClusterRecord> records,
                         Supplier<ClusterStore> store, MasterSession master, TunnelHold hold,
                         BrowserLauncher browser, Ui ui) {
        this.profiles = profiles;
        this.records = records;
        this.store = store;
        this.master = master;
        this.hold = hold;
        this.browser = browser;
        this.ui = ui;
    }

    /** Prints the URL (stdout), opens the browser unless told not to, and holds the tunnel unless there is none. */
    public int open(String name, Mode mode) {
        Profile p = profiles.apply(name);
        records.apply(name);
        // The workspace may have to be set up: a value the master cannot take is exit 2 before connecting.
        WorkspaceSpec.of(p);
        boolean tunnel = !mode.direct();
        if (!tunnel && p.proxyJump().isPresent() && !mode.urlOnly()) {
            throw WadalException.usage("--direct gives your browser the master's own address, which this machine reaches only "
                    + "through the jump host (" + ProfileKey.SSH_PROXY_JUMP + "): leave out --direct, and the SSH tunnel to Jupyter "
                    + "goes through the jump host");
        }
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
             MinaRemoteShell shell = master.connect(name)) {
            JupyterServer server = master.jupyter(name, shell);
            if (!tunnel) {
                return direct(name, p, server, mode);
            }
            int preferred = mode.localPort() != null ? mode.localPort() : p.jupyterPort();
            boolean explicit = mode.localPort() != null;
            if (mode.urlOnly()) {
                int port = LocalPorts.bind(preferred, explicit, LOCAL_PORT_OPTION, LocalPorts::probe);
                ui.result(server.url("localhost", port));
                return ExitCodes.OK;
            }
            try (Tunnels.Listener listener = LocalPorts.bind(preferred, explicit, LOCAL_PORT_OPTION,
                    port -> Tunnels.local(shell.session(), port, "127.0.0.1", server.port()))) {
                String url = server.url("localhost", listener.port());
                ui.info("Tunnel open: localhost:" + listener.port() + " -> the master's Jupyter (port " + server.port()
                        + "). Press Ctrl-C to close it.");
                ui.result(url);
                browse(url, mode);
                return hold.hold(shell, listener, name, "the tunnel to Jupyter");
            }
        }
    }

    private int direct(String name, Profile p, JupyterServer server, Mode mode) {
        String host = p.masterHost().orElseGet(() -> store.get().find(name).map(ClusterRecord::masterHost).orElse(null));
        if (host == null) {
            throw WadalException.failed("the master's host name is not known yet; run 'wadal wait-ready " + name + "'");
        }
        if (p.proxyJump().isPresent()) {
            ui.warn("this is the master's own address, which this machine reaches only through the jump host ("
                    + ProfileKey.SSH_PROXY_JUMP + "); 'wadal jupyter " + name + "' opens Jupyter through an SSH tunnel that goes through it");
        } else if (!p.jupyterPublic()) {
            ui.warn("Jupyter listens only on the master's loopback (" + ProfileKey.JUPYTER_PUBLIC + " is not true), so this URL "
                    + "works only on the master itself; leave out --direct to reach it through an SSH tunnel");
        }
        String url = server.url(host, server.port());
        ui.result(url);
        if (!mode.urlOnly()) {
            browse(url, mode);
        }
        return ExitCodes.OK;
    }

    private void browse(String url, Mode mode) {
        if (mode.noBrowser()) {
            ui.info("Open the URL above in your browser.");
        } else if (browser.open(url)) {
            ui.info("Opened Jupyter in your browser.");
        } else {
            ui.info("Could not open a browser here; open the URL above yourself.");
        }
    }
}
