package io.wadal.ssh;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.SshMaster;
import io.wadal.time.Sleeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The isbusy touches over a real MINA connection to the fake master, each period driven by the test. */
@ExtendWith(FakeMaster.class)
class BusySignalTest {
    private static final FileTime LONG_AGO = FileTime.fromMillis(0);

    private final Semaphore periods = new Semaphore(0);
    private final AtomicInteger sleeps = new AtomicInteger();
    private final Sleeper sleeper = d -> {
        assertEquals(BusySignal.PERIOD, d);
        sleeps.incrementAndGet();
        periods.acquire();
    };

    private static MinaRemoteShell connect(SshMaster master) {
        return MinaRemoteShell.connect(new SshTarget("127.0.0.1", master.port(), master.user(), master.keyFile(), null, null),
                f -> { });
    }

    @Test
    void theFileIsTouchedEveryPeriodWhileTheSessionIsHeldAndNoMoreOnceClosed(SshMaster master) throws Exception {
        Path root = master.home().resolve("sys");
        Path isbusy = Files.createDirectories(root.resolve("emr/metricscollector")).resolve("isbusy");
        BusySignal signal = new BusySignal(new MasterRoot(root.toString()), sleeper, BusySignal.PERIOD);
        try (MinaRemoteShell shell = connect(master)) {
            try (BusySignal.Held held = signal.start(shell)) {
                await(() -> sleeps.get() == 1);
                assertFalse(Files.exists(isbusy), "nothing before the first period");

                periods.release();
                await(() -> sleeps.get() == 2);
                assertTrue(Files.exists(isbusy), "touched after one period");
                Files.setLastModifiedTime(isbusy, LONG_AGO);

                periods.release();
                await(() -> sleeps.get() == 3);
                assertTrue(Files.getLastModifiedTime(isbusy).compareTo(LONG_AGO) > 0, "touched again the next period");
            }
            Files.setLastModifiedTime(isbusy, LONG_AGO);
            periods.release(10);
            assertTrue(shell.run("true", null).ok(), "the connection outlives the signal");
        }
        assertEquals(LONG_AGO, Files.getLastModifiedTime(isbusy), "no touch once closed");
        assertEquals(3, sleeps.get());
        List<String> touches = master.commands().stream().filter(c -> c.contains("isbusy")).toList();
        assertEquals(2, touches.size(), master.commands().toString());
        assertEquals("f='" + root + "/emr/metricscollector/isbusy'; [ -d \"${f%/*}\" ] || exit 0; "
                + "touch \"$f\" 2>/dev/null || sudo -n touch \"$f\" 2>/dev/null", touches.get(0), "a fixed command");
    }

    @Test
    void whereTheFolderDoesNotExistNothingIsCreated(SshMaster master) throws Exception {
        Path root = Files.createDirectories(master.home().resolve("sys"));
        BusySignal signal = new BusySignal(new MasterRoot(root.toString()), sleeper, BusySignal.PERIOD);
        try (MinaRemoteShell shell = connect(master);
             BusySignal.Held held = signal.start(shell)) {
            periods.release(2);
            await(() -> sleeps.get() == 3);
            assertEquals(2, master.commands().stream().filter(c -> c.contains("isbusy")).count(), "it looked, twice");
            assertFalse(Files.exists(root.resolve("emr")), "no folder made");
            assertEquals(0, shell.run(signal.command(), null).exitStatus(), "skipping is no failure");
        }
    }

    @Test
    void aConnectionThatGoesAwayIsNoErrorOfTheSignal(SshMaster master) throws Exception {
        Path root = master.home().resolve("sys");
        Files.createDirectories(root.resolve("emr/metricscollector"));
        BusySignal signal = new BusySignal(new MasterRoot(root.toString()), sleeper, BusySignal.PERIOD);
        MinaRemoteShell shell = connect(master);
        BusySignal.Held held = signal.start(shell);
        await(() -> sleeps.get() == 1);
        shell.close();
        periods.release(5);
        held.close();
        assertEquals(1, sleeps.get(), "no period passed without the connection");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out");
            }
            Thread.sleep(5);
        }
    }
}
