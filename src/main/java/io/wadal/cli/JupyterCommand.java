package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.JupyterAccess;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.profile.ProfileKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "jupyter", mixinStandardHelpOptions = true,
        description = {"Open the master's Jupyter in your browser through an SSH tunnel.",
                "Reads Jupyter's token on the master, forwards localhost:N to Jupyter's port there (" + ProfileKey.Names.JUPYTER_PORT + "; "
                        + "N is the same port, or the next free one), prints the URL and opens the browser, then "
                        + "holds the tunnel until Ctrl-C.",
                "  wadal jupyter myprof", "  wadal jupyter myprof --no-browser --local-port 9000",
                "  wadal jupyter myprof -u        (print the URL only)"})
public class JupyterCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;
    @Option(names = "--direct", description = "no tunnel: use http://<master>:<port> (works from elsewhere only when " + ProfileKey.Names.JUPYTER_PUBLIC + "=true)")
    boolean direct;
    @Option(names = {"-u", "--url-only"}, description = "print the URL and exit, opening nothing")
    boolean urlOnly;
    @Option(names = "--no-browser", description = "print the URL but do not open a browser")
    boolean noBrowser;
    @Option(names = "--local-port", paramLabel = "N", description = "the tunnel's local port (default: " + ProfileKey.Names.JUPYTER_PORT + ", or the next free one)")
    Integer localPort;

    public JupyterCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        return ws.jupyter().open(ws.profileName(), new JupyterAccess.Mode(direct, urlOnly, noBrowser, localPort));
    }
}
