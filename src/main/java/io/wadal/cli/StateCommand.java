package io.wadal.cli;

import io.wadal.cli.mixin.CommonOptions;
import io.wadal.emr.ClusterInfo;
import io.wadal.state.ClusterRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "state", mixinStandardHelpOptions = true,
        description = "Print the state of the profile's cluster: STARTING, BOOTSTRAPPING, RUNNING, WAITING, "
                + "TERMINATING, TERMINATED or TERMINATED_WITH_ERRORS.")
public class StateCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "PROFILE", description = "profile name (or -P, or $PROFILE)")
    String profile;
    @Option(names = "--json", description = "print id, state, reason and master host as JSON")
    boolean json;

    public StateCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Workspace ws = Workspace.of(spec, common, ctx);
        ClusterRecord record = ws.record(ws.profileName(profile));
        ClusterInfo info = ws.emr(ws.region(record)).describe(record.id());
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", info.id());
            out.put("state", info.state());
            out.put("reason", info.reason());
            out.put("masterHost", info.masterPublicDns());
            Json.print(spec, out);
        } else {
            spec.commandLine().getOut().println(info.state());
        }
        return 0;
    }
}
