package io.wadal.cli;

import io.wadal.WadalException;
import io.wadal.assets.AssetCatalog;
import io.wadal.check.LocalChecks;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterPlanner;
import io.wadal.emr.EmrClusterService;
import io.wadal.profile.Profile;
import io.wadal.state.ClusterRecord;
import io.wadal.ssh.MasterConnector;
import io.wadal.state.ClusterStore;
import io.wadal.workspace.WorkspaceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
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
        Duration limit = WaitReadyCommand.parseTimeout(timeout);
        if (noBrowser && !jupyter) {
            throw WadalException.usage("--no-browser goes with --jupyter (create --jupyter --no-browser opens Jupyter without a browser)");
        }
        waitReady |= jupyter;
        Workspace ws = target.workspace(ctx);
        String name = ws.profileName();
        Profile p = ws.profile(name);
        String region = ws.region(p);
        // Everything that can be wrong with the profile fails here, before any AWS call.
        RunJobFlowRequest request = new ClusterPlanner(ws.home(), new AssetCatalog(ws.home().resolve("assets")),
                ws.warnings()).planForLaunch(p, region);
        LocalChecks.beforeCreate(p);
        // A GIT_REPO wait-ready could not clone fails now, not after the cluster is paid for.
        WorkspaceSpec.of(p);
        if (waitReady) {
            MasterConnector.keyFile(p);
        }
        PrintWriter out = ws.out();
        PrintWriter err = ws.err();
        ClusterStore store = ws.store();
        ClusterRecord record;
        try (ClusterStore.ProfileLock lock = store.lock(name)) {
            Optional<ClusterRecord> existing = store.find(name);
            if (existing.isPresent()) {
                ClusterRecord old = existing.get();
                Optional<ClusterInfo> info = ws.emr(ws.region(old)).describeIfExists(old.id());
                if (info.isPresent() && !info.get().terminated()) {
                    err.println("cluster '" + name + "' already exists (" + old.id() + ")");
                    out.println(old.id());
                    out.flush();
                    return waitReady ? waitThenNext(ws, old, limit, err) : 0;
                }
                err.println("Replacing the record of cluster " + old.id() + " ("
                        + info.map(ClusterInfo::state).orElse("gone") + ").");
            }
            EmrClusterService emr = ws.emr(region);
            String id = emr.launch(request);
            record = new ClusterRecord(id, name, region, p.clusterName(), ctx.clock().instant().toString(), null, null);
            try {
                store.save(record);
            } catch (IOException e) {
                out.println(id);
                out.flush();
                throw WadalException.failed("cluster " + id + " was launched but its record could not be written to "
                        + store.dir() + " (" + e + "); fix that, then run 'wadal clusters --adopt' to record it "
                        + "(it is tagged wadal:profile=" + name + "), or terminate it in the EMR console", e);
            }
        }
        out.println(record.id());
        out.flush();
        err.println("Cluster " + record.id() + " is starting (profile '" + name + "', " + region + ")."
                + (waitReady ? "" : " Next: wadal wait-ready " + name));
        err.flush();
        return waitReady ? waitThenNext(ws, record, limit, err) : 0;
    }

    private int waitThenNext(Workspace ws, ClusterRecord record, Duration limit, PrintWriter err) {
        WaitReadyCommand.waitReady(ws, record, limit, err);
        return jupyter ? JupyterOpener.open(ws, record.profile(), new JupyterOpener.Mode(false, false, noBrowser, null)) : 0;
    }
}
