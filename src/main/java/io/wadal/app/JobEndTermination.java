package io.wadal.app;

import io.wadal.aws.AwsFailure;
import io.wadal.check.SelfTerminationMeans;
import io.wadal.error.WadalException;
import io.wadal.job.ClusterEnd;
import io.wadal.profile.Profile;
import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;
import io.wadal.ssh.TermCommandInstaller;
import io.wadal.state.ClusterRecord;
import io.wadal.workspace.SelfTermination;

import software.amazon.awssdk.core.exception.SdkException;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A job's --terminate-after, kept by the master: whether it can end its cluster itself (the EMR_TERM_*
 * keys, else its instance role, as for MAX_AGE), and the master made ready to (wadal_terminate.sh,
 * and terminate_cluster with the keys), so that the job's end ends the cluster with no laptop attached.
 */
public final class JobEndTermination {
    private final Supplier<byte[]> terminateScript;
    private final Function<ClusterRecord, String> regions;
    private final MasterRoot root;
    private final BiFunction<Profile, String, SelfTerminationMeans.Means> means;

    /** @param means how the master could end a profile's cluster in a region (keys, role, none) */
    public JobEndTermination(Supplier<byte[]> terminateScript, Function<ClusterRecord, String> regions, MasterRoot root,
                             BiFunction<Profile, String, SelfTerminationMeans.Means> means) {
        this.terminateScript = terminateScript;
        this.regions = regions;
        this.root = root;
        this.means = means;
    }

    /** How the master would do it; {@link SelfTerminationMeans.Kind#NONE} (with the reason) when it cannot or AWS cannot be asked. */
    public SelfTerminationMeans.Means means(Profile profile, ClusterRecord record) {
        try {
            return means.apply(profile, regions.apply(record));
        } catch (SdkException e) {
            return new SelfTerminationMeans.Means(SelfTerminationMeans.Kind.NONE, "AWS could not be asked: " + AwsFailure.why(e), "");
        }
    }

    /** Installs what the master needs; what the job's start is given. A failure is a {@link WadalException}. */
    public ClusterEnd prepare(RemoteShell master, Profile profile, ClusterRecord record) {
        String region = regions.apply(record);
        ExecResult installed = new SelfTermination(terminateScript.get()).install(master);
        if (!installed.ok()) {
            throw WadalException.failed("installing ~/" + SelfTermination.SCRIPT + " on the master failed (exit status "
                    + installed.exitStatus() + ")");
        }
        Optional<String> command = TermCommandInstaller.installWithKeysOf(profile, master, root, record.id(), region);
        try {
            return new ClusterEnd(record.id(), region, command);
        } catch (IllegalArgumentException e) {
            throw WadalException.failed("the master cannot be told to end cluster " + record.id() + ": " + e.getMessage(), e);
        }
    }
}
