package io.wadal.emr;

import io.wadal.error.WadalException;
import io.wadal.testing.FakeTime;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterStatus;
import software.amazon.awssdk.services.emr.model.DescribeClusterResponse;
import software.amazon.awssdk.services.emr.model.EmrException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ClusterWaiterTest {
    private final EmrClusterService emr = mock(EmrClusterService.class);
    private final FakeTime time = new FakeTime();
    private final List<String> progress = new ArrayList<>();
    private final ClusterWaiter waiter = new ClusterWaiter(emr, time, time::sleep, progress::add);

    private static ClusterInfo state(String s) {
        return new ClusterInfo("j-1", "c", s, null, null, s.equals("WAITING") ? "master.example" : null,
                null, null, null, Map.of());
    }

    @Test
    void waitsThroughStartingAndBootstrappingAndPrintsEachChangeOnce() {
        when(emr.describe("j-1")).thenReturn(state("STARTING"), state("STARTING"), state("BOOTSTRAPPING"),
                state("BOOTSTRAPPING"), state("WAITING"));

        ClusterInfo ready = waiter.waitUntilReady("j-1", Duration.ofMinutes(60));

        assertEquals("WAITING", ready.state());
        assertEquals(List.of("[0s] STARTING", "[12s] BOOTSTRAPPING", "[40s] WAITING"), progress);
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMillis(7500), Duration.ofMillis(11250),
                Duration.ofMillis(16875)), time.sleeps);
    }

    @Test
    void backoffStopsGrowingAtThirtySeconds() {
        when(emr.describe("j-1")).thenReturn(state("STARTING"), state("STARTING"), state("STARTING"),
                state("STARTING"), state("STARTING"), state("STARTING"), state("STARTING"), state("RUNNING"));
        waiter.waitUntilReady("j-1", Duration.ofMinutes(60));
        assertEquals(Duration.ofSeconds(30), time.sleeps.get(time.sleeps.size() - 1));
        assertTrue(time.sleeps.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(30)) <= 0));
    }

    @Test
    void aTerminatedClusterFailsFastWithEmrsReason() {
        when(emr.describe("j-1")).thenReturn(state("BOOTSTRAPPING"), new ClusterInfo("j-1", "c",
                "TERMINATED_WITH_ERRORS", "BOOTSTRAP_FAILURE", "On the master instance, bootstrap action 1 returned a non-zero return code",
                null, null, null, null, Map.of()));

        WadalException e = assertThrows(WadalException.class, () -> waiter.waitUntilReady("j-1", Duration.ofMinutes(60)));

        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains("TERMINATED_WITH_ERRORS"), e.getMessage());
        assertTrue(e.getMessage().contains("BOOTSTRAP_FAILURE: On the master instance, bootstrap action 1"), e.getMessage());
    }

    @Test
    void aClusterWhoseBootstrapFailedPointsToTheLogsCommand() {
        when(emr.describe("j-1")).thenReturn(new ClusterInfo("j-1", "c", "TERMINATED_WITH_ERRORS", "BOOTSTRAP_FAILURE",
                "On the master instance (i-0abc), bootstrap action 1 returned a non-zero return code", null, null, null, null, Map.of()));

        WadalException e = assertThrows(WadalException.class, () -> waiter.waitUntilReady("j-1", Duration.ofMinutes(60), "p"));

        assertEquals("cluster j-1 is TERMINATED_WITH_ERRORS (BOOTSTRAP_FAILURE: On the master instance (i-0abc), bootstrap action 1 "
                + "returned a non-zero return code); 'wadal logs p bootstrap' shows its bootstrap logs (from EMR_LOG_DIR_S3), then run "
                + "'wadal create p' again", e.getMessage());
    }

    @Test
    void terminatingCountsAsFailedToo() {
        when(emr.describe("j-1")).thenReturn(state("TERMINATING"));
        assertEquals(3, assertThrows(WadalException.class,
                () -> waiter.waitUntilReady("j-1", Duration.ofMinutes(5))).exitCode());
    }

    @Test
    void timesOutWithExit4AtTheDeadlineWithoutOversleeping() {
        when(emr.describe("j-1")).thenReturn(state("STARTING"));

        WadalException e = assertThrows(WadalException.class, () -> waiter.waitUntilReady("j-1", Duration.ofMinutes(2)));

        assertEquals(4, e.exitCode());
        assertTrue(e.getMessage().contains("still STARTING"), e.getMessage());
        assertEquals(Instant.parse("2026-11-21T10:02:00Z"), time.now, "the last sleep ends exactly at the deadline");
    }

    /** A scripted SDK client: each DescribeCluster answers the next of these (a Cluster in a state, or an exception). */
    private static EmrClusterService scripted(Object... answers) {
        EmrClient client = mock(EmrClient.class);
        var stub = when(client.describeCluster(any(Consumer.class)));
        for (Object a : answers) {
            stub = a instanceof RuntimeException ex ? stub.thenThrow(ex) : stub.thenReturn(DescribeClusterResponse.builder()
                    .cluster(Cluster.builder().id("j-1").name("c").status(ClusterStatus.builder().state((String) a).build())
                            .build()).build());
        }
        return new EmrClusterService(client);
    }

    private static EmrException error(int status, String code) {
        return (EmrException) EmrException.builder().statusCode(status).message(code + " (Service: Emr, Status Code: " + status + ")")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("Rate exceeded").build()).build();
    }

    @Test
    void throttlingAnd5xxAreRetriedWithBackoffAndSaidOnce() {
        EmrClusterService emr = scripted("STARTING", error(400, "ThrottlingException"), error(400, "ThrottlingException"),
                error(429, "TooManyRequestsException"), error(400, "RequestLimitExceeded"), error(503, "ServiceUnavailable"),
                error(500, "InternalFailure"), SdkClientException.create("Unable to execute HTTP request",
                        new java.net.SocketTimeoutException("Read timed out")), "WAITING");

        ClusterInfo ready = new ClusterWaiter(emr, time, time::sleep, progress::add).waitUntilReady("j-1", Duration.ofMinutes(60));

        assertEquals("WAITING", ready.state());
        assertEquals(1, progress.stream().filter(l -> l.contains("retrying")).count(), progress.toString());
        assertTrue(progress.get(1).contains("EMR DescribeCluster failed: ThrottlingException: Rate exceeded; retrying for up to 59m"),
                progress.toString());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMillis(7500), Duration.ofSeconds(15), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30)), time.sleeps,
                "doubling after each failure, capped at 30s");
    }

    @Test
    void persistentThrottlingIsRetriedUntilTheTimeoutThenExit4WithTheLastFailure() {
        Object[] throttled = new Object[40];
        java.util.Arrays.fill(throttled, error(400, "ThrottlingException"));
        throttled[0] = "STARTING";

        WadalException e = assertThrows(WadalException.class, () -> new ClusterWaiter(scripted(throttled), time, time::sleep,
                progress::add).waitUntilReady("j-1", Duration.ofMinutes(2)));

        assertEquals(4, e.exitCode(), e.getMessage());
        assertEquals("timed out after 2m00s waiting for cluster j-1 (last seen STARTING; EMR kept failing: EMR DescribeCluster "
                + "failed: ThrottlingException: Rate exceeded); run 'wadal wait-ready' again to keep waiting", e.getMessage());
        assertEquals(Instant.parse("2026-11-21T10:02:00Z"), time.now, "retried until the deadline, not beyond");
        assertTrue(time.sleeps.size() > 3, "more than the three failures that used to end the wait: " + time.sleeps);
        assertEquals(1, progress.stream().filter(l -> l.contains("retrying")).count(), progress.toString());
    }

    @Test
    void accessDeniedAndValidationErrorsFailAtOnce() {
        for (String code : List.of("AccessDeniedException", "ValidationException")) {
            time.sleeps.clear();
            WadalException e = assertThrows(WadalException.class, () -> new ClusterWaiter(scripted(error(400, code), "WAITING"),
                    time, time::sleep, progress::add).waitUntilReady("j-1", Duration.ofMinutes(5)));
            assertEquals(1, e.exitCode(), code);
            assertTrue(e.getMessage().startsWith("EMR DescribeCluster failed: " + code), e.getMessage());
            assertEquals(List.of(), time.sleeps, code + " is not retried");
        }
        WadalException gone = assertThrows(WadalException.class, () -> waiterOf(WadalException.failed(
                "EMR DescribeCluster: cluster j-1 does not exist in this region/account")).waitUntilReady("j-1", Duration.ofMinutes(5)));
        assertEquals(1, gone.exitCode());
        assertEquals(List.of(), time.sleeps);
    }

    private ClusterWaiter waiterOf(WadalException failure) {
        EmrClusterService failing = mock(EmrClusterService.class);
        when(failing.describe("j-1")).thenThrow(failure);
        return new ClusterWaiter(failing, time, time::sleep, progress::add);
    }

    @Test
    void anInterruptedWaitIsExit130() {
        when(emr.describe("j-1")).thenReturn(state("STARTING"));
        ClusterWaiter interrupted = new ClusterWaiter(emr, time, d -> {
            throw new InterruptedException();
        }, progress::add);
        assertEquals(130, assertThrows(WadalException.class,
                () -> interrupted.waitUntilReady("j-1", Duration.ofMinutes(5))).exitCode());
        assertTrue(Thread.interrupted(), "interrupt flag restored");
    }
}
