package io.wadal.emr;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.profile.ProfileKey;
import io.wadal.time.DurationParser;
import io.wadal.time.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Polls a cluster until it is RUNNING or WAITING. The interval starts at
 * {@link #FIRST_INTERVAL} and grows by half each poll up to {@link #MAX_INTERVAL}: a cluster
 * takes minutes, so later polls need not be frequent. A DescribeCluster that fails for a reason
 * that passes (throttling, a 5xx, the network; see {@link EmrClusterService#isTransient}) is
 * retried until the timeout, the interval doubling up to {@link #MAX_INTERVAL}, and said once per
 * run of failures; at the timeout the last failure is in the exit-4 message. Any other failure
 * (access denied, validation) ends the wait at once.
 */
public final class ClusterWaiter {
    static final Duration FIRST_INTERVAL = Duration.ofSeconds(5);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

    private final EmrClusterService emr;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> progress;

    public ClusterWaiter(EmrClusterService emr, Clock clock, Sleeper sleeper, Consumer<String> progress) {
        this.emr = emr;
        this.clock = clock;
        this.sleeper = sleeper;
        this.progress = progress;
    }

    /**
     * @return the cluster once ready
     * @throws WadalException exit 3 when it terminates, 4 when the timeout passes (EMR failing or not), 1 when EMR
     *                        refuses the call, 130 when interrupted
     */
    public ClusterInfo waitUntilReady(String clusterId, Duration timeout) {
        return waitUntilReady(clusterId, timeout, null);
    }

    /** As {@link #waitUntilReady(String, Duration)}, naming {@code wadal logs PROFILE bootstrap} when the cluster ends. */
    public ClusterInfo waitUntilReady(String clusterId, Duration timeout, String profile) {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Duration interval = FIRST_INTERVAL;
        String lastState = null;
        WadalException failing = null;
        while (true) {
            ClusterInfo info = null;
            try {
                info = emr.describe(clusterId);
                failing = null;
            } catch (WadalException e) {
                if (!EmrClusterService.isTransient(e)) {
                    throw e;
                }
                if (failing == null) {
                    progress.accept("[" + elapsed(start) + "] " + e.getMessage() + "; retrying for up to "
                            + DurationParser.format(Duration.between(clock.instant(), deadline)) + " more");
                }
                failing = e;
            }
            if (info != null) {
                if (!info.state().equals(lastState)) {
                    progress.accept("[" + elapsed(start) + "] " + info.state());
                    lastState = info.state();
                }
                if (info.ready()) {
                    return info;
                }
                if (info.terminated()) {
                    throw new WadalException(ExitCodes.CLUSTER_FAILED, "cluster " + clusterId + " is "
                            + info.state() + " (" + info.reason() + "); " + (profile == null ? "check the logs in " + ProfileKey.EMR_LOG_DIR_S3
                            : "'wadal logs " + profile + " bootstrap' shows its bootstrap logs (from " + ProfileKey.EMR_LOG_DIR_S3 + ")")
                            + ", then run 'wadal create" + (profile == null ? "" : " " + profile) + "' again");
                }
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                String state = lastState == null ? "unknown" : lastState;
                throw new WadalException(ExitCodes.TIMED_OUT, "timed out after " + DurationParser.format(timeout)
                        + " waiting for cluster " + clusterId + " (" + (failing == null ? "still " + state
                        : "last seen " + state + "; EMR kept failing: " + failing.getMessage())
                        + "); run 'wadal wait-ready' again to keep waiting", failing);
            }
            try {
                sleeper.sleep(interval.compareTo(left) < 0 ? interval : left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WadalException(ExitCodes.INTERRUPTED, "interrupted while waiting for cluster " + clusterId);
            }
            interval = failing == null ? interval.plus(interval.dividedBy(2)) : interval.multipliedBy(2);
            if (interval.compareTo(MAX_INTERVAL) > 0) {
                interval = MAX_INTERVAL;
            }
        }
    }

    private String elapsed(Instant start) {
        return DurationParser.format(Duration.between(start, clock.instant()));
    }
}
