package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(FakeMaster.class)
class LsCommandTest {
    @TempDir
    Path home;
    private SshMaster master;

    @BeforeEach
    void setUp(SshMaster master) throws IOException {
        this.master = master;
        Records.profileWithCluster(home, "p", "", master);
        Files.writeString(master.works().resolve("top.csv"), "a,b\n");
        Files.writeString(master.works().resolve(".hidden"), "");
        Files.createDirectories(master.works().resolve("my dir"));
        Files.writeString(master.works().resolve("my dir/inside.txt"), "x");
    }

    private Result wadal(String... args) {
        return new WadalRun(home).run(args);
    }

    @Test
    void listsWorksWithoutArguments() {
        Result r = wadal("ls", "p");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("my dir", "top.csv"), r.out().lines().toList());
        assertEquals(List.of("ls 'works'"), master.commands());
    }

    @Test
    void namesThatCarryEscapeSequencesAreShownEscapedNeverSentToTheTerminal() throws IOException {
        Files.writeString(master.works().resolve("a\u001b[31mred"), "");
        Files.writeString(master.works().resolve("t\u001b]0;owned\u0007x"), "");

        Result r = wadal("ls", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(r.out().contains("\u001b") || r.out().contains("\u0007"), r.toString());
        assertTrue(r.out().lines().toList().containsAll(List.of("a\\x1b[31mred", "t\\x1b]0;owned\\x07x", "top.csv")),
                r.toString());
    }

    @Test
    void lsOptionsArePassedQuotedAndTheExitStatusIsLs() {
        Result r = wadal("ls", "p", "-al");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("total"), r.toString());
        assertTrue(r.out().contains(".hidden") && r.out().matches("(?s).*-rw.* top\\.csv\n.*"), r.toString());
        assertEquals(List.of("ls '-al' 'works'"), master.commands());

        Result missing = wadal("ls", "p", "-l", "nope");
        assertEquals(2, missing.exitCode(), "GNU ls says 2 for a missing operand: " + missing);
        assertTrue(missing.err().contains("works/nope"), missing.toString());
    }

    @Test
    void aSubdirWithASpaceIsOneName() {
        Result r = wadal("ls", "p", "-1", "my dir");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("inside.txt\n", r.out());
        assertEquals("ls '-1' 'works/my dir'", master.commands().get(0));
    }

    @Test
    void optionsKeepTheirOrderEvenWhenPicocliTakesOneForANumber() {
        Result r = wadal("ls", "p", "-l", "-1", "-a", "my dir");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("ls '-l' '-1' '-a' 'works/my dir'", master.commands().get(0));
        assertTrue(r.out().contains(" ..\n") && r.out().contains(" inside.txt\n"), r.toString());
    }

    @Test
    void afterDoubleDashADashedWordIsADirectoryName() throws IOException {
        Files.createDirectories(master.works().resolve("-rf"));
        Files.writeString(master.works().resolve("-rf/kept.txt"), "still here");
        Result r = wadal("ls", "p", "-l", "--", "-rf");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("kept.txt"), r.toString());
        assertEquals("ls '-l' 'works/-rf'", master.commands().get(0));
        assertTrue(Files.exists(master.works().resolve("-rf/kept.txt")));
    }

    @Test
    void withProfileInTheEnvironmentEveryPositionalIsADirectory() {
        Result r = new WadalRun(home).env("PROFILE", "p").run("ls", "my dir");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("inside.txt\n", r.out());

        Result withOption = new WadalRun(home).env("PROFILE", "p").run("ls", "-a");
        assertEquals(0, withOption.exitCode(), withOption.toString());
        assertTrue(withOption.out().contains(".hidden"), withOption.toString());
    }

    @Test
    void shellCharactersInANameReachLsLiterally() {
        Result r = wadal("ls", "p", "$(touch pwned)");
        assertEquals(2, r.exitCode(), r.toString());
        assertFalse(Files.exists(master.home().resolve("pwned")));
        assertFalse(Files.exists(master.works().resolve("pwned")));
    }
}
