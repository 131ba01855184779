package io.wadal.profile;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** profile.template and the README's "Profile keys" table say what the schema says, key by key. */
class ProfileDocsTest {
    private static final Path BASE = Path.of(System.getProperty("basedir", ""));
    private static final Pattern EXPORT = Pattern.compile("^(# )?export ([A-Za-z0-9_]+)=(.*)$");

    /** The comment line right above a key's line in profile.template. */
    static String templateDoc(ProfileKey key) {
        String doc = key.doc();
        return "# " + Character.toUpperCase(doc.charAt(0)) + doc.substring(1) + "."
                + (key.defaultDoc().isEmpty() ? "" : " Default: " + key.defaultDoc() + ".");
    }

    @Test
    void profileTemplateDocumentsEveryKeyOnceWithTheSchemasDocAndDefault() throws IOException {
        List<String> lines = Files.readAllLines(BASE.resolve("profile.template"));
        Map<String, Integer> at = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = EXPORT.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String name = m.group(2);
            assertTrue(ProfileKey.find(name).isPresent(), "profile.template:" + (i + 1) + ": " + name + " is not in the schema");
            assertEquals(null, at.put(name, i), "profile.template: " + name + " is there twice");
            ProfileKey key = ProfileKey.find(name).orElseThrow();
            assertEquals(templateDoc(key), i == 0 ? "" : lines.get(i - 1), "profile.template:" + i + ": the doc line of " + name);
            boolean commented = m.group(1) != null;
            if (key.defaultValue().isPresent()) {
                assertTrue(commented, "profile.template:" + (i + 1) + ": " + name + " has a default, so its line is commented out");
                assertEquals(key.defaultValue().get(), m.group(3), "profile.template:" + (i + 1) + ": " + name + " shows its default");
            }
            if (!commented) {
                assertTrue(m.group(3).startsWith("YOUR-"), "profile.template:" + (i + 1) + ": " + name
                        + " is to be filled in, so it holds a YOUR-... placeholder");
            }
        }
        List<String> missing = new ArrayList<>(ProfileKeys.ALL);
        missing.removeAll(at.keySet());
        assertEquals(List.of(), missing, "keys missing from profile.template");
    }

    @Test
    void readmeProfileKeysTableHasOneRowPerKeyWithTheSchemasDefaultAndDoc() throws IOException {
        List<String> rows = profileKeysTable(Files.readAllLines(BASE.resolve("README.md")));
        assertEquals(List.of("key", "default", "meaning"), cells(rows.get(0)));
        assertTrue(rows.get(1).matches("\\|(-+\\|)+"), rows.get(1));
        List<String> keys = new ArrayList<>();
        for (String row : rows.subList(2, rows.size())) {
            List<String> cells = cells(row);
            assertEquals(3, cells.size(), row);
            String name = cells.get(0);
            ProfileKey key = ProfileKey.find(name).orElseThrow(() -> new AssertionError("README: " + name + " is not in the schema"));
            assertEquals(List.of(key.name(), key.defaultDoc(), key.doc()), cells, "README's row of " + name);
            keys.add(name);
        }
        assertEquals(ProfileKeys.ALL, keys, "README: one row per key, in the schema's order");
    }

    /** The table's lines: from the first line starting with '|' after the heading, up to the first that does not. */
    private static List<String> profileKeysTable(List<String> readme) {
        int heading = readme.indexOf("### Profile keys");
        assertTrue(heading >= 0, "README has no '### Profile keys' section");
        int i = heading + 1;
        while (i < readme.size() && !readme.get(i).startsWith("|")) {
            assertTrue(!readme.get(i).startsWith("#"), "README: no table under '### Profile keys'");
            i++;
        }
        List<String> rows = new ArrayList<>();
        for (; i < readme.size() && readme.get(i).startsWith("|"); i++) {
            rows.add(readme.get(i));
        }
        return rows;
    }

    private static List<String> cells(String row) {
        assertTrue(row.startsWith("|") && row.endsWith("|"), row);
        List<String> cells = new ArrayList<>();
        for (String cell : row.substring(1, row.length() - 1).split("\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }
}
