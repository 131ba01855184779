package io.wadal.console;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for a command that wants to know of a second press: while open, SIGINT no longer starts
 * the JVM's shutdown; each press interrupts the thread that opened this and is counted, so the
 * command can detach at the first and act on another within a moment. SIGTERM and SIGHUP keep
 * {@link CtrlC}'s way. Where the JVM has no signal API, this does nothing and Ctrl-C stays as it was.
 */
public final class Interrupts implements AutoCloseable {
    private final Thread holder;
    private final Semaphore presses = new Semaphore(0);
    private volatile int count;
    private Object previous;

    private Interrupts(Thread holder) {
        this.holder = holder;
    }

    /** Counts Ctrl-C for the calling thread until closed. */
    public static Interrupts onCtrlC() {
        Interrupts i = new Interrupts(Thread.currentThread());
        try {
            i.previous = sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> i.press());
        } catch (IllegalArgumentException | LinkageError e) {
            i.previous = null; // no SIGINT here (or no API): the JVM's handling stays
        }
        return i;
    }

    /** Counts presses made by {@link #press} only: for tests, and where no signal is watched. */
    public static Interrupts none() {
        return new Interrupts(Thread.currentThread());
    }

    /** A press: counted, and the holder thread interrupted. */
    public void press() {
        count++;
        // interrupt before release: whoever takes the press can clear the interrupt it brought
        holder.interrupt();
        presses.release();
    }

    /** Whether Ctrl-C was pressed since this opened. */
    public boolean pressed() {
        return count > 0;
    }

    /** Takes the presses so far, then waits up to {@code window} for another one; true if it came. */
    public boolean anotherWithin(Duration window) {
        presses.drainPermits();
        try {
            return presses.tryAcquire(window.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    @Override
    public void close() {
        if (previous instanceof sun.misc.SignalHandler h) {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), h);
        }
    }
}
