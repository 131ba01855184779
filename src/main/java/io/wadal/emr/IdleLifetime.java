package io.wadal.emr;

import io.wadal.profile.ProfileKey;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a forgotten cluster lives, for plan and check. EMR counts a cluster as idle only when
 * no YARN application runs, and every Jupyter kernel holds one (its SparkContext): so first
 * Jupyter ends the idle kernels (KERNEL_IDLE_TIMEOUT), then EMR's idle clock runs (IDLE_TIMEOUT).
 */
public final class IdleLifetime {
    private IdleLifetime() {
    }

    /** E.g. "terminates after 2h idle; kernels end after 1h idle, so a forgotten cluster lives at most 3h". */
    public static String describe(Optional<Duration> idleTimeout, Optional<Duration> kernelIdleTimeout) {
        if (idleTimeout.isEmpty()) {
            return "no auto-termination: a forgotten cluster lives until you terminate it";
        }
        String terminates = "terminates after " + PlanSummary.duration(idleTimeout.get().getSeconds()) + " idle";
        if (kernelIdleTimeout.isEmpty()) {
            return terminates + ", but " + ProfileKey.KERNEL_IDLE_TIMEOUT + "=off: an open kernel holds a YARN application, "
                    + "which EMR counts as activity, so a forgotten cluster may live forever";
        }
        return terminates + "; kernels end after " + PlanSummary.duration(kernelIdleTimeout.get().getSeconds())
                + " idle, so a forgotten cluster lives at most "
                + PlanSummary.duration(idleTimeout.get().plus(kernelIdleTimeout.get()).getSeconds());
    }

    /** Whether a kernel can keep the cluster forever although auto-termination is on. */
    public static boolean kernelsKeepItForever(Optional<Duration> idleTimeout, Optional<Duration> kernelIdleTimeout) {
        return idleTimeout.isPresent() && kernelIdleTimeout.isEmpty();
    }
}
