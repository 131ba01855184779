package io.wadal.app;

import io.wadal.check.SelfTerminationMeans;
import io.wadal.console.Interrupts;
import io.wadal.console.TransferListener;
import io.wadal.console.Ui;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.job.ClusterEnd;
import io.wadal.job.JobEnvironment;
import io.wadal.job.MasterJobs;
import io.wadal.job.RemoteJob;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.ssh.FileTransfer;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.time.Sleeper;
import io.wadal.workspace.WorkspaceSpec;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a job on a profile's master for run-notebook and run-pyspark, then terminates the cluster if
 * asked. The job runs detached on the master ({@link MasterJobs}); attached, wadal follows its log
 * (reconnecting when the connection drops) and exits with its status.
 */
public final class BatchRunner {
    /**
     * @param detach          start the job and return at once (the job id on stdout)
     * @param killOnInterrupt Ctrl-C kills the job instead of detaching from it
     */
    public record Options(boolean terminateAfter, boolean download, boolean detach, boolean killOnInterrupt) {
    }

    private Supplier<byte[]> jobScript = () -> new byte[0];
    private Clock clock = Clock.systemDefaultZone();
    private Sleeper sleeper = Sleeper.REAL;
    private Supplier<Interrupts> interrupts = Interrupts::onCtrlC;
    private String busyFile;
    private JobEndTermination endsCluster;
    private java.time.Duration busyEvery;
    private final Function<String, Profile> profiles;
    private final Function<String, ClusterRecord> records;
    private final Function<String, MinaRemoteShell> masters;
    private final Supplier<MasterSession> session;
    private final Supplier<ClusterLifecycle> lifecycle;
    private final Supplier<Path> downloads;
    private final Function<String, String> env;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final Ui ui;

    /**
     * @param records  the profile's cluster record, exit 2 when there is none
     * @param masters  an SSH connection to the profile's master
     * @param env      the process environment ($ENVS)
     * @param stdout   where the job's output streams, as it comes
     */
    public BatchRunner(Function<String, Profile> profiles, Function<String, ClusterRecord> records,
                       Function<String, MinaRemoteShell> masters, Supplier<MasterSession> session,
                       Supplier<ClusterLifecycle> lifecycle, Supplier<Path> downloads, Function<String, String> env,
                       OutputStream stdout, OutputStream stderr, Ui ui) {
        this.profiles = profiles;
        this.records = records;
        this.masters = masters;
        this.session = session;
        this.lifecycle = lifecycle;
        this.downloads = downloads;
        this.env = env;
        this.stdout = stdout;
        this.stderr = stderr;
        this.ui = ui;
    }

    /** The master ends the cluster when a --terminate-after job ends, where it can (else this machine does, attached). */
    public BatchRunner endsCluster(JobEndTermination endsCluster) {
        this.endsCluster = endsCluster;
        return this;
    }

    /**
     * The master side of jobs: the wadal_job.sh to install, the clock job ids are made with, the
     * reconnect backoff's sleeper, and how Ctrl-C is watched.
     */
    public BatchRunner jobs(Supplier<byte[]> jobScript, Clock clock, Sleeper sleeper, Supplier<Interrupts> interrupts) {
        return jobs(jobScript, clock, sleeper, interrupts, null, null);
    }

    /** @param busyFile EMR's isbusy file on the master, which the job touches every {@code busyEvery} while it runs (null: none) */
    public BatchRunner jobs(Supplier<byte[]> jobScript, Clock clock, Sleeper sleeper, Supplier<Interrupts> interrupts,
                            String busyFile, java.time.Duration busyEvery) {
        this.busyFile = busyFile;
        this.busyEvery = busyEvery;
        this.jobScript = jobScript;
        this.clock = clock;
        this.sleeper = sleeper;
        this.interrupts = interrupts;
        return this;
    }

    /** papermill of the one notebook in {@code args}; {@code parameters} are papermill's KEY VALUE words, flat. */
    public RemoteJob notebook(String profileName, List<String> args, List<String> parameters, List<String> assignments) {
        if (args.size() != 1) {
            throw WadalException.usage(args.isEmpty()
                    ? "name the notebook to run: wadal run-notebook [PROFILE] NOTEBOOK (a path under works/ on the master)"
                    : "one notebook at a time: got " + args.size() + " (" + String.join(", ", args) + "); "
                            + "parameters are -p KEY VALUE");
        }
        Profile profile = profiles.apply(profileName);
        return RemoteJob.notebook(args.get(0), pairs(parameters), JobEnvironment.of(profile, env.apply("ENVS"), assignments));
    }

    /** spark-submit of the script that {@code args} starts with, the rest its arguments. */
    public RemoteJob sparkSubmit(String profileName, List<String> args, List<String> assignments) {
        if (args.isEmpty()) {
            throw WadalException.usage("name the script to run: wadal run-pyspark [PROFILE] SCRIPT [ARGS...] (a path under works/ on the master)");
        }
        Profile profile = profiles.apply(profileName);
        return RemoteJob.sparkSubmit(args.get(0), args.subList(1, args.size()),
                JobEnvironment.of(profile, env.apply("ENVS"), assignments));
    }

    private static List<Map.Entry<String, String>> pairs(List<String> flat) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            pairs.add(Map.entry(flat.get(i), flat.get(i + 1)));
        }
        return pairs;
    }

    /**
     * The job's exit status. With terminateAfter the cluster is terminated once the job has
     * been attempted, whatever its outcome, even when the master could not be reached; a
     * usage error (exit 2: arguments, profile, key file) terminates nothing, since nothing was called.
     * A failed termination is reported and turns a successful run's status into 1, so that a
     * batch script notices the cluster may still be running.
     */
    public int run(String profileName, RemoteJob job, boolean terminateAfter) {
        return run(profileName, job, new Options(terminateAfter, false, false, false));
    }

    /**
     * With download, the job's output file (the output notebook) is fetched into
     * {@code <home>/downloads/} after the run, failed or not (papermill writes the failing cell's
     * error into it); a download that fails turns a successful run's status into 1. Detached, the
     * job id is printed and nothing waits for the job (terminateAfter is refused: it needs an
     * attached run). Ctrl-C while attached detaches (exit 130) and terminates nothing, as does a
     * closed output (141); a master out of reach (255) is terminated as a failed run is.
     */
    public int run(String profileName, RemoteJob job, Options options) {
        if (options.detach() && options.download()) {
            throw WadalException.usage("--detach with --download: the output notebook is written when the job ends; "
                    + "download it then with 'wadal download " + profileName + " --job JOB' (the id --detach prints)");
        }
        ClusterRecord record = records.apply(profileName);
        Profile profile = profiles.apply(profileName);
        WorkspaceSpec.of(profile);
        // --terminate-after is kept by the master when it can end its cluster itself; else by this machine, attached
        boolean masterEnds = false;
        if (options.terminateAfter()) {
            SelfTerminationMeans.Means way = endsCluster == null
                    ? new SelfTerminationMeans.Means(SelfTerminationMeans.Kind.NONE, "not set up", "") : endsCluster.means(profile, record);
            masterEnds = way.kind() != SelfTerminationMeans.Kind.NONE;
            if (!masterEnds && options.detach()) {
                throw WadalException.usage("--detach with --terminate-after needs the master to terminate the cluster itself, and it "
                        + "cannot: " + way.detail() + (way.fix().isEmpty() ? "" : ". " + way.fix().replace(", or set " + ProfileKey.MAX_AGE
                        + "=off", "")) + "; or drop --detach, and this machine terminates it when the job ends");
            }
            if (!masterEnds) {
                ui.info("--terminate-after: the master cannot terminate the cluster itself (" + way.detail() + "), so this machine "
                        + "terminates it when the job ends: stay attached.");
            }
        }
        int status;
        boolean detached = false;
        boolean startedWithEnd = false;
        boolean ended = false;
        boolean killed = false;
        try (Interrupts ctrlC = options.detach() ? Interrupts.none() : interrupts.get();
             JobFollower.Link link = new JobFollower.Link(masters, session, profileName)) {
            MinaRemoteShell master = link.shell();
            session.get().ensure(profileName, master);
            MasterJobs jobs = new MasterJobs(jobScript.get());
            jobs.install(master);
            Optional<ClusterEnd> end = masterEnds ? Optional.of(endsCluster.prepare(master, profile, record)) : Optional.empty();
            String id = jobs.start(master, job, job.idBase(clock), busyFile, busyEvery, end);
            startedWithEnd = end.isPresent();
            if (options.detach()) {
                ui.result(id);
                ui.info("Job " + id + " runs on the master: 'wadal attach " + profileName + " " + id + "' follows it, "
                        + "'wadal jobs " + profileName + "' lists the jobs"
                        + job.output().map(o -> "; its output notebook will be " + o).orElse("")
                        + (startedWithEnd ? "; when it ends, the master terminates cluster " + record.id() : "") + ".");
                return ExitCodes.OK;
            }
            JobFollower.Outcome outcome = new JobFollower(sleeper, stdout, ui)
                    .follow(link, profileName, id, 0, ctrlC, options.killOnInterrupt());
            status = outcome.exitCode();
            detached = outcome.job() == null && status != JobFollower.CONNECTION_LOST;
            ended = outcome.job() != null;
            killed = outcome.killed();
            if (options.download() && job.output().isPresent() && outcome.job() != null) {
                status = fetch(link.shell(), job.output().get(), status);
            }
        } catch (WadalException e) {
            if (!options.terminateAfter() || e.exitCode() == ExitCodes.USAGE || e instanceof ClusterEnded) {
                throw e;
            }
            ui.info("wadal: " + e.getMessage());
            status = e.exitCode();
        }
        if (startedWithEnd) {
            ui.info(killed ? "The job was killed, so the cluster goes on: 'wadal terminate " + profileName + "' ends it."
                    : !ended ? "The job goes on; when it ends, the master terminates cluster " + record.id() + "."
                    : "The master terminates cluster " + record.id() + " now that the job has ended, after a final autosave "
                            + "('wadal logs " + profileName + " terminate' shows it).");
            return status;
        }
        if (detached && options.terminateAfter()) {
            ui.info("wadal: the cluster is not terminated (--terminate-after needs the run attached): run 'wadal terminate "
                    + profileName + "' once the job is done.");
            return status;
        }
        return options.terminateAfter() ? terminate(profileName, record.id(), status) : status;
    }

    private int fetch(MinaRemoteShell master, String remote, int status) {
        try {
            Path local = new FileTransfer(master).download(remote, downloads.get(), false, TransferListener.NONE);
            ui.result(local.toString());
            return status;
        } catch (WadalException e) {
            ui.info("wadal: could not download " + remote + ": " + e.getMessage());
            return status == ExitCodes.OK ? ExitCodes.FAILED : status;
        }
    }

    private int terminate(String profileName, String clusterId, int status) {
        try {
            lifecycle.get().terminateAfterRun(profileName);
            return status;
        } catch (RuntimeException e) {
            ui.info("wadal: could not terminate cluster " + clusterId + " after the run: " + e.getMessage()
                    + "; it may still be running: run 'wadal terminate --force " + profileName + "'");
            return status == ExitCodes.OK ? ExitCodes.FAILED : status;
        }
    }
}
