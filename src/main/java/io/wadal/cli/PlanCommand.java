package io.wadal.cli;

import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.assets.AssetCatalog;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.emr.ClusterPlanner;
import io.wadal.emr.PlanSummary;
import io.wadal.emr.SdkJson;
import io.wadal.profile.SecretMasker;
import io.wadal.profile.Profile;
import io.wadal.workspace.WorkspaceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

import java.io.PrintWriter;
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
        Profile p = ws.profile(ws.profileName());
        String region = ws.region(p);
        RunJobFlowRequest request = new ClusterPlanner(ws.home().root(), new AssetCatalog(ws.home().assets()),
                ws.warnings()).plan(p, region);
        // what create would refuse before launching, plan refuses too
        WorkspaceSpec.of(p);
        SecretMasker masker = new SecretMasker(p.secretValues());
        PrintWriter out = ws.out();
        if (json) {
            Json.print(ws.out(), masker.mask(SdkJson.toJson(request)));
        } else {
            out.println("Profile: " + p.name() + " (" + p.file() + ")");
            out.println("Region:  " + region);
            out.print(masker.mask(PlanSummary.render(request)));
            out.flush();
        }
        return 0;
    }
}
