package io.wadal.cli.mixin;

import io.wadal.profile.ProfileKey;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Options of the batch commands run-notebook and run-pyspark. */
public class JobOptions {
    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE",
            description = "an environment variable for the run (repeatable); overrides $ENVS, which overrides the profile's " + ProfileKey.Names.RUN_NOTEBOOK_ENVS)
    List<String> env = new ArrayList<>();

    @Option(names = "--terminate-after",
            description = "terminate the cluster (as terminate --force) when the run ends, success or not; exit with the run's status")
    boolean terminateAfter;

    @Option(names = "--detach",
            description = "start the job on the master, print its id and exit 0 at once ('wadal attach' follows it later)")
    boolean detach;

    @Option(names = "--kill-on-interrupt",
            description = "Ctrl-C kills the job on the master (by default it detaches and the job goes on)")
    boolean killOnInterrupt;

    /** The -e assignments as given. */
    public List<String> env() {
        return env;
    }

    public boolean terminateAfter() {
        return terminateAfter;
    }

    public boolean detach() {
        return detach;
    }

    public boolean killOnInterrupt() {
        return killOnInterrupt;
    }
}
