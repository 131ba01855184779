package io.wadal.cli;

import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.WadalException;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.profile.Profile;
import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.TermCommandInstaller;
import io.wadal.ssh.TermCommandInstaller.Keys;
import io.wadal.state.ClusterRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "add-termcmd", mixinStandardHelpOptions = true,
        description = {"Install terminate_cluster on the master, which terminates this cluster (e.g. a notebook's last cell).",
                "The command is mode 0700, owned by SSH_USER, and uses EMR_TERM_ACCESS_KEY and EMR_TERM_SECRET_KEY "
                        + "(both required). It goes to /usr/bin (or /usr/local/bin) with sudo, else to ~/bin. "
                        + "The keys travel over stdin, never on a command line."})
public class AddTermcmdCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;

    public AddTermcmdCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        String name = ws.profileName();
        Profile profile = ws.profile(name);
        Optional<String> access = profile.get("EMR_TERM_ACCESS_KEY");
        Optional<String> secret = profile.get("EMR_TERM_SECRET_KEY");
        if (access.isEmpty() || secret.isEmpty()) {
            throw WadalException.usage("add-termcmd needs EMR_TERM_ACCESS_KEY and EMR_TERM_SECRET_KEY: set both in "
                    + (profile.file() == null ? "the profile" : profile.file())
                    + " (the keys of an IAM user allowed elasticmapreduce:TerminateJobFlows)");
        }
        ClusterRecord record = ws.record(name);
        String region = ws.region(record);
        MasterRoot root = new MasterRoot(ctx.env(MasterRoot.ENV));
        String installed;
        try (MinaRemoteShell master = ws.master(name)) {
            installed = TermCommandInstaller.install(master, root, record.id(), region, new Keys(access.get(), secret.get()));
        }
        if (!TermCommandInstaller.inSystemFolder(installed, root)) {
            ws.warnings().accept("no sudo on the master: installed in " + installed + ", which may not be on PATH; call it by that path");
        }
        ws.out().println("Installed " + installed + " on the master: it terminates cluster " + record.id() + " (" + region + ").");
        return 0;
    }
}
