package io.wadal.app;

import io.wadal.console.Interrupts;
import io.wadal.console.Ui;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.job.JobInfo;
import io.wadal.job.MasterJobs;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.time.DurationParser;
import io.wadal.time.Sleeper;

import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    /**
     * What {@code jobs} shows: the master's jobs, oldest first, after killing one or pruning the
     * ended ones if asked.
     *
     * @param killed    the job asked to be killed (null for none)
     * @param killedNow whether it was killed now (false: it had ended)
     */
    public record Listing(List<JobInfo> jobs, String killed, boolean killedNow, List<String> pruned) {
        /** The killed job's line now, when it is still listed. */
        public Optional<JobInfo> killedJob() {
            return jobs.stream().filter(j -> j.id().equals(killed)).findFirst();
        }

        /** For --json: one object per job (times by the master's clock; output, the notebook 'wadal download' takes). */
        public List<Map<String, Object>> rows() {
            return jobs.stream().map(j -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", j.id());
                row.put("kind", j.kind());
                row.put("what", j.what());
                row.put("state", j.state().name().toLowerCase(Locale.ROOT));
                row.put("exitStatus", j.exitStatus() < 0 ? null : j.exitStatus());
                row.put("startedAt", j.started().toString());
                row.put("endedAt", j.ended() == null ? null : j.ended().toString());
                row.put("seconds", j.duration().toSeconds());
                row.put("output", j.outputUnderWorks().orElse(null));
                return row;
            }).toList();
        }

        /** The table: ID, KIND, SCRIPT/NOTEBOOK, STATE, START (UTC), DURATION. */
        public List<String> table() {
            List<String[]> cells = new ArrayList<>();
            cells.add(new String[] {"ID", "KIND", "SCRIPT/NOTEBOOK", "STATE", "START (UTC)", "DURATION"});
            for (JobInfo j : jobs) {
                cells.add(new String[] {j.id(), j.kind(), j.what().replaceFirst("^works/", ""), j.stateText(),
                        START.format(j.started()), DurationParser.format(j.duration())});
            }
            int[] widths = new int[6];
            cells.forEach(c -> { for (int i = 0; i < 6; i++) { widths[i] = Math.max(widths[i], c[i].length()); } });
            List<String> lines = new ArrayList<>();
            for (String[] c : cells) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < 6; i++) {
                    line.append(i == 5 ? c[i] : String.format("%-" + widths[i] + "s  ", c[i]));
                }
                lines.add(line.toString().stripTrailing());
            }
            return lines;
        }
    }

    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /**
     * @param kill  a job to kill first (null for none)
     * @param prune remove the folders of ended jobs first
     */
    public Listing jobs(String profileName, String kill, boolean prune) {
        if (kill != null) {
            MasterJobs.checkId(kill);
        }
        try (MinaRemoteShell master = installed(profileName)) {
            boolean killedNow = kill != null && MasterJobs.kill(master, kill);
            List<String> pruned = prune ? MasterJobs.prune(master) : List.of();
            return new Listing(MasterJobs.list(master), kill, killedNow, pruned);
        }
    }

    /**
     * Streams job {@code id}'s log from the start (or its last {@code tail} lines) until it ends and
     * returns its exit code; at once when it had ended. Ctrl-C detaches (130); the job goes on.
     */
    public int attach(String profileName, String id, Integer tail) {
        MasterJobs.checkId(id);
        if (tail != null && tail < 0) {
            throw WadalException.usage("--tail takes a number of lines (0 or more), not " + tail);
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
