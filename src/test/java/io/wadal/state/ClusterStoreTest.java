package io.wadal.state;

import io.wadal.WadalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterStoreTest {
    @TempDir
    Path dir;

    private ClusterRecord record(String profile, String id) {
        return new ClusterRecord(id, profile, "ap-northeast-2", "name " + profile, "2026-11-21T10:00:00Z", null, null);
    }

    @Test
    void savesBothFilesAndReadsTheRecordBack() throws IOException {
        ClusterStore store = new ClusterStore(dir.resolve("clusters"));
        store.save(record("p1", "j-AAA"));

        assertEquals("j-AAA\n", Files.readString(dir.resolve("clusters/p1_cluster.id")));
        assertTrue(Files.readString(dir.resolve("clusters/p1.json")).contains("\"region\" : \"ap-northeast-2\""));
        assertEquals(record("p1", "j-AAA"), store.find("p1").orElseThrow());
        try (var files = Files.list(dir.resolve("clusters"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temp file left");
        }
    }

    @Test
    void readsTheBashOriginalsIdFileAlone() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("old_cluster.id"), "j-OLD\n");
        ClusterRecord r = new ClusterStore(dir).find("old").orElseThrow();
        assertEquals("j-OLD", r.id());
        assertEquals("old", r.profile());
        assertEquals(null, r.region());
    }

    @Test
    void anEmptyIdFileLeftByTheBashOriginalIsNoRecord() throws IOException {
        Files.writeString(dir.resolve("p_cluster.id"), "");
        assertTrue(new ClusterStore(dir).find("p").isEmpty());
    }

    @Test
    void listsEveryProfileOnceAndRemoves() throws IOException {
        ClusterStore store = new ClusterStore(dir);
        store.save(record("b", "j-B"));
        store.save(record("a", "j-A"));
        Files.writeString(dir.resolve("legacy_cluster.id"), "j-L\n");

        assertEquals(List.of("a", "b", "legacy"), store.all().stream().map(ClusterRecord::profile).toList());
        store.remove("a");
        assertFalse(Files.exists(dir.resolve("a.json")));
        assertFalse(Files.exists(dir.resolve("a_cluster.id")));
        assertEquals(List.of("b", "legacy"), store.all().stream().map(ClusterRecord::profile).toList());
    }

    @Test
    void aRecordThatCannotBeWrittenThrowsAndKeepsTheOldOne() throws IOException {
        ClusterStore store = new ClusterStore(dir);
        store.save(record("p", "j-OLD"));
        // A non-empty directory where the id file goes: the rename cannot replace it.
        Files.delete(dir.resolve("p_cluster.id"));
        Files.createDirectories(dir.resolve("p_cluster.id/blocker"));

        assertThrows(IOException.class, () -> store.save(record("p", "j-NEW")));
        WadalException e = assertThrows(WadalException.class, () -> store.update(record("p", "j-NEW2")));
        assertEquals(1, e.exitCode());
    }

    @Test
    void theLockLetsOneHolderInAtATime() throws Exception {
        ClusterStore store = new ClusterStore(dir);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < 50; k++) {
                        try (var lock = new ClusterStore(dir).lock("p")) {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.yield();
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, maxInside.get());
        try (var lock = store.lock("other")) {
            assertTrue(Files.exists(dir.resolve(".other.lock")));
        }
    }
}
