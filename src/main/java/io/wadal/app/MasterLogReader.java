package io.wadal.app;

import io.wadal.aws.AwsFailure;
import io.wadal.console.Ui;
import io.wadal.error.WadalException;
import io.wadal.profile.ProfileKey;
import io.wadal.ssh.MasterLogs.Kind;
import io.wadal.ssh.MasterLogs;
import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.MinaRemoteShell;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/** {@code logs}: the master's bootstrap-action and step logs (or the autosave or termination log), their bytes passing through to stdout and stderr. */
public final class MasterLogReader {
    private final MasterSession master;
    private final MasterRoot root;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final Function<String, S3Client> s3;
    private final Ui ui;

    /** @param s3 an S3 client of a region: for the logs EMR kept of a cluster that has ended */
    public MasterLogReader(MasterSession master, MasterRoot root, OutputStream stdout, OutputStream stderr,
                           Function<String, S3Client> s3, Ui ui) {
        this.master = master;
        this.root = root;
        this.stdout = stdout;
        this.stderr = stderr;
        this.s3 = s3;
        this.ui = ui;
    }

    /** The kinds the words name: none is both; exit 2 for more than one word or an unknown one. */
    public List<Kind> kinds(List<String> words) {
        if (words.isEmpty()) {
            return List.of(Kind.BOOTSTRAP, Kind.STEPS);
        }
        if (words.size() > 1) {
            throw WadalException.usage("logs takes one of bootstrap, steps, autosave or terminate, not " + String.join(" ", words));
        }
        return List.of(Kind.named(words.get(0)).orElseThrow(() -> WadalException.usage(
                "unknown log kind '" + words.get(0) + "': use bootstrap, steps, autosave or terminate")));
    }

    /** Prints the logs; exit 1 when some could not be read (their messages are printed already). */
    public void print(String profile, List<Kind> kinds) {
        MinaRemoteShell connected;
        try {
            connected = master.connect(profile);
        } catch (ClusterEnded ended) {
            fromS3(ended, kinds);
            return;
        }
        try (MinaRemoteShell shell = connected) {
            int status = MasterLogs.print(shell, kinds, root, stdout, stderr);
            if (status != 0) {
                throw WadalException.failed("some logs on the master could not be read (exit status " + status
                        + "); see the messages above");
            }
        }
    }

    /**
     * A cluster that has ended has no master: its bootstrap logs are read from where EMR keeps
     * them (its LogUri); the other kinds are only named there (exit 1).
     */
    private void fromS3(ClusterEnded ended, List<Kind> kinds) {
        String id = ended.record().id();
        String was = "cluster " + id + " is " + ended.info().state() + " (" + ended.info().reason() + ")";
        String logUri = ended.info().logUri();
        if (logUri == null) {
            throw WadalException.failed(was + " and EMR kept no logs of it (it was created with "
                    + ProfileKey.EMR_LOG_DIR_S3 + "=off); to keep them next time, leave " + ProfileKey.EMR_LOG_DIR_S3
                    + " unset (" + ProfileKey.INIT_ASSET_DIR_S3 + "/logs) or set it to an s3:// folder, then run 'wadal create "
                    + ended.record().profile() + "'", ended);
        }
        EmrLogArchive archive = new EmrLogArchive(s3.apply(ended.record().region()), logUri, id);
        String fetch = "aws s3 cp --recursive " + archive.prefix() + "/ ./" + id + "-logs";
        if (!kinds.contains(Kind.BOOTSTRAP)) {
            throw WadalException.failed(was + ": its master is gone; EMR keeps its logs in " + archive.prefix()
                    + "/ (steps/, node/<instance-id>/): " + fetch, ended);
        }
        List<S3Object> logs;
        try {
            logs = archive.bootstrapLogs();
        } catch (SdkException e) {
            throw WadalException.failed(was + "; its logs in " + archive.prefix() + "/ could not be listed ("
                    + AwsFailure.why(e) + "): " + fetch, ended);
        }
        if (logs.isEmpty()) {
            throw WadalException.failed(was + "; no bootstrap logs in " + archive.prefix() + "/node/ (yet: EMR pushes them "
                    + "about every 5 minutes) — 'aws s3 ls --recursive " + archive.prefix() + "/' lists what it kept", ended);
        }
        ui.info(was + ": its bootstrap logs from " + archive.prefix() + "/node/, as EMR kept them (all of its logs: "
                + fetch + ")");
        try {
            archive.print(logs, stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SdkException e) {
            throw WadalException.failed("reading the logs in " + archive.prefix() + "/ failed ("
                    + AwsFailure.why(e) + "): " + fetch, e);
        }
    }
}
