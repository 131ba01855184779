package io.wadal.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** A clock that the fake sleeper ({@link #sleep}) moves forward: waits take no real time. */
public final class FakeTime extends Clock {
    public volatile Instant now = Instant.parse("2026-11-21T10:00:00Z");
    public final List<Duration> sleeps = new ArrayList<>();

    public void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
