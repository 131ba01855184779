package io.wadal.app;

import io.wadal.console.TerminalText;
import io.wadal.error.WadalException;
import io.wadal.console.Ui;
import io.wadal.jupyter.JupyterServer;
import io.wadal.jupyter.JupyterServers;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.ssh.BusySignal;
import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;
import io.wadal.ssh.TermCommandInstaller;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.time.DurationParser;
import io.wadal.time.Sleeper;
import io.wadal.workspace.Autosave;
import io.wadal.workspace.GitRemote;
import io.wadal.workspace.SelfTermination;
import io.wadal.workspace.WorkspaceSetup;
import io.wadal.workspace.WorkspaceSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
    private final Supplier<byte[]> terminateScript;
    private final Function<ClusterRecord, String> regions;
    private final MasterRoot root;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Ui ui;
    private final BusySignal busy;

    /**
     * @param records    a profile's cluster record (exit 2 when there is none)
     * @param runJupyter     the run_jupyter.sh the workspace starts Jupyter with
     * @param autosaveScript the wadal_autosave.sh the workspace runs its autosave loop with
     * @param terminateScript the wadal_terminate.sh the master ends its cluster with at MAX_AGE
     * @param regions        the region a recorded cluster lives in
     * @param root           where the master's system folders are (terminate_cluster's install)
     * @param busy           tells EMR the master is in use while a session is held ({@link #keepBusy})
     */
    public MasterSession(Function<String, ClusterRecord> records, Function<String, Profile> profiles,
                         Supplier<ClusterStore> store, MasterConnector connector, Supplier<byte[]> runJupyter,
                         Supplier<byte[]> autosaveScript, Supplier<byte[]> terminateScript,
                         Function<ClusterRecord, String> regions, MasterRoot root, Clock clock, Sleeper sleeper, Ui ui,
                         BusySignal busy) {
        this.busy = busy;
        this.records = records;
        this.profiles = profiles;
        this.store = store;
        this.connector = connector;
        this.runJupyter = runJupyter;
        this.autosaveScript = autosaveScript;
        this.terminateScript = terminateScript;
        this.regions = regions;
        this.root = root;
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
        UnaryOperator<ClusterRecord> terminates = maxAge(master, profiles.apply(profileName), record, spec.git().isPresent());
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
                    + TerminalText.line(started.err().strip().lines().reduce((a, b) -> b).orElse("no message"))
                    + "; uncommitted work is not pushed before the cluster ends");
        } else if (interval.isPresent()) {
            ui.info("Autosave: works/" + git.dirName() + " is pushed to branch " + Autosave.branch(clusterId) + " every "
                    + DurationParser.format(interval.get()) + " when it has unsaved work (log: ~/" + Autosave.LOG + ").");
        }
        ExecResult listed = Autosave.listOthers(master, git.dirName(), clusterId);
        if (!listed.ok()) {
            ui.info("could not list the autosave branches of earlier clusters: "
                    + TerminalText.line(listed.err().strip().lines().reduce((a, b) -> b).orElse("no message")));
            return;
        }
        List<Autosave.Branch> earlier = Autosave.branches(listed.out());
        if (!earlier.isEmpty()) {
            ui.info("Autosaved work of earlier clusters is on the origin: "
                    + String.join(", ", earlier.stream().map(Autosave.Branch::name).toList()) + ". To get it back, in Jupyter's terminal: "
                    + Autosave.restoreHint(earlier.get(earlier.size() - 1).name(), git.dirName()));
        }
    }

    /**
     * MAX_AGE: schedules the master's own termination at the cluster's creation + MAX_AGE (with
     * terminate_cluster when both EMR_TERM keys are set, else with the instance role), or turns a
     * schedule off when MAX_AGE is off. Returns how the record's {@code terminatesAt} changes. A
     * failure warns and does not fail the setup.
     */
    private UnaryOperator<ClusterRecord> maxAge(RemoteShell master, Profile profile, ClusterRecord record, boolean hasRepo) {
        try {
            return scheduleMaxAge(master, profile, record, hasRepo);
        } catch (IllegalArgumentException e) {
            // a record's id or region SelfTermination refuses to put on a command line
            ui.warn(ProfileKey.MAX_AGE + " is not enforced on cluster " + TerminalText.line(record.id()) + ": "
                    + TerminalText.line(e.getMessage()));
            return r -> r;
        }
    }

    private UnaryOperator<ClusterRecord> scheduleMaxAge(RemoteShell master, Profile profile, ClusterRecord record, boolean hasRepo) {
        String region = regions.apply(record);
        Optional<Duration> maxAge = profile.maxAge();
        if (maxAge.isEmpty()) {
            ExecResult off = SelfTermination.cancel(master, record.id(), region);
            if (!off.ok()) {
                ui.warn("could not turn off the master's termination of cluster " + record.id() + " (exit status " + off.exitStatus()
                        + "): " + lastLine(off) + "; an earlier " + ProfileKey.MAX_AGE + " may still end it (log: ~/" + SelfTermination.LOG + ")");
                return r -> r;
            }
            return r -> r.withTerminatesAt(null);
        }
        Instant now = clock.instant();
        Instant created = createdAt(record);
        Instant deadline = (created != null ? created : now).plus(maxAge.get());
        Optional<String> command = Optional.empty();
        Optional<String> access = profile.emrTermAccessKey();
        Optional<String> secret = profile.emrTermSecretKey();
        if (access.isPresent() && secret.isPresent()) {
            try {
                command = Optional.of(TermCommandInstaller.install(master, root, record.id(), region,
                        new TermCommandInstaller.Keys(access.get(), secret.get())));
            } catch (WadalException e) {
                ui.warn(ProfileKey.MAX_AGE + " is not enforced on cluster " + record.id() + ": " + TerminalText.line(e.getMessage()));
                return r -> r;
            }
        }
        ExecResult scheduled = new SelfTermination(terminateScript.get()).schedule(master, record.id(), region, Optional.of(deadline), command);
        if (!scheduled.ok()) {
            ui.warn(ProfileKey.MAX_AGE + " is not enforced on cluster " + record.id() + ": scheduling its termination on the master failed (exit status "
                    + scheduled.exitStatus() + "): " + lastLine(scheduled));
            return r -> r;
        }
        String how = (hasRepo && profile.autosaveInterval().isPresent() ? ", after a final autosave," : ",")
                + " with " + (command.isPresent() ? ProfileKey.EMR_TERM_ACCESS_KEY + "'s IAM user" : "its instance role")
                + " (log: ~/" + SelfTermination.LOG + ").";
        String age = SelfTermination.age(maxAge.get());
        if (!deadline.isAfter(now)) {
            ui.info(ProfileKey.MAX_AGE + ": cluster " + record.id() + " is older than " + age + " (created " + minute(created)
                    + "): the master terminates it now" + how);
        } else if (created == null) {
            ui.info(ProfileKey.MAX_AGE + ": the master terminates cluster " + record.id() + " at " + minute(deadline) + " (" + age
                    + " from now: its record does not say when it was created)" + how);
        } else {
            ui.info(ProfileKey.MAX_AGE + ": the master terminates cluster " + record.id() + " at " + minute(deadline) + " (" + age
                    + " after it was created)" + how);
        }
        String at = deadline.toString();
        return r -> r.withTerminatesAt(at);
    }

    private static Instant createdAt(ClusterRecord record) {
        if (record.createdAt() == null) {
            return null;
        }
        try {
            return Instant.parse(record.createdAt());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String minute(Instant at) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(at);
    }

    private static String lastLine(ExecResult r) {
        return TerminalText.line(r.err().strip().lines().reduce((a, b) -> b).orElse("no message"));
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
