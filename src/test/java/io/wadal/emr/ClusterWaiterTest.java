package io.wadal.emr;

import io.wadal.WadalException;
import io.wadal.testing.FakeTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
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

    @Test
    void survivesTwoFailedCallsButNotThree() {
        when(emr.describe("j-1")).thenThrow(WadalException.failed("EMR DescribeCluster failed: throttled"))
                .thenThrow(WadalException.failed("EMR DescribeCluster failed: throttled"))
                .thenReturn(state("WAITING"));
        assertEquals("WAITING", waiter.waitUntilReady("j-1", Duration.ofMinutes(5)).state());
        verify(emr, times(3)).describe("j-1");

        EmrClusterService failing = mock(EmrClusterService.class);
        when(failing.describe("j-2")).thenThrow(WadalException.failed("EMR DescribeCluster failed: access denied"));
        WadalException e = assertThrows(WadalException.class, () -> new ClusterWaiter(failing, time, time::sleep, progress::add)
                .waitUntilReady("j-2", Duration.ofMinutes(5)));
        assertEquals(1, e.exitCode());
        verify(failing, times(3)).describe("j-2");
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
