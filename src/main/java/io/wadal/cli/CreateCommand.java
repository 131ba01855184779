package io.wadal.cli;

import io.wadal.app.ClusterCreation;
import io.wadal.app.ClusterLifecycle;
import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.error.WadalException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Launch the profile's EMR cluster and record it in clusters/. Prints the cluster id.",
                "If the profile's cluster is still alive, says so and launches nothing.",
                "  wadal create myprof --jupyter     (launch, wait, then open Jupyter as 'wadal jupyter myprof')"})
public class CreateCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;
    @Option(names = "--wait", description = "then wait until the cluster and its workspace are ready (as wait-ready)")
    boolean waitReady;
    @Option(names = "--jupyter", description = "then wait until ready and open Jupyter through a tunnel (as 'wadal jupyter'), until Ctrl-C")
    boolean jupyter;
    @Option(names = "--no-browser", description = "with --jupyter: print the URL and hold the tunnel, opening no browser")
    boolean noBrowser;
    @Option(names = "--timeout", paramLabel = "DUR", description = "with --wait: give up after this long (default: 60m)")
    String timeout;

    public CreateCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Duration limit = ClusterLifecycle.parseTimeout(timeout);
        if (noBrowser && !jupyter) {
            throw WadalException.usage("--no-browser goes with --jupyter (create --jupyter --no-browser opens Jupyter without a browser)");
        }
        Invocation ws = target.workspace(ctx);
        return ws.creation().create(ws.profileName(), new ClusterCreation.Then(waitReady || jupyter, jupyter, noBrowser, limit));
    }
}
