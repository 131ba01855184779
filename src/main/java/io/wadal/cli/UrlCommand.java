package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.JupyterAccess;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.profile.ProfileKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "url", mixinStandardHelpOptions = true,
        description = {"Print the URL of the master's Jupyter itself, without a tunnel (as 'jupyter -u --direct').",
                "The URL is http://<master>:<port>/?token=…; it works from your machine only when " + ProfileKey.Names.JUPYTER_PUBLIC + "=true, "
                        + "otherwise use 'wadal jupyter'."})
public class UrlCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;

    public UrlCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        return ws.jupyter().open(ws.profileName(), new JupyterAccess.Mode(true, true, false, null));
    }
}
