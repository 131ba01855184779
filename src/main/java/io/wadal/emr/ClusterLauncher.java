package io.wadal.emr;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.time.Sleeper;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Launches a cluster at most once. Each request carries its own {@code wadal:launch} tag; when
 * RunJobFlow fails in a way that leaves open whether EMR accepted it (a 5xx, a dropped connection,
 * a timeout), the cluster is looked for by that tag before the request is sent again.
 */
public final class ClusterLauncher {
    static final int ATTEMPTS = 3;
    // EMR may list a fresh cluster a little late; look twice before concluding it was not launched.
    static final Duration LOOK_AGAIN_AFTER = Duration.ofSeconds(5);
    static final Duration THROTTLE_PAUSE = Duration.ofSeconds(5);

    private final EmrClusterService emr;
    private final Sleeper sleeper;
    private final Consumer<String> notes;

    public ClusterLauncher(EmrClusterService emr, Sleeper sleeper, Consumer<String> notes) {
        this.emr = emr;
        this.sleeper = sleeper;
        this.notes = notes;
    }

    /**
     * Sends the request (which must carry a launch tag) and returns the cluster id, retrying an
     * unknown outcome only after EMR shows no cluster with that tag, {@value #ATTEMPTS} attempts in all.
     */
    public String launch(RunJobFlowRequest request) {
        String launchId = RunJobFlowRequestBuilder.launchId(request)
                .orElseThrow(() -> new IllegalArgumentException("request without a " + RunJobFlowRequestBuilder.LAUNCH_TAG + " tag"));
        for (int attempt = 1; ; attempt++) {
            SdkException failure;
            try {
                return emr.runJobFlowOnce(request);
            } catch (SdkException e) {
                failure = e;
            }
            if (throttled(failure) && attempt < ATTEMPTS) {
                // EMR refused the call for its rate, so it launched nothing: send it again after a pause.
                Duration pause = THROTTLE_PAUSE.multipliedBy(attempt);
                notes.accept("EMR is throttling RunJobFlow; sending it again in " + pause.toSeconds() + " s.");
                pause(pause);
                continue;
            }
            if (!outcomeUnknown(failure)) {
                throw new Failure(EmrClusterService.translate("RunJobFlow", failure), false);
            }
            String why = EmrClusterService.translate("RunJobFlow", failure).getMessage();
            notes.accept(why + " — the request may have been accepted; looking for the cluster tagged "
                    + RunJobFlowRequestBuilder.LAUNCH_TAG + "=" + launchId);
            Optional<ClusterInfo> launched = findLaunched(launchId, failure);
            if (launched.isPresent()) {
                notes.accept("Found it: " + launched.get().id() + " was launched; not launching another.");
                return launched.get().id();
            }
            if (attempt == ATTEMPTS) {
                throw new Failure(WadalException.failed(why + " (" + ATTEMPTS + " attempts; EMR shows no cluster "
                        + "from them, so nothing was launched)", failure), false);
            }
            notes.accept("No cluster carries the tag: nothing was launched; sending RunJobFlow again.");
        }
    }

    private Optional<ClusterInfo> findLaunched(String launchId, SdkException launchFailure) {
        try {
            Optional<ClusterInfo> found = emr.activeClusterTagged(RunJobFlowRequestBuilder.LAUNCH_TAG, launchId);
            if (found.isEmpty()) {
                sleeper.sleep(LOOK_AGAIN_AFTER);
                found = emr.activeClusterTagged(RunJobFlowRequestBuilder.LAUNCH_TAG, launchId);
            }
            return found;
        } catch (WadalException e) {
            throw new Failure(WadalException.failed(EmrClusterService.translate("RunJobFlow", launchFailure).getMessage()
                    + ", and looking for the cluster failed too (" + e.getMessage() + ")", launchFailure), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(new WadalException(ExitCodes.INTERRUPTED, "interrupted while looking for the cluster "
                    + "RunJobFlow may have launched", e), true);
        }
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(new WadalException(ExitCodes.INTERRUPTED, "interrupted before RunJobFlow was sent again; "
                    + "nothing was launched", e), false);
        }
    }

    static boolean throttled(SdkException e) {
        return e instanceof AwsServiceException service && service.isThrottlingException();
    }

    /** True unless EMR refused the call (4xx) or it never left this machine (no connection, no credentials). */
    static boolean outcomeUnknown(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.statusCode() >= 500;
        }
        if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return false;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** RunJobFlow failed; {@link #launchMayExist()} when it is not known whether EMR launched the cluster. */
    public static final class Failure extends WadalException {
        private final boolean launchMayExist;

        Failure(WadalException cause, boolean launchMayExist) {
            super(cause.exitCode(), cause.getMessage(), cause.getCause());
            this.launchMayExist = launchMayExist;
        }

        public boolean launchMayExist() {
            return launchMayExist;
        }
    }
}
