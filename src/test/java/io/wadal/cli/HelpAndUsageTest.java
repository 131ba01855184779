package io.wadal.cli;

import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wadal help, the messages for a mistyped command line, and what --help shows; no profile, AWS or master is needed. */
class HelpAndUsageTest {
    @TempDir
    Path home;

    private Result wadal(String... args) {
        return new WadalRun(home).run(args);
    }

    @Test
    void helpShowsTheSameTextAsDashDashHelp() {
        Result help = wadal("help");
        assertEquals(0, help.exitCode(), help.toString());
        assertEquals(wadal("--help").out(), help.out());
        assertTrue(help.out().startsWith("Usage: wadal "), help.toString());

        Result create = wadal("help", "create");
        assertEquals(0, create.exitCode(), create.toString());
        assertEquals(wadal("create", "--help").out(), create.out());
        assertTrue(create.out().startsWith("Usage: wadal create "), create.toString());
    }

    @Test
    void anUnknownCommandSaysWhichOneWasMeant() {
        Result r = wadal("creat", "p");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("wadal: unknown command 'creat' (did you mean create?)\nSee 'wadal --help' for the commands.\n", r.err());

        Result help = wadal("help", "termnate");
        assertEquals(2, help.exitCode(), help.toString());
        assertEquals("wadal: unknown command 'termnate' (did you mean terminate?)\n", help.err());
    }

    @Test
    void anUnknownCommandLikeNoneSuggestsNothing() {
        Result r = wadal("frobnicate");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("wadal: unknown command 'frobnicate'\nSee 'wadal --help' for the commands.\n", r.err());
    }

    @Test
    void anExtraArgumentIsNamedWithoutPicocliIndexes() {
        Result r = wadal("state", "p", "extra", "more");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("wadal: unexpected arguments 'extra', 'more'\nUsage: wadal state "), r.toString());
        assertFalse(r.err().contains("index"), r.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ssh,P,ls,-la | wadal ssh P -- ls -la",
            "ssh,team-a,-la | wadal ssh team-a -- -la",
            "ssh,P,grep,a b,f.txt | wadal ssh P -- grep 'a b' f.txt",
            "ssh,-P,P,ls | wadal ssh -P P -- ls",
            "ssh,-P,P,ls,-la | wadal ssh -P P -- ls -la"})
    void aCommandBeforeTheDoubleDashGetsTheHintWithTheProfileGiven(String words, String hint) {
        Result r = wadal(words.split(","));
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("wadal: put the command after --, e.g. " + hint + "\n", r.err());
    }

    @Test
    void withTheProfileInPROFILETheFirstWordThatNamesNoProfileIsPartOfTheCommand() {
        Result r = new WadalRun(home).env(Map.of("PROFILE", "P")).run("ssh", "ls", "-la");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("wadal: put the command after --, e.g. wadal ssh -- ls -la\n", r.err());
    }

    @Test
    void theExitCodesOfTheHelpAreTheReadmes() throws IOException {
        String out = wadal("--help").out();
        Map<String, String> help = new java.util.LinkedHashMap<>();
        String last = null;
        for (String line : out.substring(out.indexOf("Exit codes:\n") + 12, out.indexOf("\n\n", out.indexOf("Exit codes:"))).split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("  (\\d+)\\s+(.*)").matcher(line);
            if (m.matches()) {
                last = m.group(1);
                help.put(last, m.group(2).strip());
            } else {
                help.put(last, help.get(last) + " " + line.strip());
            }
        }
        Map<String, String> readme = new java.util.LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("basedir", "")).resolve("README.md"));
        for (int i = lines.indexOf("## Exit codes"); i < lines.size() && !lines.get(i).startsWith("## Reliability"); i++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\| (\\d+) \\| (.*) \\|").matcher(lines.get(i));
            if (m.matches()) {
                readme.put(m.group(1), m.group(2));
            }
        }
        assertEquals(readme, help);
    }

    @Test
    void aProfileWordAfterMinusPIsAProfileGivenTwice() throws IOException {
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/P"), "AWS_REGION=ap-northeast-2\n");
        Result r = wadal("ssh", "-P", "P", "P");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("wadal: profile given twice: -P P and 'P'\n", r.err());
    }

    @Test
    void anUnknownOptionOfSshIsNotTakenForAProfile() {
        Result r = wadal("ssh", "--bogus");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("wadal: unknown option '--bogus'; see 'wadal ssh --help'\n", r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "upload; [PROFILE] SRC [DST]",
            "download; [PROFILE] PATH",
            "move; [PROFILE] PATH",
            "logs; [PROFILE] [bootstrap|steps|autosave|terminate]",
            "ls; [PROFILE] [LS-OPTION...] [SUBDIR...]"})
    void theUsageLineNamesTheRealArguments(String command, String arguments) {
        Result r = wadal(command, "--help");
        assertEquals(0, r.exitCode(), r.toString());
        String synopsis = synopsis(r.out());
        assertTrue(synopsis.startsWith("Usage: wadal " + command + " ["), synopsis);
        assertTrue(synopsis.endsWith(" " + arguments), synopsis);
        assertFalse(r.out().contains("ARGS"), r.out());
    }

    @Test
    void theCommandListShowsAWholeSentenceForEachCommand() {
        String out = wadal("--help").out();
        String list = out.substring(out.indexOf("\nCommands:\n") + 11, out.indexOf("\n\nExit codes:"));
        List<String> entries = new ArrayList<>();
        for (String line : list.split("\n")) {
            if (line.matches("  \\S.*")) {
                entries.add(line.strip());
            } else {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            }
        }
        assertTrue(entries.size() > 20, list);
        assertTrue(entries.stream().anyMatch(e -> e.startsWith("help ")), list);
        for (String entry : entries) {
            assertTrue(entry.endsWith("."), "cut mid-sentence: " + entry);
        }
    }

    /** The "Usage:" line with its continuation lines, joined with single spaces. */
    private static String synopsis(String help) {
        StringBuilder b = new StringBuilder();
        for (String line : help.split("\n")) {
            if (b.length() > 0 && !line.startsWith(" ")) {
                break;
            }
            b.append(b.length() == 0 ? "" : " ").append(line.strip());
        }
        return b.toString();
    }
}
