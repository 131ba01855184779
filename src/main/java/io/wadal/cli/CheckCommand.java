package io.wadal.cli;

import io.wadal.app.AssetSync;
import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.WadalException;
import io.wadal.assets.AssetCatalog;
import io.wadal.check.CheckResult;
import io.wadal.check.Items;
import io.wadal.check.Preflight;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.emr.ClusterPlanner;
import io.wadal.profile.SecretMasker;
import io.wadal.profile.Profile;
import io.wadal.workspace.WorkspaceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the profile and its AWS resources before a launch, launching nothing.",
                "Checks the profile, AWS credentials, subnet, key pair and key file, assets, log bucket, git repository, "
                        + "the master's security group, the release label and the spot bid. "
                        + "One line per item (ok, warning, failed, skipped); exit 1 if any failed."})
public class CheckCommand implements Callable<Integer> {
    static final Duration GIT_TIMEOUT = Duration.ofSeconds(20);

    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;
    @Option(names = "--json", description = "print the items as a JSON array of {item, status, detail}")
    boolean json;

    public CheckCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Invocation ws = target.workspace(ctx);
        String name = ws.profileName();
        List<String> warnings = new ArrayList<>();
        Profile p = ws.profile(name, warnings::add);
        String region = ws.region(p);
        CheckResult profile = profileItem(ws, p, region, warnings);
        List<CheckResult> results = new Preflight(p, region, regionSource(p), ctx.aws(), () -> {
            try {
                return ws.assetSync().assets(p, p.initAssetDir().orElseThrow(), region);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, ctx.clock(), GIT_TIMEOUT).run(profile);
        SecretMasker masker = new SecretMasker(secrets(p));
        results = results.stream().map(r -> r.withDetail(masker.mask(r.detail()))).toList();
        if (json) {
            Json.print(ws.out(), results);
        } else {
            render(ws.out(), results);
        }
        return results.stream().anyMatch(CheckResult::failed) ? 1 : 0;
    }

    /** The profile loads (else exit 2 before this) and create would accept it; its warnings are this item's. */
    private static CheckResult profileItem(Invocation ws, Profile p, String region, List<String> loaderWarnings) {
        List<String> warnings = new ArrayList<>(loaderWarnings);
        try {
            new ClusterPlanner(ws.home().root(), new AssetCatalog(ws.home().assets()), w -> {
                // reported by the idle-timeout item
                if (!w.startsWith("IDLE_TIMEOUT")) {
                    warnings.add(w);
                }
            }).planForLaunch(p, region);
            WorkspaceSpec.of(p);
        } catch (WadalException e) {
            return CheckResult.failed(Items.PROFILE, e.getMessage());
        }
        String where = p.file() == null ? p.name() : p.file().toString();
        return warnings.isEmpty() ? CheckResult.ok(Items.PROFILE, where)
                : CheckResult.warning(Items.PROFILE, where + ": " + String.join("; ", warnings));
    }

    /** The profile's secrets, with a password written into GIT_REPO in the forms git may show it. */
    private static List<String> secrets(Profile p) {
        List<String> secrets = new ArrayList<>(p.secretValues());
        try {
            WorkspaceSpec.gitRemote(p).ifPresent(g -> secrets.addAll(g.passwordForms()));
        } catch (WadalException e) {
            // the profile item reports it; its message shows no password
        }
        return secrets;
    }

    private String regionSource(Profile p) {
        if (p.region().isPresent()) {
            return "AWS_REGION in " + (p.file() == null ? "the profile" : p.file().toString());
        }
        for (String var : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            if (ctx.env(var) != null) {
                return "environment variable " + var;
            }
        }
        return "the AWS config's default region";
    }

    private static void render(PrintWriter out, List<CheckResult> results) {
        int width = results.stream().mapToInt(r -> r.item().length()).max().orElse(0);
        int[] counts = new int[CheckResult.Status.values().length];
        for (CheckResult r : results) {
            out.printf("%-8s %-" + width + "s  %s%n", r.status().word(), r.item(), r.detail());
            counts[r.status().ordinal()]++;
        }
        List<String> summary = new ArrayList<>();
        for (CheckResult.Status s : CheckResult.Status.values()) {
            summary.add(counts[s.ordinal()] + " " + s.word());
        }
        out.println(String.join(", ", summary) + (counts[CheckResult.Status.FAILED.ordinal()] > 0
                ? ": fix the failed items before 'wadal create'" : ""));
        out.flush();
    }
}
