package io.wadal.testing;

import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a home with a profile pointed at a test master (fake or real sshd) and a cluster record, so SSH commands need no AWS. */
public final class Records {
    private Records() {
    }

    /** A profile and the record of a cluster whose workspace wait-ready has set up (commands do not set it up again). */
    public static void profileWithCluster(Path home, String profile, String extraLines, SshMaster master) throws IOException {
        profileWithFreshCluster(home, profile, extraLines, master);
        markWorkspaceReady(home, profile);
    }

    /** A profile and the record of a cluster nobody ran wait-ready for: its workspace is not set up. */
    public static void profileWithFreshCluster(Path home, String profile, String extraLines, SshMaster master) throws IOException {
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/" + profile), "AWS_REGION=ap-northeast-2\n"
                + "AWS_EMR_LABEL=emr-7.5.0\nINIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\n"
                + master.profileLines() + extraLines);
        // a profile holding secrets is kept 0600, as wadal asks of its users
        Files.setPosixFilePermissions(home.resolve("profiles/" + profile), PosixFilePermissions.fromString("rw-------"));
        new ClusterStore(home.resolve("clusters")).save(new ClusterRecord("j-FAKEMASTER", profile, "ap-northeast-2",
                "fake", "2026-11-21T10:00:00Z", null, null));
    }

    /** Records that the profile's workspace is set up, as wait-ready does. */
    public static void markWorkspaceReady(Path home, String profile) {
        ClusterStore store = new ClusterStore(home.resolve("clusters"));
        store.find(profile).ifPresent(r -> store.update(r.withWorkspaceReadyAt("2026-11-21T10:05:00Z")));
    }
}
