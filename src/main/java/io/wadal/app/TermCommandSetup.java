package io.wadal.app;

import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.TermCommandInstaller.Keys;
import io.wadal.ssh.TermCommandInstaller;
import io.wadal.state.ClusterRecord;

import java.util.Optional;
import java.util.function.Function;

/** {@code add-termcmd}: installs terminate_cluster on the master, with the profile's EMR_TERM_* keys. */
public final class TermCommandSetup {
    /** Where it went; {@code inSystemFolder} false when the master had no sudo (then it may not be on PATH). */
    public record Installed(String path, boolean inSystemFolder, String clusterId, String region) {
    }

    private final Function<String, Profile> profiles;
    private final Function<String, ClusterRecord> records;
    private final Function<ClusterRecord, String> regions;
    private final MasterSession master;
    private final MasterRoot root;

    public TermCommandSetup(Function<String, Profile> profiles, Function<String, ClusterRecord> records,
                            Function<ClusterRecord, String> regions, MasterSession master, MasterRoot root) {
        this.profiles = profiles;
        this.records = records;
        this.regions = regions;
        this.master = master;
        this.root = root;
    }

    public Installed install(String name) {
        Profile profile = profiles.apply(name);
        Optional<String> access = profile.emrTermAccessKey();
        Optional<String> secret = profile.emrTermSecretKey();
        if (access.isEmpty() || secret.isEmpty()) {
            throw WadalException.usage("add-termcmd needs " + ProfileKey.EMR_TERM_ACCESS_KEY + " and " + ProfileKey.EMR_TERM_SECRET_KEY + ": set both in "
                    + profile.where()
                    + " (the keys of an IAM user allowed elasticmapreduce:TerminateJobFlows)");
        }
        ClusterRecord record = records.apply(name);
        String region = regions.apply(record);
        String installed;
        try (MinaRemoteShell shell = master.connect(name)) {
            installed = TermCommandInstaller.install(shell, root, record.id(), region, new Keys(access.get(), secret.get()));
        }
        return new Installed(installed, TermCommandInstaller.inSystemFolder(installed, root), record.id(), region);
    }
}
