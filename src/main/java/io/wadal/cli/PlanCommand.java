package io.wadal.cli;

import io.wadal.assets.AssetCatalog;
import io.wadal.cli.mixin.CommonOptions;
import io.wadal.emr.ClusterPlanner;
import io.wadal.emr.PlanSummary;
import io.wadal.emr.SdkJson;
import io.wadal.emr.SecretMasker;
import io.wadal.profile.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what 'create' would send to EMR, without calling AWS (no credentials needed).",
                "--json prints the full RunJobFlow request, with any secret shown as ****."})
public class PlanCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "PROFILE", description = "profile name (or -P, or $PROFILE)")
    String profile;
    @Option(names = "--json", description = "print the RunJobFlow request as JSON")
    boolean json;

    public PlanCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Workspace ws = Workspace.of(spec, common, ctx);
        Profile p = ws.profile(ws.profileName(profile));
        String region = ws.region(p);
        RunJobFlowRequest request = new ClusterPlanner(ws.home(), new AssetCatalog(ws.home().resolve("assets")),
                ws.warnings()).plan(p, region);
        SecretMasker masker = new SecretMasker(p.secretValues());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(spec, masker.mask(SdkJson.toJson(request)));
        } else {
            out.println("Profile: " + p.name() + " (" + p.file() + ")");
            out.println("Region:  " + region);
            out.print(masker.mask(PlanSummary.render(request)));
            out.flush();
        }
        return 0;
    }
}
