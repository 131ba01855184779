package io.wadal.cli;

import io.wadal.app.TunnelHold;
import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.WadalException;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.console.CtrlC;
import io.wadal.emr.MasterWebUis;
import io.wadal.emr.MasterWebUis.WebUi;
import io.wadal.profile.Profile;
import io.wadal.ssh.LocalPorts;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.Tunnels;
import io.wadal.state.ClusterRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "tunnel", mixinStandardHelpOptions = true,
        description = {"Run a SOCKS5 proxy on localhost through the master (as 'ssh -D') until Ctrl-C.",
                "It reaches the cluster's web interfaces: YARN, the Spark history server, HDFS, Ganglia.",
                "Prints the proxy (socks5://localhost:PORT) and how to point a browser at it.",
                "  wadal tunnel myprof", "  wadal tunnel myprof --port 1080"})
public class TunnelCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 8157;

    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;
    @Option(names = "--port", paramLabel = "N", description = "the proxy's local port (default: " + DEFAULT_PORT + ")")
    int port = DEFAULT_PORT;

    public TunnelCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        String name = ws.profileName();
        Profile p = ws.profile(name);
        ws.record(name);
        if (port < 1 || port > 65535) {
            throw WadalException.usage("--port " + port + " is not a port (1-65535)");
        }
        LocalPorts.checkFree(port, "--port");
        try (CtrlC ctrlC = CtrlC.interruptsThisThread();
             MinaRemoteShell master = ws.master(name);
             Tunnels.Listener proxy = LocalPorts.bind(port, true, "--port", n -> Tunnels.socks(master.session(), n))) {
            String host = masterName(ws, master, name, p);
            ws.out().println("socks5://localhost:" + proxy.port());
            ws.out().flush();
            guide(ws.err(), proxy.port(), host, p);
            return TunnelHold.hold(master, proxy, name, "the SOCKS proxy", ws.err());
        }
    }

    /** The name the master knows itself by (EMR's private DNS name), which the web UIs' own links use. */
    private static String masterName(Invocation ws, MinaRemoteShell master, String name, Profile p) {
        ExecResult r = master.run("hostname -f", null);
        String own = r.out().strip();
        if (r.ok() && !own.isEmpty() && !own.contains(" ")) {
            return own;
        }
        return p.masterHost().orElseGet(() -> ws.store().find(name).map(ClusterRecord::masterHost).orElse("localhost"));
    }

    private static void guide(PrintWriter err, int port, String host, Profile p) {
        err.println("SOCKS proxy on localhost:" + port + " through the master. Press Ctrl-C to close it.");
        err.println("Point a browser at it (host names are resolved by the master):");
        err.println("  Chrome/Chromium: start a separate one with");
        err.println("    google-chrome --user-data-dir=\"$HOME/.wadal-chrome\" --proxy-server=socks5://localhost:" + port);
        err.println("  Firefox: Settings > Network Settings > Manual proxy: SOCKS Host localhost, Port " + port
                + ", SOCKS v5, and 'Proxy DNS when using SOCKS v5'");
        err.println("  FoxyProxy: a SOCKS5 proxy localhost:" + port + " for the URL patterns *" + host
                + "*, *ec2*.amazonaws.com*, *.ec2.internal*, *.compute.internal*, http://10.*");
        err.println("The cluster's web interfaces:");
        for (WebUi ui : MasterWebUis.of(host, p.applications(), p.emrVersion())) {
            err.printf("  %-22s %s%n", ui.name(), ui.url());
        }
        err.flush();
    }
}
