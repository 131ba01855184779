package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileAndArguments;
import io.wadal.error.WadalException;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "attach", mixinStandardHelpOptions = true, modelTransformer = AttachCommand.Arguments.class,
        description = {"Follow a job on the master (from run-notebook or run-pyspark): stream its output from the start "
                + "(or its last --tail lines) and exit with its status once it ends, at once if it had ended.",
                "Ctrl-C detaches again; the job goes on. A dropped connection is reconnected, the output resumed where it stopped.",
                "  wadal attach myprof nb-20261201-0931-etl", "  wadal attach myprof py-20261201-0940-daily --tail 20"})
public class AttachCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;
    @Option(names = "--tail", paramLabel = "N", description = "start with the last N lines of the output instead of all of it")
    Integer tail;

    public AttachCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        if (target.arguments().size() != 1) {
            throw WadalException.usage("name one job: wadal attach [PROFILE] JOB ('wadal jobs PROFILE' lists them)");
        }
        return ws.jobControl().attach(ws.profileName(), target.arguments().get(0), tail);
    }

    /** The usage line names the real arguments. */
    public static final class Arguments implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return ProfileAndArguments.name(spec, "[PROFILE] JOB",
                    "profile name (unless -P or $PROFILE is given), then the job's id as 'wadal jobs' lists it");
        }
    }
}
