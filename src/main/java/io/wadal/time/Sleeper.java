package io.wadal.time;

import java.time.Duration;

/** Waiting, made injectable so that tests of wait loops run in milliseconds. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
