package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.TestFiles;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(FakeMaster.class)
@Slow
class TransferCommandsTest {
    private static final String SUMMARY = " \\((\\d+ files, )?\\d+(\\.\\d)? (B|kB|MB|GB) in \\d+\\.\\d s, [\\d.]+ (B|kB|MB|GB|TB)/s\\)";

    @TempDir
    Path home;
    private SshMaster master;

    @BeforeEach
    void setUp(SshMaster master) throws IOException {
        this.master = master;
        Records.profileWithCluster(home, "p", "", master);
    }

    private Result wadal(String... args) {
        return new WadalRun(home).run(args);
    }

    @Test
    void uploadCopiesAFileUnderItsNameAndSaysHowItWent() throws IOException {
        Files.writeString(home.resolve("data.csv"), "a,b\n1,2\n");
        Result r = wadal("upload", "p", "data.csv");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("a,b\n1,2\n", Files.readString(master.works().resolve("data.csv")));
        assertTrue(r.err().matches("uploaded works/data\\.csv" + SUMMARY + "\n"), r.toString());
        assertFalse(r.err().contains("\r"), "no progress bar without a terminal");
        assertEquals("", r.out());
        assertEquals(List.of(), master.commands(), "SFTP only: no command line on the master");
    }

    @Test
    void uploadToANameWithSpacesQuotesAndShellCharacters() throws IOException {
        Files.writeString(home.resolve("data.csv"), "odd");
        String odd = "my \"odd\" name's $(touch pwned) `x`.csv";
        Result r = wadal("upload", "p", "data.csv", odd);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("odd", Files.readString(master.works().resolve(odd)));
        assertFalse(Files.exists(master.home().resolve("pwned")) || Files.exists(master.works().resolve("pwned")));
    }

    @Test
    void uploadReplacesAnOldFileAndGoesIntoAnExistingOrSlashedDirectory() throws IOException {
        Files.writeString(home.resolve("data.csv"), "new");
        Files.writeString(master.works().resolve("data.csv"), "old and longer");
        Files.createDirectories(master.works().resolve("input"));

        assertEquals(0, wadal("upload", "p", "data.csv").exitCode());
        assertEquals("new", Files.readString(master.works().resolve("data.csv")));
        assertEquals(0, wadal("upload", "p", "data.csv", "input").exitCode());
        assertEquals("new", Files.readString(master.works().resolve("input/data.csv")));
        Result r = wadal("upload", "p", "data.csv", "fresh/2024/");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("new", Files.readString(master.works().resolve("fresh/2024/data.csv")));
        assertTrue(r.err().startsWith("uploaded works/fresh/2024/data.csv ("), r.toString());
        assertEquals(List.of(), partFiles(master.works()), "no temporary files left");
    }

    @Test
    void uploadRecursiveCopiesADirectoryTree() throws IOException {
        Path tree = Files.createDirectories(home.resolve("nbs/sub/deeper"));
        Files.createDirectories(home.resolve("nbs/empty"));
        Files.writeString(home.resolve("nbs/a.ipynb"), "{}");
        Files.writeString(tree.resolve("b.py"), "print(1)");
        Files.writeString(home.resolve("nbs/sub/c.txt"), "c");

        Result r = wadal("upload", "p", "-r", "nbs", "shared");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("{}", Files.readString(master.works().resolve("shared/a.ipynb")));
        assertEquals("print(1)", Files.readString(master.works().resolve("shared/sub/deeper/b.py")));
        assertEquals("c", Files.readString(master.works().resolve("shared/sub/c.txt")));
        assertTrue(Files.isDirectory(master.works().resolve("shared/empty")));
        assertTrue(r.err().matches("uploaded works/shared \\(3 files, .*\n"), r.toString());

        assertEquals(0, wadal("upload", "p", "-r", "nbs", "shared").exitCode());
        assertEquals("{}", Files.readString(master.works().resolve("shared/nbs/a.ipynb")), "into an existing directory, as cp -r");
    }

    @Test
    void aDirectoryWithoutRecursiveIsAUsageErrorBeforeConnecting() throws IOException {
        Files.createDirectories(home.resolve("nbs"));
        Result r = wadal("upload", "p", "nbs");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("nbs is a directory; use -r"), r.toString());
        assertEquals(0, master.sessions());
    }

    @Test
    void aMissingLocalSourceIsNamedAndNothingConnects() {
        Result r = wadal("upload", "p", "no-such.csv");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("wadal: no such local file: no-such.csv\n", r.err());
        assertEquals(0, master.sessions());
    }

    @Test
    void downloadGoesToHomeDownloadsAndPrintsTheLocalPath() throws Exception {
        byte[] content = bytes(300_000, 7);
        Files.write(master.works().resolve("result.bin"), content);
        Result r = wadal("download", "p", "result.bin");
        assertEquals(0, r.exitCode(), r.toString());
        Path local = home.resolve("downloads/result.bin");
        assertArrayEquals(sha256(master.works().resolve("result.bin")), sha256(local));
        assertEquals(local + "\n", r.out());
        assertTrue(r.err().matches("downloaded works/result\\.bin to " + java.util.regex.Pattern.quote(local.toString()) + SUMMARY + "\n"), r.toString());
        assertTrue(Files.exists(master.works().resolve("result.bin")), "download keeps the remote file");
    }

    @Test
    void downloadToACreatedDirectoryRelativeToTheCurrentOne() throws IOException {
        Files.createDirectories(master.works().resolve("out dir"));
        Files.writeString(master.works().resolve("out dir/r.csv"), "r");
        Result r = wadal("download", "p", "out dir/r.csv", "--to", "here/there");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("r", Files.readString(home.resolve("here/there/r.csv")));
        assertEquals(List.of(), partFiles(home));
    }

    @Test
    void downloadRecursiveCopiesARemoteTree() throws IOException {
        Path tree = Files.createDirectories(master.works().resolve("output/part/x"));
        Files.createDirectories(master.works().resolve("output/empty"));
        Files.writeString(master.works().resolve("output/_SUCCESS"), "");
        Files.writeString(tree.resolve("part-0000.csv"), "1,2");

        Result r = wadal("download", "p", "-r", "output", "--to", "res");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", Files.readString(home.resolve("res/output/_SUCCESS")));
        assertEquals("1,2", Files.readString(home.resolve("res/output/part/x/part-0000.csv")));
        assertTrue(Files.isDirectory(home.resolve("res/output/empty")));
        assertEquals(home.resolve("res/output") + "\n", r.out());

        Result withoutR = wadal("download", "p", "output");
        assertEquals(1, withoutR.exitCode(), withoutR.toString());
        assertTrue(withoutR.err().contains("works/output is a directory on the master; use -r"), withoutR.toString());
    }

    @Test
    void linksInADirectoryAreSkippedAndListedByDefault() throws IOException {
        Path links = linkTree();

        Result r = wadal("download", "p", "-r", "links", "--to", "res");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("d", Files.readString(home.resolve("res/links/data.csv")));
        assertEquals("x", Files.readString(home.resolve("res/links/sub/x.txt")));
        for (String link : List.of("alias.csv", "dangling", "outside", "passwd", "subalias")) {
            assertFalse(Files.exists(home.resolve("res/links/" + link), LinkOption.NOFOLLOW_LINKS), link + " " + r);
            assertTrue(r.err().contains("warning: skipped the symbolic link works/links/" + link + " (links are not followed;"
                    + " --follow-links follows those that point inside works/links)\n"), link + " " + r);
        }
        assertTrue(Files.exists(links.resolve("passwd"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void followLinksFollowsOnlyLinksThatPointInsideTheDirectory() throws IOException {
        linkTree();

        Result r = wadal("download", "p", "-r", "links", "--to", "res", "--follow-links");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("d", Files.readString(home.resolve("res/links/alias.csv")));
        assertEquals("x", Files.readString(home.resolve("res/links/subalias/x.txt")));
        assertFalse(Files.isSymbolicLink(home.resolve("res/links/alias.csv")), "a copy, not a link");
        assertFalse(Files.exists(home.resolve("res/links/passwd")), "the master's /etc/passwd stays there: " + r);
        assertFalse(Files.exists(home.resolve("res/links/outside")), r.toString());
        assertFalse(Files.exists(home.resolve("res/links/dangling")), r.toString());
        assertTrue(r.err().matches("(?s).*warning: skipped the symbolic link works/links/passwd: it points outside works/links"
                + " \\(to /etc/passwd\\)\n.*"), r.toString());
        assertTrue(r.err().matches("(?s).*warning: skipped the symbolic link works/links/outside: it points outside works/links"
                + " \\(to (/.*)?/works/secret.txt\\)\n.*"), r.toString());
        assertTrue(r.err().contains("warning: skipped the symbolic link works/links/dangling: its target cannot be read on the master\n"),
                r.toString());
    }

    @Test
    void aLinkCycleIsOneLineOfErrorWithFollowLinksAndSkippedWithout() throws IOException {
        Path cycle = Files.createDirectories(master.works().resolve("cycle/a"));
        Files.writeString(cycle.resolve("f.txt"), "f");
        Files.createSymbolicLink(cycle.resolve("up"), Path.of(".."));
        Files.createSymbolicLink(cycle.resolve("ping"), Path.of("pong"));
        Files.createSymbolicLink(cycle.resolve("pong"), Path.of("ping"));

        Result followed = wadal("download", "p", "-r", "cycle", "--to", "res", "--follow-links");
        assertEquals(1, followed.exitCode(), followed.toString());
        assertTrue(followed.err().endsWith("wadal: the symbolic link works/cycle/a/up points back to works/cycle, which contains it:"
                + " following it would never end; nothing was downloaded (leave out --follow-links to skip links)\n"), followed.toString());
        assertFalse(Files.exists(home.resolve("res/cycle")));

        Result skipped = wadal("download", "p", "-r", "cycle", "--to", "res");
        assertEquals(0, skipped.exitCode(), skipped.toString());
        assertEquals("f", Files.readString(home.resolve("res/cycle/a/f.txt")));
        assertTrue(skipped.err().contains("warning: skipped the symbolic link works/cycle/a/up "), skipped.toString());
    }

    /** works/links: two files, and links to a file and a directory inside, to /etc/passwd, to a file beside it, to nothing. */
    private Path linkTree() throws IOException {
        Path links = Files.createDirectories(master.works().resolve("links/sub"));
        links = links.getParent();
        Files.writeString(links.resolve("data.csv"), "d");
        Files.writeString(links.resolve("sub/x.txt"), "x");
        Files.writeString(master.works().resolve("secret.txt"), "not in links");
        Files.createSymbolicLink(links.resolve("alias.csv"), Path.of("data.csv"));
        Files.createSymbolicLink(links.resolve("subalias"), Path.of("sub"));
        Files.createSymbolicLink(links.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(links.resolve("outside"), Path.of("../secret.txt"));
        Files.createSymbolicLink(links.resolve("dangling"), Path.of("nothing-here"));
        return links;
    }

    @Test
    void aToThatIsAFileOrAPathEndingInDotDotIsAUsageErrorBeforeConnecting() throws IOException {
        Files.writeString(home.resolve("notes.txt"), "mine");

        Result file = wadal("download", "p", "result.csv", "--to", "notes.txt");
        assertEquals(2, file.exitCode(), file.toString());
        assertEquals("wadal: --to notes.txt is a file, not a directory; name a directory to download into (it is created if missing)\n",
                file.err());
        Result below = wadal("move", "p", "result.csv", "--to", "notes.txt/sub");
        assertEquals(2, below.exitCode(), below.toString());
        assertTrue(below.err().startsWith("wadal: --to notes.txt/sub: " + home.resolve("notes.txt") + " is a file"), below.toString());
        for (String up : List.of("..", "a/..", "out/../..")) {
            Result r = wadal("download", "p", "-r", up, "--to", "res");
            assertEquals(2, r.exitCode(), r.toString());
            assertEquals("wadal: works/" + up + " does not end in a file or directory name; name what to download,"
                    + " e.g. output or output/part-0000.csv\n", r.err());
        }
        assertEquals(2, wadal("move", "p", "..").exitCode());
        assertEquals("mine", Files.readString(home.resolve("notes.txt")));
        assertEquals(0, master.sessions());
    }

    @Test
    void aMissingRemoteSourceIsNamed() {
        Result r = wadal("download", "p", "nope.csv");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("wadal: no such file or directory on the master: works/nope.csv\n", r.err());
        assertFalse(Files.exists(home.resolve("downloads/nope.csv")));

        Result move = wadal("move", "p", "nope.csv");
        assertEquals(1, move.exitCode(), move.toString());
        assertTrue(move.err().contains("works/nope.csv"), move.toString());
    }

    @Test
    void moveDownloadsThenDeletesTheRemoteFile() throws Exception {
        byte[] content = bytes(100_000, 3);
        Files.write(master.works().resolve("big.parquet"), content);
        Result r = wadal("move", "p", "big.parquet", "--to", "kept");
        assertEquals(0, r.exitCode(), r.toString());
        assertArrayEquals(content, Files.readAllBytes(home.resolve("kept/big.parquet")));
        assertFalse(Files.exists(master.works().resolve("big.parquet")));
        assertTrue(r.err().startsWith("moved works/big.parquet to "), r.toString());
    }

    @Test
    void moveRefusesADirectoryAndKeepsIt() throws IOException {
        Files.createDirectories(master.works().resolve("dir"));
        Result r = wadal("move", "p", "dir");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(Files.isDirectory(master.works().resolve("dir")));
    }

    @Test
    void namesStartingWithADashAreNamesAfterDoubleDash() throws IOException {
        Files.writeString(home.resolve("-rf"), "dash");
        Result up = wadal("upload", "p", "--", "-rf");
        assertEquals(0, up.exitCode(), up.toString());
        assertEquals("dash", Files.readString(master.works().resolve("-rf")));

        Result down = wadal("download", "p", "--to", "back", "--", "-rf");
        assertEquals(0, down.exitCode(), down.toString());
        assertEquals("dash", Files.readString(home.resolve("back/-rf")));
    }

    @Test
    void withProfileInTheEnvironmentEveryPositionalIsAnArgument() throws IOException {
        Files.writeString(home.resolve("data.csv"), "env");
        Result up = new WadalRun(home).env("PROFILE", "p").run("upload", "data.csv", "renamed.csv");
        assertEquals(0, up.exitCode(), up.toString());
        assertEquals("env", Files.readString(master.works().resolve("renamed.csv")));

        Result down = new WadalRun(home).env("PROFILE", "p").run("download", "renamed.csv");
        assertEquals(0, down.exitCode(), down.toString());
        assertEquals("env", Files.readString(home.resolve("downloads/renamed.csv")));
    }

    @Test
    void wrongArgumentCountsAreUsageErrors() {
        assertEquals(2, wadal("upload", "p").exitCode());
        assertEquals(2, wadal("upload", "p", "a", "b", "c").exitCode());
        assertEquals(2, wadal("download", "p").exitCode());
        assertEquals(2, wadal("move", "p", "a", "b").exitCode());
        assertEquals(0, master.sessions());
    }

    @Test
    void aHundredMegabytesRoundTripWithEqualChecksums() throws Exception {
        Path big = home.resolve("big.bin");
        TestFiles.random(big, 100_000_000L, 1);
        Result up = wadal("upload", "p", "big.bin", "round/trip.bin");
        assertEquals(0, up.exitCode(), up.toString());
        Result down = wadal("download", "p", "round/trip.bin");
        assertEquals(0, down.exitCode(), down.toString());

        byte[] expected = sha256(big);
        assertArrayEquals(expected, sha256(master.works().resolve("round/trip.bin")));
        assertArrayEquals(expected, sha256(home.resolve("downloads/trip.bin")),
                HexFormat.of().formatHex(expected) + " expected");
        assertTrue(up.err().contains("(100.0 MB in "), up.toString());
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }


    static byte[] sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    static List<Path> partFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".wadal-part")).toList();
        }
    }
}
