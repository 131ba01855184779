package io.wadal.state;

import io.wadal.error.WadalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** The control characters a CSV source cannot hold, from placeholders. */
    private static String controls(String s) {
        return s.replace("<NL>", "\n").replace("<NUL>", "\0").replace("<ESC>", "\u001b").replace("<BEL>", "\u0007");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty          | ''                                                   | is empty
            blank          | '  <NL>'                                               | is empty
            truncated      | '{"id" : "j-AAA", "profile" : "p'                    | is truncated
            not JSON       | 'cluster j-AAA'                                      | is not JSON (line 1, column
            trailing junk  | '{"id" : "j-AAA"} and more'                          | is not JSON
            NUL-filled     | '<NUL><NUL><NUL><NUL>'                            | holds NUL bytes
            array          | '["j-AAA"]'                                          | holds a JSON array, not a record object
            string         | '"j-AAA"'                                            | holds a JSON string
            no id          | '{"profile" : "p"}'                                  | has no cluster id
            id not j-      | '{"id" : "i-0123456789abcdef0"}'                      | has cluster id 'i-0123456789abcdef0', which is not an EMR cluster id
            id lower case  | '{"id" : "j-abc"}'                                   | has cluster id 'j-abc'
            id path        | '{"id" : "j-AAA/../../x"}'                           | has cluster id 'j-AAA/../../x'
            id escape      | '{"id" : "j-\\u001b[31mRED"}'                         | has cluster id 'j-\\x1b[31mRED'
            id number      | '{"id" : 42}'                                        | has cluster id '42'
            id object      | '{"id" : {"a" : 1}}'                                 | has a field 'id' of the wrong type
            other profile  | '{"id" : "j-AAA", "profile" : "q"}'                  | is the record of profile 'q'
            bad region     | '{"id" : "j-AAA", "region" : "evil.example.com/"}'   | has region 'evil.example.com/'
            duplicate id   | '{"id" : "j-AAA", "id" : "j-BBB"}'                   | is not JSON
            """)
    void aJsonRecordThatCannotBeUsedIsBrokenNamingTheFileAndTheFix(String form, String content, String problem) throws IOException {
        ClusterStore store = new ClusterStore(dir);
        Files.writeString(dir.resolve("p.json"), controls(content));

        BrokenRecord broken = store.broken("p").orElseThrow(() -> new AssertionError(form + " was read as a record"));
        assertEquals(dir.resolve("p.json"), broken.file());
        assertTrue(broken.problem().startsWith(problem), form + ": " + broken.problem());
        WadalException e = assertThrows(WadalException.class, () -> store.find("p"));
        assertEquals(2, e.exitCode());
        assertEquals("the record of profile 'p' is broken: " + dir.resolve("p.json") + " " + broken.problem()
                + "; run 'wadal clusters --repair p' (moves it aside) or remove the file", e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), e.getMessage());
        assertFalse(e.getMessage().toLowerCase().contains("jackson"), e.getMessage());
    }

    @Test
    void aGoodIdFileDoesNotHideABrokenJsonRecord() throws IOException {
        ClusterStore store = new ClusterStore(dir);
        store.save(record("p", "j-AAA"));
        Files.writeString(dir.resolve("p.json"), "{\"id\" : \"j-AA");
        assertTrue(store.broken("p").isPresent());
        assertEquals(List.of(), store.all());
    }

    @Test
    void aSymlinkedRecordIsBrokenAndNotFollowed() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        new ClusterStore(elsewhere).save(record("p", "j-AAA"));
        Path clusters = Files.createDirectories(dir.resolve("clusters"));
        Files.createSymbolicLink(clusters.resolve("p.json"), elsewhere.resolve("p.json"));
        Files.createSymbolicLink(clusters.resolve("q_cluster.id"), elsewhere.resolve("p_cluster.id"));
        Files.createSymbolicLink(clusters.resolve("r.json"), dir.resolve("nowhere"));
        ClusterStore store = new ClusterStore(clusters);

        for (String p : List.of("p", "q", "r")) {
            assertTrue(store.broken(p).orElseThrow().problem().startsWith("is a symbolic link"), p);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not an id  | 'cluster-1'
            two ids    | 'j-AAA<NL>j-BBB'
            NUL-filled | '<NUL><NUL><NUL>'
            escape     | 'j-<ESC>]0;owned<BEL>'
            """)
    void anIdFileThatHoldsNoClusterIdIsBroken(String form, String content) throws IOException {
        Files.writeString(dir.resolve("p_cluster.id"), controls(content));
        ClusterStore store = new ClusterStore(dir);
        BrokenRecord broken = store.broken("p").orElseThrow(() -> new AssertionError(form + " was read as a record"));
        assertEquals(dir.resolve("p_cluster.id"), broken.file());
        WadalException e = assertThrows(WadalException.class, () -> store.find("p"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("p_cluster.id") && e.getMessage().contains("wadal clusters --repair p"), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), e.getMessage());
    }

    @Test
    void listingsSkipFilesThatAreNotRecordsAndKeepBrokenOnesApart() throws IOException {
        ClusterStore store = new ClusterStore(dir);
        store.save(record("good", "j-GOOD"));
        Files.writeString(dir.resolve("bad.json"), "[]");
        for (String notARecord : List.of(".hidden.json", ".good.lock", ".good.json.123.tmp", "good.json.broken-20261121T100000Z",
                "notes.txt", "good.intent", "a b.json", "-x.json", ".json", "x_cluster.id.bak")) {
            Files.writeString(dir.resolve(notARecord), "garbage");
        }
        Files.createDirectories(dir.resolve("dir.json"));

        assertEquals(List.of("good"), store.all().stream().map(ClusterRecord::profile).toList());
        List<StoredRecord> entries = store.entries();
        assertEquals(List.of("bad", "good"), entries.stream().map(StoredRecord::profile).toList());
        assertTrue(entries.get(0).isBroken());
        assertEquals(record("good", "j-GOOD"), entries.get(1).record());
    }

    @Test
    void aProfileNameThatIsNoFileNameIsExit2BeforeAnyFileIsRead() throws IOException {
        Files.createDirectories(dir.resolve("clusters"));
        Files.writeString(dir.resolve("x.json"), "{\"id\" : \"j-OUTSIDE\"}");
        ClusterStore store = new ClusterStore(dir.resolve("clusters"));
        for (String name : List.of("../x", "/tmp/x", "", ".p", "a/b")) {
            WadalException e = assertThrows(WadalException.class, () -> store.find(name), name);
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().startsWith("invalid profile name"), e.getMessage());
        }
    }

    @Test
    void aRecordWithoutProfileTakesItsFileName() throws IOException {
        Files.writeString(dir.resolve("p.json"), "{\"id\" : \"j-AAA\", \"region\" : \"eu-west-1\"}");
        ClusterRecord r = new ClusterStore(dir).find("p").orElseThrow();
        assertEquals("p", r.profile());
        assertEquals("eu-west-1", r.region());
    }

    @Test
    void repairMovesTheBrokenFileAsideAndKeepsAGoodIdFile() throws IOException {
        ClusterStore store = new ClusterStore(dir);
        store.save(record("p", "j-AAA"));
        Files.writeString(dir.resolve("p.json"), "");

        ClusterStore.Repair r = store.repair("p", Instant.parse("2026-11-21T10:00:00Z"));

        assertEquals(1, r.moved().size());
        assertEquals(dir.resolve("p.json.broken-20261121T100000Z"), r.moved().get(0).to());
        assertEquals("is empty", r.moved().get(0).problem());
        assertTrue(Files.exists(dir.resolve("p.json.broken-20261121T100000Z")));
        assertFalse(Files.exists(dir.resolve("p.json")));
        assertEquals("j-AAA", r.now().orElseThrow().record().id());
        assertEquals("j-AAA", store.find("p").orElseThrow().id());
    }

    @Test
    void repairMovesBothBrokenFilesAndNeverOverwritesAnEarlierOne() throws IOException {
        ClusterStore store = new ClusterStore(dir);
        Files.writeString(dir.resolve("p.json"), "[1]");
        Files.writeString(dir.resolve("p_cluster.id"), "junk\n");
        Files.writeString(dir.resolve("p.json.broken-20261121T100000Z"), "earlier");

        ClusterStore.Repair r = store.repair("p", Instant.parse("2026-11-21T10:00:00Z"));

        assertEquals(List.of(dir.resolve("p.json.broken-20261121T100000Z-2"), dir.resolve("p_cluster.id.broken-20261121T100000Z")),
                r.moved().stream().map(ClusterStore.Moved::to).toList());
        assertEquals("earlier", Files.readString(dir.resolve("p.json.broken-20261121T100000Z")));
        assertEquals("[1]", Files.readString(dir.resolve("p.json.broken-20261121T100000Z-2")));
        assertTrue(r.now().isEmpty());
        assertTrue(store.find("p").isEmpty());
        assertEquals(List.of(), store.entries());
    }

    @Test
    void repairMovesALinkNotItsTargetAndLeavesGoodRecordsAlone() throws IOException {
        Path target = dir.resolve("target.json");
        Files.writeString(target, "{\"id\" : \"j-AAA\"}");
        Path clusters = Files.createDirectories(dir.resolve("clusters"));
        Files.createSymbolicLink(clusters.resolve("p.json"), target);
        ClusterStore store = new ClusterStore(clusters);
        store.save(record("q", "j-Q"));

        store.repair("p", Instant.parse("2026-11-21T10:00:00Z"));
        ClusterStore.Repair good = store.repair("q", Instant.parse("2026-11-21T10:00:00Z"));

        assertTrue(Files.isSymbolicLink(clusters.resolve("p.json.broken-20261121T100000Z")));
        assertEquals("{\"id\" : \"j-AAA\"}", Files.readString(target));
        assertEquals(List.of(), good.moved());
        assertEquals("j-Q", store.find("q").orElseThrow().id());
    }

    @Test
    void theDirectoryIs0700AndRecordsAndLocks0600() throws IOException {
        Path clusters = dir.resolve("clusters");
        ClusterStore store = new ClusterStore(clusters);
        store.save(record("p", "j-AAA"));
        try (var lock = store.lock("p")) {
            assertEquals("rw-------", mode(clusters.resolve(".p.lock")));
        }
        assertEquals("rwx------", mode(clusters));
        assertEquals("rw-------", mode(clusters.resolve("p.json")));
        assertEquals("rw-------", mode(clusters.resolve("p_cluster.id")));
    }

    @Test
    void aLooserDirectoryAndRecordAreTightenedOnTheNextWrite() throws IOException {
        Path clusters = Files.createDirectories(dir.resolve("clusters"));
        Files.setPosixFilePermissions(clusters, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(clusters.resolve("p.json"), "{\"id\" : \"j-AAA\"}");
        Files.writeString(clusters.resolve(".p.lock"), "");
        Files.setPosixFilePermissions(clusters.resolve("p.json"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(clusters.resolve(".p.lock"), PosixFilePermissions.fromString("rw-rw-rw-"));
        ClusterStore store = new ClusterStore(clusters);

        store.find("p");
        assertEquals("rwxrwxrwx", mode(clusters), "reading changes nothing");
        try (var lock = store.lock("p")) {
            store.update(store.find("p").orElseThrow().withMasterHost("h"));
        }
        assertEquals("rwx------", mode(clusters));
        assertEquals("rw-------", mode(clusters.resolve("p.json")));
        assertEquals("rw-------", mode(clusters.resolve(".p.lock")));
    }

    @Test
    void aLinkInTheLocksPlaceIsNotOpened() throws IOException {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "mine");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Path clusters = Files.createDirectories(dir.resolve("clusters"));
        Files.createSymbolicLink(clusters.resolve(".p.lock"), victim);

        WadalException e = assertThrows(WadalException.class, () -> new ClusterStore(clusters).lock("p"));
        assertEquals(1, e.exitCode());
        assertEquals("rw-r--r--", mode(victim));
    }
}
