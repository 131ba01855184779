package io.wadal.cli;

import io.wadal.app.BatchRunner;
import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.JobOptions;
import io.wadal.cli.mixin.ProfileAndArguments;
import io.wadal.job.RemoteJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run-notebook", mixinStandardHelpOptions = true, preprocessor = PapermillParameters.class,
        customSynopsis = "wadal run-notebook [OPTIONS] [PROFILE] NOTEBOOK [-p KEY VALUE]... [-e KEY=VALUE]... [--download] [--terminate-after] [--detach]",
        description = {"Run works/NOTEBOOK on the master with papermill into works/<NOTEBOOK without .ipynb>.out.ipynb, "
                + "in the notebook's folder, with a SparkContext; stream its output and exit with its status.",
                "The run is a job on the master that outlives the connection: a dropped one is reconnected, Ctrl-C detaches "
                        + "(the job goes on: wadal jobs, wadal attach); --detach prints the job's id and exits at once.",
                "-p KEY VALUE (two words) is a notebook parameter, as in papermill; -p KEY=VALUE (one word) "
                        + "and --set KEY=VALUE override a profile key, as in every command.",
                "  wadal run-notebook myprof team/etl.ipynb -p date 2026-11-21 -p limit 10",
                "  wadal create myprof && wadal wait-ready myprof && wadal run-notebook myprof etl.ipynb --terminate-after"})
public class RunNotebookCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;
    @Mixin
    JobOptions job;
    @Option(names = "--parameters", arity = "2", paramLabel = "KEY VALUE", hideParamSyntax = true,
            description = "a notebook parameter (papermill's -p; repeatable); -p KEY VALUE means the same")
    List<String> parameters = new ArrayList<>();
    @Option(names = "--download", description = "then download the output notebook into <home>/downloads/ (printed on stdout)")
    boolean download;

    public RunNotebookCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        String name = ws.profileName();
        BatchRunner batch = ws.batch();
        RemoteJob papermill = batch.notebook(name, target.arguments(), parameters, job.env());
        return batch.run(name, papermill, new BatchRunner.Options(job.terminateAfter(), download, job.detach(), job.killOnInterrupt()));
    }
}
