package io.wadal.app;

import io.wadal.console.CtrlC;
import io.wadal.console.Ui;
import io.wadal.emr.MasterWebUis.WebUi;
import io.wadal.emr.MasterWebUis;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.ssh.LocalPorts;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.Tunnels;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;

import java.util.function.Function;
import java.util.function.Supplier;

/** {@code tunnel}: a SOCKS5 proxy on localhost through the master (as 'ssh -D'), held until Ctrl-C. */
public final class SocksProxy {
    private final Function<String, Profile> profiles;
    private final Function<String, ClusterRecord> records;
    private final Supplier<ClusterStore> store;
    private final MasterSession master;
    private final TunnelHold hold;
    private final Ui ui;

    public SocksProxy(Function<String, Profile> profiles, Function<String, ClusterRecord> records,
                      Supplier<ClusterStore> store, MasterSession master, TunnelHold hold, Ui ui) {
        this.profiles = profiles;
        this.records = records;
        this.store = store;
        this.master = master;
        this.hold = hold;
        this.ui = ui;
    }

    /** Prints the proxy (stdout) and how to point a browser at it (stderr), then holds it. */
    public int open(String name, int port) {
        Profile p = profiles.apply(name);
        records.apply(name);
        if (port < 1 || port > 65535) {
            throw WadalException.usage("--port " + port + " is not a port (1-65535)");
        }
        LocalPorts.checkFree(port, "--port");
        try (CtrlC ctrlC = CtrlC.interruptsThisThread();
             MinaRemoteShell shell = master.connect(name);
             Tunnels.Listener proxy = LocalPorts.bind(port, true, "--port", n -> Tunnels.socks(shell.session(), n))) {
            String host = masterName(shell, name, p);
            ui.result("socks5://localhost:" + proxy.port());
            guide(proxy.port(), host, p);
            return hold.hold(shell, proxy, name, "the SOCKS proxy");
        }
    }

    /** The name the master knows itself by (EMR's private DNS name), which the web UIs' own links use. */
    private String masterName(MinaRemoteShell shell, String name, Profile p) {
        ExecResult r = shell.run("hostname -f", null);
        String own = r.out().strip();
        if (r.ok() && !own.isEmpty() && !own.contains(" ")) {
            return own;
        }
        return p.masterHost().orElseGet(() -> store.get().find(name).map(ClusterRecord::masterHost).orElse("localhost"));
    }

    private void guide(int port, String host, Profile p) {
        ui.info("SOCKS proxy on localhost:" + port + " through the master. Press Ctrl-C to close it.");
        ui.info("Point a browser at it (host names are resolved by the master):");
        ui.info("  Chrome/Chromium: start a separate one with");
        ui.info("    google-chrome --user-data-dir=\"$HOME/.wadal-chrome\" --proxy-server=socks5://localhost:" + port);
        ui.info("  Firefox: Settings > Network Settings > Manual proxy: SOCKS Host localhost, Port " + port
                + ", SOCKS v5, and 'Proxy DNS when using SOCKS v5'");
        ui.info("  FoxyProxy: a SOCKS5 proxy localhost:" + port + " for the URL patterns *" + host
                + "*, *ec2*.amazonaws.com*, *.ec2.internal*, *.compute.internal*, http://10.*");
        ui.info("The cluster's web interfaces:");
        for (WebUi web : MasterWebUis.of(host, p.applications(), p.emrVersion())) {
            ui.info(String.format("  %-22s %s", web.name(), web.url()));
        }
    }
}
