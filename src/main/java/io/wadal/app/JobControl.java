package io.wadal.app;

import io.wadal.console.Interrupts;
import io.wadal.console.Ui;
import io.wadal.error.ExitCodes;
import io.wadal.job.JobInfo;
import io.wadal.job.MasterJobs;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.time.Sleeper;

import java.io.OutputStream;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@code jobs}, {@code attach} and {@code logs --job}: the run-* jobs on a profile's master ({@link MasterJobs}). */
public final class JobControl {
    private final Function<String, MinaRemoteShell> masters;
    private final Supplier<MasterSession> session;
    private final Supplier<byte[]> jobScript;
    private final Sleeper sleeper;
    private final OutputStream stdout;
    private final Ui ui;

    /** @param jobScript the wadal_job.sh to install when the master has another (or none) */
    public JobControl(Function<String, MinaRemoteShell> masters, Supplier<MasterSession> session, Supplier<byte[]> jobScript,
                      Sleeper sleeper, OutputStream stdout, Ui ui) {
        this.masters = masters;
        this.session = session;
        this.jobScript = jobScript;
        this.sleeper = sleeper;
        this.stdout = stdout;
        this.ui = ui;
    }

    /** What {@code jobs} shows: the master's jobs, oldest first, after killing one or pruning the ended ones if asked. */
    public record Listing(List<JobInfo> jobs, String killed, List<String> pruned) {
    }

    /**
     * @param kill  a job to kill first (null for none)
     * @param prune remove the folders of ended jobs first
     */
    public Listing jobs(String profileName, String kill, boolean prune) {
        if (kill != null) {
            MasterJobs.checkId(kill);
        }
        try (MinaRemoteShell master = installed(profileName)) {
            if (kill != null) {
                MasterJobs.kill(master, kill);
            }
            List<String> pruned = prune ? MasterJobs.prune(master) : List.of();
            return new Listing(MasterJobs.list(master), kill, pruned);
        }
    }

    /**
     * Streams job {@code id}'s log from the start (or its last {@code tail} lines) until it ends and
     * returns its exit code; at once when it had ended. Ctrl-C detaches (130); the job goes on.
     */
    public int attach(String profileName, String id, Integer tail) {
        MasterJobs.checkId(id);
        if (tail != null && tail < 0) {
            throw io.wadal.error.WadalException.usage("--tail takes a number of lines (0 or more), not " + tail);
        }
        try (Interrupts ctrlC = Interrupts.onCtrlC();
             JobFollower.Link link = new JobFollower.Link(p -> installed(p), session, profileName)) {
            MinaRemoteShell master = link.shell();
            MasterJobs.status(master, id);
            long from = tail == null ? 0 : MasterJobs.offset(master, id, tail);
            JobFollower.Outcome outcome = new JobFollower(sleeper, stdout, ui).follow(link, profileName, id, from, ctrlC, false);
            if (outcome.job() != null && outcome.job().state() == JobInfo.State.LOST) {
                ui.info("wadal: job " + id + " ended without a status (the master may have restarted).");
            } else if (outcome.job() != null && outcome.exitCode() != ExitCodes.OK) {
                ui.info("wadal: job " + id + " " + outcome.job().stateText() + ".");
            }
            return outcome.exitCode();
        }
    }

    /** Prints job {@code id}'s log as it is now. */
    public void log(String profileName, String id) {
        MasterJobs.checkId(id);
        try (MinaRemoteShell master = installed(profileName)) {
            MasterJobs.log(master, id, stdout);
        }
    }

    private MinaRemoteShell installed(String profileName) {
        MinaRemoteShell master = masters.apply(profileName);
        try {
            new MasterJobs(jobScript.get()).install(master);
            return master;
        } catch (RuntimeException e) {
            master.close();
            throw e;
        }
    }
}
