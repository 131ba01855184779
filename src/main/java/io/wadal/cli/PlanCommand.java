package io.wadal.cli;

import io.wadal.app.ClusterPlans;
import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what 'create' would send to EMR, without calling AWS (no credentials needed).",
                "--json prints the full RunJobFlow request, with any secret shown as ****."})
public class PlanCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;
    @Option(names = "--json", description = "print the RunJobFlow request as JSON")
    boolean json;

    public PlanCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Invocation ws = target.workspace(ctx);
        ClusterPlans.Plan plan = ws.plans().plan(ws.profileName());
        if (json) {
            ws.ui().result(Json.text(plan.json()));
        } else {
            ws.ui().result("Profile: " + plan.profile().name() + " (" + plan.profile().file() + ")");
            ws.ui().result("Region:  " + plan.region());
            String summary = plan.summary();
            // the summary ends its own lines
            ws.ui().result(summary.endsWith("\n") ? summary.substring(0, summary.length() - 1) : summary);
        }
        return 0;
    }
}
