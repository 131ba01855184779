package io.wadal.emr;

import io.wadal.profile.ProfileKey;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a forgotten cluster lives, for plan and check. EMR counts a cluster as idle only when
 * no YARN application runs, and every Jupyter kernel holds one (its SparkContext): so first
 * Jupyter ends the idle kernels (KERNEL_IDLE_TIMEOUT), then EMR's idle clock runs (IDLE_TIMEOUT).
 * MAX_AGE, when set, ends any cluster at that age, in use or not.
 */
public final class IdleLifetime {
    private IdleLifetime() {
    }

    /** E.g. "terminates after 2h idle; kernels end after 1h idle, so a forgotten cluster lives at most 3h". */
    public static String describe(Optional<Duration> idleTimeout, Optional<Duration> kernelIdleTimeout) {
        return describe(idleTimeout, kernelIdleTimeout, Optional.empty());
    }

    /** As above, with MAX_AGE bounding every cluster, forgotten or in use. */
    public static String describe(Optional<Duration> idleTimeout, Optional<Duration> kernelIdleTimeout, Optional<Duration> maxAge) {
        String cap = maxAge.map(a -> PlanSummary.duration(a.getSeconds())).orElse("");
        if (idleTimeout.isEmpty()) {
            return maxAge.isPresent()
                    ? "no auto-termination: a cluster lives until you terminate it or " + ProfileKey.MAX_AGE + " ends it at " + cap
                    : "no auto-termination: a forgotten cluster lives until you terminate it";
        }
        String terminates = "terminates after " + PlanSummary.duration(idleTimeout.get().getSeconds()) + " idle";
        if (kernelIdleTimeout.isEmpty()) {
            return terminates + ", but " + ProfileKey.KERNEL_IDLE_TIMEOUT + "=off: an open kernel holds a YARN application, "
                    + "which EMR counts as activity, so a forgotten cluster may live "
                    + (maxAge.isPresent() ? "until " + ProfileKey.MAX_AGE + " ends it at " + cap : "forever");
        }
        Duration forgotten = idleTimeout.get().plus(kernelIdleTimeout.get());
        String atMost = PlanSummary.duration((maxAge.isPresent() && maxAge.get().compareTo(forgotten) < 0 ? maxAge.get() : forgotten)
                .getSeconds());
        return terminates + "; kernels end after " + PlanSummary.duration(kernelIdleTimeout.get().getSeconds())
                + " idle, so a forgotten cluster lives at most " + atMost
                + (maxAge.isPresent() ? ", and any cluster at most " + cap + " (" + ProfileKey.MAX_AGE + ")" : "");
    }

    /** Whether a kernel can keep the cluster forever although auto-termination is on (MAX_AGE off). */
    public static boolean kernelsKeepItForever(Optional<Duration> idleTimeout, Optional<Duration> kernelIdleTimeout,
                                               Optional<Duration> maxAge) {
        return idleTimeout.isPresent() && kernelIdleTimeout.isEmpty() && maxAge.isEmpty();
    }
}
