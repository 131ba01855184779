package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.CommonOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "List the profiles in <home>/profiles, with the cluster recorded for each.")
public class ProfilesCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Spec
    CommandSpec spec;
    @Option(names = "--json", description = "print as JSON")
    boolean json;

    public ProfilesCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Invocation ws = CommonOptions.invocation(spec, ctx, null);
        List<Map<String, Object>> rows = ws.profileListing().rows();
        if (json) {
            ws.ui().result(Json.text(rows));
            return 0;
        }
        if (rows.isEmpty()) {
            ws.ui().info("No profiles in " + ws.home().profiles() + ": copy profile.template to profiles/<name> and fill it in.");
        }
        for (Map<String, Object> row : rows) {
            Object cluster = row.containsKey("brokenRecord") ? "(broken record)" : row.get("cluster");
            ws.ui().result(cluster == null ? String.valueOf(row.get("name")) : String.format("%-24s %s", row.get("name"), cluster));
        }
        return 0;
    }
}
