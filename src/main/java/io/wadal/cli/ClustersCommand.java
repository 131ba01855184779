package io.wadal.cli;

import io.wadal.app.ClusterRegistry;
import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.CommonOptions;
import io.wadal.error.WadalException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "clusters", mixinStandardHelpOptions = true,
        description = {"List every recorded cluster with its live state, uptime and normalized instance hours.",
                "--adopt finds your active clusters tagged wadal:profile that have no record here and records them;",
                "--prune removes the records of clusters that have terminated;",
                "--repair P moves a broken record of profile P aside (to P.json.broken-<time>) so P can be adopted or created again."})
public class ClustersCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Spec
    CommandSpec spec;
    @Option(names = "--adopt", description = "record your active clusters tagged wadal:profile that have no record")
    boolean adopt;
    @Option(names = "--any-creator", description = "with --adopt: also adopt clusters another AWS identity created "
            + "(by default only yours, told by their wadal:creator tag)")
    boolean anyCreator;
    @Option(names = "--prune", description = "remove records whose cluster has terminated")
    boolean prune;
    @Option(names = "--json", description = "print as JSON")
    boolean json;
    @Option(names = "--repair", paramLabel = "PROFILE",
            description = "move the profile's broken record files aside (nothing else is done)")
    String repair;

    public ClustersCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Invocation ws = CommonOptions.invocation(spec, ctx, null);
        if (repair != null && (adopt || prune || json)) {
            throw WadalException.usage("--repair works alone: run 'wadal clusters --repair " + repair
                    + "', then --adopt or --prune");
        } else if (repair != null) {
            ws.clusters().repair(repair);
            return 0;
        }
        ClusterRegistry.Listing listing = ws.clusters().list(adopt, anyCreator, prune);
        if (json) {
            ws.ui().result(Json.text(listing.rows()));
        } else if (listing.rows().isEmpty()) {
            ws.ui().info("No clusters recorded in " + listing.dir() + ".");
        } else {
            listing.table().forEach(ws.ui()::result);
        }
        return listing.failed() ? 1 : 0;
    }
}
