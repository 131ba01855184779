package io.wadal.app;

import io.wadal.console.Console;
import io.wadal.console.Ui;
import io.wadal.emr.ClusterInfo;
import io.wadal.emr.ClusterTerminator;
import io.wadal.emr.EmrClusterService;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.git.UnsavedWorkCheck;
import io.wadal.git.WorkTreeStatus;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.workspace.Autosave;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** Terminating a profile's cluster: terminate (after the unsaved-work check unless forced) and --terminate-after. */
public final class ClusterTermination {
    private final Function<String, ClusterRecord> records;
    private final Function<String, Profile> profiles;
    private final Supplier<ClusterStore> store;
    private final Function<ClusterRecord, EmrClusterService> emr;
    private final BiFunction<String, String, MinaRemoteShell> master;
    private final Console console;
    private final Ui ui;

    /** What terminate did to the recorded cluster: terminated it, or found it already gone and forgot it. */
    public record Outcome(ClusterRecord record, boolean wasAlive) {
    }

    /**
     * @param records the profile's cluster record, exit 2 when there is none
     * @param emr     the EMR service of the region a recorded cluster lives in
     * @param master  an SSH connection to the profile's master, with a hint for when it cannot be reached
     * @param console where the unsaved-work question is asked
     */
    public ClusterTermination(Function<String, ClusterRecord> records, Function<String, Profile> profiles,
                              Supplier<ClusterStore> store, Function<ClusterRecord, EmrClusterService> emr,
                              BiFunction<String, String, MinaRemoteShell> master, Console console, Ui ui) {
        this.records = records;
        this.profiles = profiles;
        this.store = store;
        this.emr = emr;
        this.master = master;
        this.console = console;
        this.ui = ui;
    }

    /** Terminates the profile's cluster, unless {@code force} only once its master shows no unsaved work or the user agrees. */
    public Outcome terminate(String profileName, boolean force) {
        ClusterRecord record = records.apply(profileName);
        ClusterTerminator terminator = new ClusterTerminator(store.get(), emr.apply(record));
        Optional<ClusterInfo> info = terminator.aliveOrForget(record);
        if (info.isEmpty()) {
            return new Outcome(record, false);
        }
        if (!force) {
            confirm(record, info.get());
        }
        terminator.terminate(record);
        return new Outcome(record, true);
    }

    /** terminate --force, every message on stderr. */
    public void afterRun(String profileName) {
        ClusterRecord record = records.apply(profileName);
        ClusterTerminator terminator = new ClusterTerminator(store.get(), emr.apply(record));
        if (terminator.aliveOrForget(record).isEmpty()) {
            ui.info("Cluster " + record.id() + " is already terminated or gone; removed its record.");
            return;
        }
        terminator.terminate(record);
        ui.info("Cluster " + record.id() + " terminated.");
    }

    /**
     * The master's clone is checked for unsaved work over one SSH connection. Clean (or
     * no repository to check): no question. Unsaved work, or a master that could not be checked:
     * say so and terminate only on "y" at a terminal.
     */
    private void confirm(ClusterRecord record, ClusterInfo info) {
        WorkTreeStatus status;
        Autosave.FinalSave saved = null;
        try {
            Optional<String> repo = profiles.apply(record.profile()).gitRepoName();
            if (repo.isEmpty()) {
                return;
            }
            try (MinaRemoteShell shell = master.apply(record.profile(),
                    "'wadal terminate --force " + record.profile() + "' terminates without this check")) {
                status = UnsavedWorkCheck.check(shell, repo.get()).orElse(null);
                if (status != null && !status.clean() && profiles.apply(record.profile()).autosaveInterval().isPresent()) {
                    saved = Autosave.saveNow(shell, repo.get(), record.id());
                }
            }
        } catch (WadalException e) {
            ui.info("could not check the master for unsaved work: " + e.getMessage());
            ask(record, "Terminate cluster " + record.id() + " (" + info.name() + ") anyway? (y/N) ",
                    "the master could not be checked for unsaved work");
            return;
        }
        if (status == null || status.clean()) {
            return;
        }
        ui.print(status.report());
        ui.print(profiles.apply(record.profile()).autosaveInterval().isEmpty()
                ? "Not autosaved: " + ProfileKey.AUTOSAVE_INTERVAL + " is off; this work is lost with the cluster.\n\n"
                : autosaveLine(saved, record.profile()));
        ask(record, "Are you sure to terminate (y/N)? ", "there is unsaved work on the master");
    }

    /** The unsaved work's fate once the cluster is gone: on which autosave branch, and since when. */
    private static String autosaveLine(Autosave.FinalSave saved, String profile) {
        if (saved == null || !saved.installed()) {
            return "Not autosaved: this master has no autosave ('wadal wait-ready " + profile
                    + "' starts it); this work is lost with the cluster.\n\n";
        }
        String line = saved.last().map(s -> "The work tree was " + s.describe() + ".")
                .orElse("Not autosaved: no snapshot could be pushed.");
        if (!saved.ok()) {
            line += " The final snapshot failed: see 'wadal logs " + profile + " autosave'.";
        }
        return line + "\n\n";
    }

    private void ask(ClusterRecord record, String question, String why) {
        if (!console.interactive()) {
            throw new WadalException(ExitCodes.REFUSED, "not terminating cluster " + record.id() + ": " + why
                    + " and there is no terminal to confirm; use 'wadal terminate --force' to terminate anyway");
        }
        String answer = console.ask(question);
        if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
            throw new WadalException(ExitCodes.REFUSED, "not terminated: cluster " + record.id() + " keeps running");
        }
    }
}
