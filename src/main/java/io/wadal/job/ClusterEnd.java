package io.wadal.job;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a job's master needs to end the cluster when the job ends (--terminate-after): its id and
 * region, and the installed terminate_cluster when EMR_TERM_* keys are used (else the instance
 * role). Only these go on the job's start command line: the keys stay in terminate_cluster.
 */
public record ClusterEnd(String clusterId, String region, Optional<String> command) {
    private static final Pattern CLUSTER_ID = Pattern.compile("j-[A-Za-z0-9]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}[a-z0-9]");
    private static final Pattern COMMAND = Pattern.compile("[A-Za-z0-9._/-]{1,200}");

    public ClusterEnd {
        if (!CLUSTER_ID.matcher(clusterId).matches() || !REGION.matcher(region).matches()
                || command.isPresent() && !COMMAND.matcher(command.get()).matches()) {
            throw new IllegalArgumentException("not a cluster, region or command path wadal puts on a command line");
        }
    }
}
