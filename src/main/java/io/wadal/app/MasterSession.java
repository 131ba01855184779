package io.wadal.app;

import io.wadal.app.Invocation;
import io.wadal.assets.AssetCatalog;
import io.wadal.jupyter.JupyterServer;
import io.wadal.jupyter.JupyterServers;
import io.wadal.profile.Profile;
import io.wadal.ssh.RemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.workspace.WorkspaceSetup;
import io.wadal.workspace.WorkspaceSpec;

import java.time.Duration;
import java.util.Optional;

/**
 * The master's workspace for commands: {@link WorkspaceSetup} with the home's run_jupyter.sh,
 * progress on stderr, and the cluster record's {@code workspaceReadyAt}, so that a command
 * that only needs the workspace set up once (run-notebook, run-pyspark) pays nothing after
 * wait-ready did it.
 */
public final class MasterSession {
    private final Invocation ws;

    public MasterSession(Invocation ws) {
        this.ws = ws;
    }

    /** How long a command that sets the workspace up on its own way waits for it (as wait-ready's default). */
    public static final Duration DEFAULT_TIMEOUT = ClusterLifecycle.DEFAULT_TIMEOUT;


    /**
     * Sets up (or checks) the whole workspace over this connection and records it as ready;
     * returns the Jupyter server that answered with its token.
     */
    public JupyterServer ready(String profileName, RemoteShell master, Duration timeout) {
        Profile profile = ws.profile(profileName);
        WorkspaceSpec spec = WorkspaceSpec.of(profile);
        byte[] script = new AssetCatalog(ws.home().assets()).read(AssetCatalog.RUN_JUPYTER);
        WorkspaceSetup setup = new WorkspaceSetup(script, ws.context().clock(), ws.context().sleeper(), line -> {
            ws.err().println(line);
            ws.err().flush();
        });
        JupyterServer server = setup.ensureReady(master, spec, timeout);
        ClusterRecord record = ws.record(profileName);
        ws.store().find(profileName).filter(r -> r.id().equals(record.id()))
                .ifPresent(r -> ws.store().update(r.withWorkspaceReadyAt(ws.context().clock().instant().toString())));
        return server;
    }

    /** Sets the workspace up unless the record says it was; for commands that need the clone, not Jupyter's token. */
    public void ensure(String profileName, RemoteShell master) {
        if (ws.record(profileName).workspaceReadyAt() == null) {
            ws.err().println("The master's workspace is not set up yet; setting it up first.");
            ready(profileName, master, DEFAULT_TIMEOUT);
        }
    }

    /** The running Jupyter server when the workspace was set up and Jupyter still runs; else sets it up. */
    public JupyterServer jupyter(String profileName, RemoteShell master) {
        if (ws.record(profileName).workspaceReadyAt() != null) {
            Optional<JupyterServer> running = JupyterServers.onPort(master, ws.profile(profileName).jupyterPort());
            if (running.isPresent()) {
                return running.get();
            }
        }
        return ready(profileName, master, DEFAULT_TIMEOUT);
    }
}
