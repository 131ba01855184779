package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.ScriptedSftp;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * download and move against a master whose SFTP server lies (ScriptedSftp): names that climb out
 * of the target, a file that never ends, a directory that lists itself. Nothing may land outside
 * --to.
 */
@ExtendWith(FakeMaster.class)
class HostileMasterTransferTest {
    @TempDir
    Path root;
    private Path home;
    private FakeMaster master;
    private ScriptedSftp sftp;

    @BeforeEach
    void setUp(FakeMaster master) throws IOException {
        this.master = master;
        this.sftp = master.sftp();
        home = Files.createDirectories(root.resolve("wadal-home"));
        Records.profileWithCluster(home, "p", "", master);
    }

    private Result wadal(String... args) {
        return new WadalRun(home).run(args);
    }

    @Test
    void namesThatAreNotOnePlainElementAreSkippedAndNothingLandsOutsideTheTarget() throws IOException {
        // given: --to is root/h1/h2/to, so works/evil lands in root/h1/h2/to/evil; sentinels wait above it
        Path to = Files.createDirectories(root.resolve("h1/h2/to"));
        Files.writeString(root.resolve("h1/x"), "sentinel");
        Files.writeString(root.resolve("h1/h2/x"), "sentinel two levels up");
        Path absolute = Files.writeString(root.resolve("h1/abs-x"), "sentinel");
        Path evil = Files.createDirectories(master.works().resolve("evil"));
        Files.createDirectories(evil.resolve("sub"));
        Files.writeString(evil.resolve("ok.txt"), "fine");
        Files.writeString(evil.resolve("sub/inner.txt"), "fine too");
        Map<String, String> lies = new LinkedHashMap<>();
        lies.put("lie1", "../../../x");             // as ../../../../tmp/x, but inside this test's folder
        lies.put("lie2", "../../x");                // the sentinel two levels up
        lies.put("lie3", absolute.toString());      // an absolute name, as /tmp/x
        lies.put("lie4", "sub/../../x");
        lies.put("lie5", "a/b");
        lies.put("lie6", "..\\x");
        lies.put("lie7", "a\u0000b");
        lies.put("lie8", "");
        lies.put("lie9", "\u001b]0;owned\u0007/x");
        lies.put("lie10", "..");
        lies.put("lie11", ".");
        for (Map.Entry<String, String> lie : lies.entrySet()) {
            Files.writeString(evil.resolve(lie.getKey()), "from the master");
            sftp.listAs(lie.getKey(), lie.getValue());
        }
        Map<Path, String> before = snapshot(root.resolve("h1"));

        // when
        Result r = wadal("download", "p", "-r", "evil", "--to", to.toString());

        // then: the plain entries arrived, the others were named and skipped, and exit 1 says so
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("fine", Files.readString(to.resolve("evil/ok.txt")));
        assertEquals("fine too", Files.readString(to.resolve("evil/sub/inner.txt")));
        Map<Path, String> after = snapshot(root.resolve("h1"));
        after.keySet().removeIf(p -> p.startsWith(to.resolve("evil")));
        assertEquals(before, after, "nothing written or changed outside " + to.resolve("evil"));
        try (Stream<Path> files = Files.walk(to.resolve("evil"))) {
            assertEquals(List.of("evil", "ok.txt", "sub", "inner.txt"),
                    files.map(p -> p.getFileName().toString()).toList(), "no lie's file anywhere in the target");
        }
        for (String shown : List.of("../../../x", "../../x", absolute.toString(), "sub/../../x", "a/b", "..\\x", "a\\x00b", "",
                "\\x1b]0;owned\\x07/x")) {
            assertTrue(r.err().contains("warning: skipped a name the master listed in works/evil that is not a plain file name: \""
                    + shown + "\"\n"), shown + " named in:\n" + r);
        }
        assertFalse(r.err().contains("\u001b") || r.err().contains("\u0000"), "no raw control characters reach the terminal");
        assertTrue(r.err().endsWith("wadal: 9 names in the master's listing of works/evil could have written outside "
                + to.resolve("evil") + " and were skipped (see the warnings); the other 2 files were downloaded there\n"), r.toString());
        assertEquals(9, r.err().lines().filter(l -> l.startsWith("warning: ")).count(), ". and .. are what every server lists: " + r);
    }

    @Test
    @Timeout(60)
    void aFileThatStreamsMoreThanItsAnnouncedSizeStopsThereAndLeavesNoFile() throws IOException {
        Files.writeString(master.works().resolve("endless.log"), "0123456789");
        sftp.endless("endless.log");
        Path to = root.resolve("got");

        Result r = wadal("download", "p", "endless.log", "--to", to.toString());

        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("wadal: works/endless.log sent more than the 10 bytes the master announced for it; the download stopped"
                + " there and " + to.resolve("endless.log") + " was not replaced\n", r.err());
        assertTrue(sftp.endlessBytesServed() < 32L << 20, "read ahead at most a window: " + sftp.endlessBytesServed());
        try (Stream<Path> files = Files.list(to)) {
            assertEquals(List.of(), files.toList(), "no final file, no part file");
        }
    }

    @Test
    @Timeout(60)
    void anEndlessFileInADirectoryOrAMoveIsExit1AndTheRemoteFileStays() throws IOException {
        Files.createDirectories(master.works().resolve("logs"));
        Files.writeString(master.works().resolve("logs/a.txt"), "a");
        Files.writeString(master.works().resolve("logs/endless.log"), "0123456789");
        sftp.endless("endless.log");

        Result r = wadal("download", "p", "-r", "logs", "--to", "got");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("works/logs/endless.log sent more than the 10 bytes"), r.toString());
        assertFalse(Files.exists(home.resolve("got/logs/endless.log")));
        assertEquals(List.of(), TransferCommandsTest.partFiles(home.resolve("got")));

        Result move = wadal("move", "p", "logs/endless.log", "--to", "moved");
        assertEquals(1, move.exitCode(), move.toString());
        assertTrue(move.err().contains("sent more than the 10 bytes"), move.toString());
        assertTrue(Files.exists(master.works().resolve("logs/endless.log")), "move deletes nothing it did not get whole");
        assertEquals(List.of(), TransferCommandsTest.partFiles(home.resolve("moved")));
    }

    @Test
    @Timeout(60)
    void aDirectoryThatListsItselfIsOneLineOfErrorNotAStackOverflow() throws IOException {
        Files.createDirectories(master.works().resolve("loop/self"));
        Files.writeString(master.works().resolve("loop/data.csv"), "1");
        sftp.foldsBack("self");

        Result r = wadal("download", "p", "-r", "loop", "--to", "got");

        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("wadal: the listing of works/loop goes deeper than 256 levels (at works/loop/self/self/self/self/…):"
                + " the master lists a directory inside itself; nothing was downloaded\n", r.err());
        assertFalse(Files.exists(home.resolve("got/loop")));
    }

    /** Every file and directory under dir with its content ("" for a directory). */
    private static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                files.put(p, Files.isDirectory(p) ? "" : Files.readString(p));
            }
        }
        return files;
    }
}
