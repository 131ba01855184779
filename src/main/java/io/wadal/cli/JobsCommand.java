package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.JobControl;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"List the run-notebook and run-pyspark jobs on the profile's master: id, kind, script or notebook, "
                + "state (running, succeeded, failed N, killed, lost), start (UTC) and duration.",
                "Each job's files are in ~/.wadal/jobs/<id>/ on the master (log, status, job.json).",
                "  wadal jobs myprof", "  wadal jobs myprof --kill nb-20261201-0931-etl", "  wadal jobs myprof --prune --json"})
public class JobsCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;
    @Option(names = "--json", description = "print as JSON (with each notebook's output path under works/)")
    boolean json;
    @Option(names = "--kill", paramLabel = "JOB", description = "first kill this job on the master (its state becomes killed)")
    String kill;
    @Option(names = "--prune", description = "first remove the folders of the jobs that ended")
    boolean prune;

    public JobsCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Invocation ws = target.workspace(ctx);
        JobControl.Listing listing = ws.jobControl().jobs(ws.profileName(), kill, prune);
        if (kill != null) {
            ws.ui().info(listing.killedNow() ? "Killed job " + kill + "."
                    : "Job " + kill + " had already ended" + listing.killedJob().map(j -> " (" + j.stateText() + ")").orElse("")
                    + "; nothing to kill.");
        }
        if (!listing.pruned().isEmpty()) {
            ws.ui().info("Removed " + listing.pruned().size() + " ended job(s): " + String.join(", ", listing.pruned()) + ".");
        }
        if (json) {
            ws.ui().result(Json.text(listing.rows()));
        } else if (listing.jobs().isEmpty()) {
            ws.ui().info("No jobs on the master.");
        } else {
            listing.table().forEach(ws.ui()::result);
        }
        return 0;
    }
}
