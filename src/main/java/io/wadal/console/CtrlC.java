package io.wadal.console;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While open, Ctrl-C (which starts the JVM's shutdown) interrupts the thread that opened it and
 * gives the command a moment to finish, so that a command holding a tunnel closes it, a transfer
 * removes its partial file, and either says so before the process ends with 130.
 *
 * <p>The hook waits for {@link #commandEnded()}, not for this scope to close: the command's
 * message is printed after its resources close, and the JVM halts as soon as the hook returns.
 */
public final class CtrlC implements AutoCloseable {
    private static final long GRACE_MILLIS = 10_000;
    private static final CountDownLatch COMMAND_ENDED = new CountDownLatch(1);

    private final Thread hook;
    private volatile boolean pressed;

    private CtrlC(Thread holder) {
        hook = new Thread(() -> {
            pressed = true;
            holder.interrupt();
            try {
                COMMAND_ENDED.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wadal-ctrl-c");
    }

    public static CtrlC interruptsThisThread() {
        CtrlC c = new CtrlC(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(c.hook);
        return c;
    }

    /**
     * Whether Ctrl-C (or SIGTERM, SIGHUP) came while this was open: what failed after it failed
     * because of it, whatever a library made of the interrupt.
     */
    public boolean pressed() {
        return pressed;
    }

    /** Called by main once the command's output and messages are written. */
    public static void commandEnded() {
        COMMAND_ENDED.countDown();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running and waits for commandEnded
        }
    }
}
