package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.check.CheckResult;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.console.Ui;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the profile and its AWS resources before a launch, launching nothing.",
                "Checks the profile, AWS credentials, the IAM roles, subnet and its route to the internet, key pair and key file, "
                        + "assets, log bucket, git repository, the master's security group, the release label and the spot bid. "
                        + "One line per item (ok, warning, failed, skipped); exit 1 if any failed."})
public class CheckCommand implements Callable<Integer> {
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
        List<CheckResult> results = ws.checkup().run(ws.profileName());
        if (json) {
            ws.ui().result(Json.text(results));
        } else {
            render(ws.ui(), results);
        }
        return results.stream().anyMatch(CheckResult::failed) ? 1 : 0;
    }

    private static void render(Ui ui, List<CheckResult> results) {
        int width = results.stream().mapToInt(r -> r.item().length()).max().orElse(0);
        int[] counts = new int[CheckResult.Status.values().length];
        List<String> summary = new ArrayList<>();
        for (CheckResult r : results) {
            ui.result(String.format("%-8s %-" + width + "s  %s", r.status().word(), r.item(), r.detail()));
            counts[r.status().ordinal()]++;
        }
        for (CheckResult.Status s : CheckResult.Status.values()) {
            summary.add(counts[s.ordinal()] + " " + s.word());
        }
        ui.result(String.join(", ", summary) + (counts[CheckResult.Status.FAILED.ordinal()] > 0
                ? ": fix the failed items before 'wadal create'" : ""));
    }
}
