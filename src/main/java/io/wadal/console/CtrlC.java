package io.wadal.console;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While open, Ctrl-C (which starts the JVM's shutdown) interrupts the thread that opened it and
 * gives it a moment to finish, so that a command holding a tunnel closes it and says so before the
 * process ends with 130.
 */
public final class CtrlC implements AutoCloseable {
    private static final long GRACE_MILLIS = 3000;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private CtrlC(Thread holder) {
        hook = new Thread(() -> {
            holder.interrupt();
            try {
                done.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
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

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running and now lets it go
        }
    }
}
