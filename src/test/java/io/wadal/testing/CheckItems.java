package io.wadal.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code wadal check --json} printed: item → [status, detail], in the order printed. */
public final class CheckItems {
    private CheckItems() {
    }

    public static Map<String, List<String>> parse(String json) throws IOException {
        Map<String, List<String>> items = new LinkedHashMap<>();
        for (JsonNode n : new ObjectMapper().readTree(json)) {
            items.put(n.get("item").asText(), List.of(n.get("status").asText(), n.get("detail").asText()));
        }
        return items;
    }

    /** The item has this status, and its detail mentions every part. */
    public static void assertItem(Map<String, List<String>> items, String item, String status, String... parts) {
        List<String> got = items.get(item);
        assertNotNull(got, item + " missing from " + items.keySet());
        assertEquals(status, got.get(0), item + ": " + got);
        for (String part : parts) {
            assertTrue(got.get(1).contains(part), item + ": " + got + " should mention " + part);
        }
    }
}
