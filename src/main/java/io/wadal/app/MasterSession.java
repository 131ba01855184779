package io.wadal.app;

import io.wadal.console.TerminalText;
import io.wadal.console.Ui;
import io.wadal.jupyter.JupyterServer;
import io.wadal.jupyter.JupyterServers;
import io.wadal.profile.Profile;
import io.wadal.ssh.BusySignal;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.time.DurationParser;
import io.wadal.time.Sleeper;
import io.wadal.workspace.Autosave;
import io.wadal.workspace.GitRemote;
import io.wadal.workspace.WorkspaceSetup;
import io.wadal.workspace.WorkspaceSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A profile's master for commands: the SSH connection ({@link MasterConnector}, from the
 * profile and its cluster record), and the workspace there — {@link WorkspaceSetup} with the
 * home's run_jupyter.sh, progress on stderr, and the record's {@code workspaceReadyAt}, so
 * that a command that only needs the workspace set up once (run-notebook, run-pyspark) pays
 * nothing after wait-ready did it.
 */
public final class MasterSession {
    private final Function<String, ClusterRecord> records;
    private final Function<String, Profile> profiles;
    private final Supplier<ClusterStore> store;
    private final MasterConnector connector;
    private final Supplier<byte[]> runJupyter;
    private final Supplier<byte[]> autosaveScript;
    private final MaxAgeSchedule maxAge;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Ui ui;
    private final BusySignal busy;

    /**
     * @param records    a profile's cluster record (exit 2 when there is none)
     * @param runJupyter     the run_jupyter.sh the workspace starts Jupyter with
     * @param autosaveScript the wadal_autosave.sh the workspace runs its autosave loop with
     * @param maxAge         tells the master when to end its cluster (MAX_AGE)
     * @param busy           tells EMR the master is in use while a session is held ({@link #keepBusy})
     */
    public MasterSession(Function<String, ClusterRecord> records, Function<String, Profile> profiles,
                         Supplier<ClusterStore> store, MasterConnector connector, Supplier<byte[]> runJupyter,
                         Supplier<byte[]> autosaveScript, MaxAgeSchedule maxAge, Clock clock, Sleeper sleeper, Ui ui,
                         BusySignal busy) {
        this.busy = busy;
        this.records = records;
        this.profiles = profiles;
        this.store = store;
        this.connector = connector;
        this.runJupyter = runJupyter;
        this.autosaveScript = autosaveScript;
        this.maxAge = maxAge;
        this.clock = clock;
        this.sleeper = sleeper;
        this.ui = ui;
    }

    /** An SSH connection to the profile's master; close it when done. */
    public MinaRemoteShell connect(String profileName) {
        ClusterRecord record = records.apply(profileName);
        return connector.connect(profiles.apply(profileName), record);
    }

    /** Counts as activity on the master for EMR's idle clock until closed: for ssh and run-* (tunnels: {@link TunnelHold}). */
    public BusySignal.Held keepBusy(RemoteShell master) {
        return busy.start(master);
    }

    /** As {@link #connect(String)}, with this hint when the master cannot be reached. */
    public MinaRemoteShell connect(String profileName, String unreachableHint) {
        ClusterRecord record = records.apply(profileName);
        return connector.connect(profiles.apply(profileName), record, unreachableHint);
    }

    /** As {@link #connect(String)} for a cluster just seen ready: retries while its sshd is not up yet, until the deadline. */
    public MinaRemoteShell connectWithin(String profileName, Instant deadline) {
        ClusterRecord record = records.apply(profileName);
        return connector.connectWithin(profiles.apply(profileName), record, deadline);
    }

    /**
     * Sets up (or checks) the whole workspace over this connection and records it as ready;
     * returns the Jupyter server that answered with its token.
     */
    public JupyterServer ready(String profileName, RemoteShell master, Duration timeout) {
        WorkspaceSpec spec = WorkspaceSpec.of(profiles.apply(profileName));
        WorkspaceSetup setup = new WorkspaceSetup(runJupyter.get(), clock, sleeper, ui.infoLines());
        JupyterServer server = setup.ensureReady(master, spec, timeout);
        ClusterRecord record = records.apply(profileName);
        spec.git().ifPresent(g -> autosave(master, g, record.id(), profiles.apply(profileName).autosaveInterval()));
        UnaryOperator<ClusterRecord> terminates = maxAge.schedule(master, profiles.apply(profileName), record, spec.git().isPresent());
        store.get().find(profileName).filter(r -> r.id().equals(record.id()))
                .ifPresent(r -> store.get().update(terminates.apply(r.withWorkspaceReadyAt(clock.instant().toString()))));
        return server;
    }

    /**
     * Starts (or re-tunes) the master's autosave loop, then names the autosave branches earlier
     * clusters left on the origin and how to get one back. Neither failing fails the setup.
     */
    private void autosave(RemoteShell master, GitRemote git, String clusterId, Optional<Duration> interval) {
        ExecResult started = new Autosave(autosaveScript.get()).start(master, git.dirName(), clusterId, interval);
        if (!started.ok()) {
            ui.warn("the autosave of works/" + git.dirName() + " did not start (exit status " + started.exitStatus() + "): "
                    + TerminalText.line(started.lastErrorLine())
                    + "; uncommitted work is not pushed before the cluster ends");
        } else if (interval.isPresent()) {
            ui.info("Autosave: works/" + git.dirName() + " is pushed to branch " + Autosave.branch(clusterId) + " every "
                    + DurationParser.format(interval.get()) + " when it has unsaved work (log: ~/" + Autosave.LOG + ").");
        }
        ExecResult listed = Autosave.listOthers(master, git.dirName(), clusterId);
        if (!listed.ok()) {
            ui.info("could not list the autosave branches of earlier clusters: "
                    + TerminalText.line(listed.lastErrorLine()));
            return;
        }
        List<Autosave.Branch> earlier = Autosave.branches(listed.out());
        if (!earlier.isEmpty()) {
            ui.info("Autosaved work of earlier clusters is on the origin: "
                    + String.join(", ", earlier.stream().map(Autosave.Branch::name).toList()) + ". To get it back, in Jupyter's terminal: "
                    + Autosave.restoreHint(earlier.get(earlier.size() - 1).name(), git.dirName()));
        }
    }

    /** Sets the workspace up unless the record says it was; for commands that need the clone, not Jupyter's token. */
    public void ensure(String profileName, RemoteShell master) {
        if (records.apply(profileName).workspaceReadyAt() == null) {
            ui.info("The master's workspace is not set up yet; setting it up first.");
            // a command that sets the workspace up on its own way waits for it as long as wait-ready would
            ready(profileName, master, ClusterLifecycle.DEFAULT_TIMEOUT);
        }
    }

    /** The running Jupyter server when the workspace was set up and Jupyter still runs; else sets it up. */
    public JupyterServer jupyter(String profileName, RemoteShell master) {
        if (records.apply(profileName).workspaceReadyAt() != null) {
            Optional<JupyterServer> running = JupyterServers.onPort(master, profiles.apply(profileName).jupyterPort());
            if (running.isPresent()) {
                return running.get();
            }
        }
        return ready(profileName, master, ClusterLifecycle.DEFAULT_TIMEOUT);
    }
}
