package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.TermCommandSetup;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.profile.ProfileKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "add-termcmd", mixinStandardHelpOptions = true,
        description = {"Install terminate_cluster on the master, which terminates this cluster (e.g. a notebook's last cell).",
                "The command is mode 0700, owned by " + ProfileKey.Names.SSH_USER + ", and uses " + ProfileKey.Names.EMR_TERM_ACCESS_KEY + " and " + ProfileKey.Names.EMR_TERM_SECRET_KEY + " "
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
        TermCommandSetup.Installed installed = ws.termCommand().install(ws.profileName());
        if (!installed.inSystemFolder()) {
            ws.ui().warn("no sudo on the master: installed in " + installed.path() + ", which may not be on PATH; call it by that path");
        }
        ws.ui().result("Installed " + installed.path() + " on the master: it terminates cluster " + installed.clusterId()
                + " (" + installed.region() + ").");
        return 0;
    }
}
