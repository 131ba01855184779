package io.wadal.cli;

import io.wadal.app.JupyterAccess;
import io.wadal.app.ClusterLifecycle;
import io.wadal.app.PendingLaunch;
import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;
import io.wadal.assets.AssetCatalog;
import io.wadal.check.LocalChecks;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.aws.CallerIdentity;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterLauncher;
import io.wadal.emr.ClusterPlanner;
import io.wadal.emr.RunJobFlowRequestBuilder;
import io.wadal.profile.Profile;
import io.wadal.state.ClusterRecord;
import io.wadal.app.MasterConnector;
import io.wadal.state.ClusterStore;
import io.wadal.state.LaunchIntents;
import io.wadal.workspace.WorkspaceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
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
        waitReady |= jupyter;
        Invocation ws = target.workspace(ctx);
        String name = ws.profileName();
        Profile p = ws.profile(name);
        String region = ws.region(p);
        // Everything that can be wrong with the profile fails here, before any AWS call.
        RunJobFlowRequest request = new ClusterPlanner(ws.home().root(), new AssetCatalog(ws.home().assets()),
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
            PendingLaunch.resolveLocked(ws, name);
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
            record = launch(ws, p, region, request);
        }
        out.println(record.id());
        out.flush();
        err.println("Cluster " + record.id() + " is starting (profile '" + name + "', " + region + ")."
                + (waitReady ? "" : " Next: wadal wait-ready " + name));
        err.flush();
        return waitReady ? waitThenNext(ws, record, limit, err) : 0;
    }

    /**
     * Launches once: the intent is on disk before RunJobFlow, so a launch whose outcome is lost
     * (wadal killed, the answer lost, the record unwritable) is found again by its tag.
     */
    private ClusterRecord launch(Invocation ws, Profile p, String region, RunJobFlowRequest planned) {
        String name = p.name();
        PrintWriter err = ws.err();
        String launchId = UUID.randomUUID().toString();
        RunJobFlowRequest request = RunJobFlowRequestBuilder.withLaunchTags(planned, launchId,
                CallerIdentity.arn(ctx.aws().sts(region)));
        LaunchIntents intents = ws.launchIntents();
        String startedAt = ctx.clock().instant().toString();
        try {
            intents.write(new LaunchIntents.Intent(launchId, name, region, startedAt));
        } catch (IOException e) {
            throw WadalException.failed("cannot write " + intents.file(name) + " (" + ExceptionText.of(e)
                    + "); nothing was launched — fix that and run 'wadal create " + name + "' again", e);
        }
        String id;
        try {
            id = new ClusterLauncher(ws.emr(region), ctx.sleeper(), line -> {
                err.println(line);
                err.flush();
            }).launch(request);
        } catch (ClusterLauncher.Failure f) {
            if (!f.launchMayExist()) {
                intents.clear(name);
                throw f;
            }
            throw new WadalException(f.exitCode(), f.getMessage() + "; the launch is remembered in " + intents.file(name)
                    + ": the next 'wadal create " + name + "' (or state, wait-ready, terminate) records the cluster if EMR"
                    + " launched it", f.getCause());
        }
        ClusterRecord record = new ClusterRecord(id, name, region, p.clusterName(), startedAt, null, null);
        try {
            ws.store().save(record);
        } catch (IOException e) {
            ws.out().println(id);
            ws.out().flush();
            throw WadalException.failed("cluster " + id + " was launched but its record could not be written to "
                    + ws.store().dir() + " (" + ExceptionText.of(e) + "); fix that, then run 'wadal create " + name + "' or 'wadal clusters"
                    + " --adopt' to record it (it is tagged " + RunJobFlowRequestBuilder.LAUNCH_TAG + "=" + launchId
                    + "), or terminate it in the EMR console", e);
        }
        intents.clear(name);
        return record;
    }

    private int waitThenNext(Invocation ws, ClusterRecord record, Duration limit, PrintWriter err) {
        ws.lifecycle().waitReady(record, limit, err);
        return jupyter ? ws.jupyter().open(record.profile(), new JupyterAccess.Mode(false, false, noBrowser, null)) : 0;
    }
}
