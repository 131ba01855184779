package io.wadal.profile;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Code names a profile key through {@link ProfileKey}: no string literal in src/main/java spells one out. */
class ProfileKeyLiteralsTest {
    private static final Path SOURCES = Path.of(System.getProperty("basedir", "")).resolve("src/main/java");
    private static final String SCHEMA = "io/wadal/profile/ProfileKey.java";

    /** Literals that spell a key's name but are not the key: an environment variable, a profile file's text. */
    static final Map<String, Set<String>> NOT_THE_KEY = Map.of(
            "io/wadal/aws/AwsClients.java", Set.of("AWS_REGION"), // the SDK's environment variable
            "io/wadal/app/Checkup.java", Set.of("AWS_REGION"), // the same variable, as check reports where the region came from
            "io/wadal/cds/Training.java", Set.of(ProfileKeys.ALL.toArray(String[]::new))); // writes a whole profile file

    private static final Pattern KEY = Pattern.compile("(?<![A-Za-z0-9_])("
            + ProfileKeys.ALL.stream().sorted(Comparator.comparing(String::length).reversed()).collect(Collectors.joining("|"))
            + ")(?![A-Za-z0-9_])");

    @Test
    void noStringLiteralOutsideTheSchemaNamesAProfileKey() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String rel = SOURCES.relativize(file).toString().replace('\\', '/');
            if (rel.equals(SCHEMA)) {
                continue;
            }
            String text = Files.readString(file);
            for (int[] literal : literals(text)) {
                Matcher m = KEY.matcher(text.substring(literal[0], literal[1]));
                while (m.find()) {
                    if (!NOT_THE_KEY.getOrDefault(rel, Set.of()).contains(m.group(1))) {
                        found.add(rel + ":" + line(text, literal[0]) + ": " + m.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), found, "write ProfileKey.X instead of the key's name in a string");
    }

    @Test
    void theScannerSeesStringsAndTextBlocksButNotCommentsOrCharacters() {
        String source = "// \"GIT_REPO\"\n/* \"GIT_USER\" */ char c = '\"'; String a = \"x \\\" GIT_PASS\"; "
                + "String b = \"\"\"\n  TAGS \"quoted\" \\\"\"\" y\n  \"\"\"; String d = \"\";";
        List<String> seen = Arrays.stream(literals(source)).map(l -> source.substring(l[0], l[1])).toList();
        assertEquals(List.of("x \\\" GIT_PASS", "\n  TAGS \"quoted\" \\\"\"\" y\n  ", ""), seen);
    }


    private static int line(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    /** The [start, end) of each string literal's and text block's contents, comments and char literals skipped. */
    static int[][] literals(String s) {
        List<int[]> found = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("//", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl;
            } else if (s.startsWith("/*", i)) {
                i = s.indexOf("*/", i + 2) + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                int start = i + 3;
                int j = start;
                while (!s.startsWith("\"\"\"", j)) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                found.add(new int[] {start, j});
                i = j + 3;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                int j = i + 1;
                while (s.charAt(j) != quote) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                if (quote == '"') {
                    found.add(new int[] {i + 1, j});
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return found.toArray(int[][]::new);
    }
}
