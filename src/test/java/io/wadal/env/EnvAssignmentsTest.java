package io.wadal.env;

import io.wadal.error.WadalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvAssignmentsTest {
    @Test
    void pairsAreSplitOnSpacesWithShellQuoting() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("A", "x y");
        expected.put("B", "2");
        expected.put("C", "it's");
        expected.put("D", "say \"hi\" $HOME `id`");
        expected.put("E", "");
        expected.put("F", "a=b");
        expected.put("G", "back\\slash and\\n");
        assertEquals(expected, EnvAssignments.parse(
                "A=\"x y\"  B=2\tC='it'\\''s' D=\"say \\\"hi\\\" \\$HOME `id`\" E= F=a=b G='back\\slash and\\n'", "ENVS"));
    }

    @Test
    void nothingIsExpandedAndALaterKeyWins() {
        assertEquals(Map.of("A", "$HOME", "B", "${PATH}"), EnvAssignments.parse("A=1 B=${PATH} A=$HOME", "ENVS"));
        assertEquals(Map.of(), EnvAssignments.parse(null, "ENVS"));
        assertEquals(Map.of(), EnvAssignments.parse("  ", "ENVS"));
    }

    @Test
    void oneAssignmentIsTakenLiterally() {
        Map.Entry<String, String> e = EnvAssignments.parseOne("TOKEN=a b 'c' \"d\"=", "-e");
        assertEquals("TOKEN", e.getKey());
        assertEquals("a b 'c' \"d\"=", e.getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"A=1 topsecret", "A='topsecret", "A=\"topsecret", "A=topsecret\\", "1A=topsecret",
            "A-B=topsecret", "=topsecret"})
    void malformedInputIsAUsageErrorThatNeverShowsAValue(String text) {
        WadalException e = assertThrows(WadalException.class, () -> EnvAssignments.parse(text, "the ENVS environment variable"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("the ENVS environment variable"), e.getMessage());
        assertTrue(e.getMessage().contains("KEY=VALUE"), e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }

    @Test
    void aMalformedFlagNamesTheFlag() {
        WadalException e = assertThrows(WadalException.class, () -> EnvAssignments.parseOne("NOEQUALS", "-e"));
        assertEquals(2, e.exitCode());
        assertEquals("-e 'NOEQUALS' is not KEY=VALUE (no '='); give one NAME=VALUE per -e, e.g. -e LIMIT=10", e.getMessage());
    }
}
