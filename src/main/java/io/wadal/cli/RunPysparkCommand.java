package io.wadal.cli;

import io.wadal.app.BatchRunner;
import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.JobOptions;
import io.wadal.cli.mixin.ProfileAndArguments;
import io.wadal.job.RemoteJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "run-pyspark", mixinStandardHelpOptions = true, modelTransformer = RunPysparkCommand.ScriptOptions.class,
        customSynopsis = "wadal run-pyspark [OPTIONS] [PROFILE] SCRIPT [ARGS...] [-e KEY=VALUE]... [--terminate-after] [--detach]",
        description = {"Run works/SCRIPT on the master with spark-submit, streaming its output; exit with its status.",
                "The run is a job on the master that outlives the connection: a dropped one is reconnected, Ctrl-C detaches "
                        + "(the job goes on: wadal jobs, wadal attach); --detach prints the job's id and exits at once.",
                "Options wadal does not know are passed to the script; put the script's own -e, -p, -v… after --.",
                "  wadal run-pyspark myprof etl/daily.py --date 2026-11-21",
                "  wadal run-pyspark myprof job.py -e STAGE=prod -- -v",
                "  PROFILE=myprof ENVS='A=1 B=\"x y\"' wadal run-pyspark job.py --terminate-after"})
public class RunPysparkCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;
    @Mixin
    JobOptions job;

    public RunPysparkCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        String name = ws.profileName();
        BatchRunner batch = ws.batch();
        RemoteJob sparkSubmit = batch.sparkSubmit(name, target.arguments(), job.env());
        return batch.run(name, sparkSubmit, new BatchRunner.Options(job.terminateAfter(), false, job.detach(), job.killOnInterrupt()));
    }

    /** A script's own options (--date …) are its arguments, not errors. */
    public static final class ScriptOptions implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().unmatchedOptionsArePositionalParams(true);
            return spec;
        }
    }
}
