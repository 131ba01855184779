package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
        return ws.socksProxy().open(ws.profileName(), port);
    }
}
