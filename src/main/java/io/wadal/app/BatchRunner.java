package io.wadal.app;

import io.wadal.app.Invocation;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.job.RemoteJob;
import io.wadal.ssh.FileTransfer;
import io.wadal.console.TransferListener;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.workspace.WorkspaceSpec;

import java.nio.file.Path;

/** Runs a job on a profile's master for run-notebook and run-pyspark, then terminates the cluster if asked. */
public final class BatchRunner {
    private final Invocation ws;

    public BatchRunner(Invocation ws) {
        this.ws = ws;
    }


    /**
     * The job's exit status. With terminateAfter the cluster is terminated once the job has
     * been attempted, whatever its outcome, even when the master could not be reached; a
     * usage error (exit 2: arguments, profile, key file) terminates nothing, since nothing was called.
     * A failed termination is reported and turns a successful run's status into 1, so that a
     * batch script notices the cluster may still be running.
     */
    public int run(String profileName, RemoteJob job, boolean terminateAfter) {
        return run(profileName, job, terminateAfter, false);
    }

    /**
     * @param download fetch the job's output file (the output notebook) into {@code <home>/downloads/}
     *                 after the run, failed or not (papermill writes the failing cell's error into it);
     *                 a download that fails turns a successful run's status into 1
     */
    public int run(String profileName, RemoteJob job, boolean terminateAfter, boolean download) {
        ClusterRecord record = ws.record(profileName);
        WorkspaceSpec.of(ws.profile(profileName));
        int status;
        try (MinaRemoteShell master = ws.master(profileName)) {
            ws.masterSession().ensure(profileName, master);
            ws.out().flush();
            ws.err().flush();
            status = job.run(master, ws.context().stdout(), ws.context().stderr());
            if (download && job.output().isPresent()) {
                status = fetch(master, job.output().get(), status);
            }
        } catch (WadalException e) {
            if (!terminateAfter || e.exitCode() == ExitCodes.USAGE) {
                throw e;
            }
            ws.err().println("wadal: " + e.getMessage());
            status = e.exitCode();
        }
        return terminateAfter ? terminate(profileName, record.id(), status) : status;
    }

    private int fetch(MinaRemoteShell master, String remote, int status) {
        try {
            Path local = new FileTransfer(master).download(remote, ws.home().downloads(), false, TransferListener.NONE);
            ws.out().println(local);
            ws.out().flush();
            return status;
        } catch (WadalException e) {
            ws.err().println("wadal: could not download " + remote + ": " + e.getMessage());
            return status == ExitCodes.OK ? ExitCodes.FAILED : status;
        }
    }

    private int terminate(String profileName, String clusterId, int status) {
        try {
            ws.lifecycle().terminateAfterRun(profileName);
            return status;
        } catch (RuntimeException e) {
            ws.err().println("wadal: could not terminate cluster " + clusterId + " after the run: " + e.getMessage()
                    + "; it may still be running: run 'wadal terminate --force " + profileName + "'");
            return status == ExitCodes.OK ? ExitCodes.FAILED : status;
        } finally {
            ws.err().flush();
        }
    }
}
