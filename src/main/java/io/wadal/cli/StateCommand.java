package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.emr.ClusterInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "state", mixinStandardHelpOptions = true,
        description = "Print the state of the profile's cluster: STARTING, BOOTSTRAPPING, RUNNING, WAITING, "
                + "TERMINATING, TERMINATED or TERMINATED_WITH_ERRORS.")
public class StateCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;
    @Option(names = "--json", description = "print id, state, reason and master host as JSON")
    boolean json;

    public StateCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Invocation ws = target.workspace(ctx);
        ClusterInfo info = ws.clusters().describe(ws.profileName());
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", info.id());
            out.put("state", info.state());
            out.put("reason", info.reasonCode() == null && info.reasonMessage() == null ? null : info.reason());
            out.put("masterHost", info.masterPublicDns());
            ws.ui().result(Json.text(out));
        } else {
            ws.ui().result(info.state());
        }
        return 0;
    }
}
