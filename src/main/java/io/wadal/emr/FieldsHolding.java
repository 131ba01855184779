package io.wadal.emr;

import com.fasterxml.jackson.databind.JsonNode;
import io.wadal.console.TerminalText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where in a request's JSON a text occurs, as paths a user can find in {@code wadal plan --json}:
 * {@code Name}, {@code Steps[1].HadoopJarStep.Args[5]}, and tags by their key, {@code Tags[owner]}.
 */
final class FieldsHolding {
    private FieldsHolding() {
    }

    static List<String> find(JsonNode request, String text) {
        List<String> paths = new ArrayList<>();
        walk(request, "", text, paths);
        return paths;
    }

    private static void walk(JsonNode node, String path, String text, List<String> paths) {
        if (node.isTextual()) {
            if (node.asText().contains(text)) {
                paths.add(path);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                String tagKey = item.path("Key").isTextual() && item.path("Value").isTextual() ? item.get("Key").asText() : null;
                if (tagKey != null && !tagKey.contains(text)) {
                    // a tag: named by its key, unless the key itself holds the text
                    walk(item.get("Value"), path + "[" + TerminalText.line(tagKey) + "]", text, paths);
                } else {
                    walk(item, path + "[" + i + "]", text, paths);
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                // the API's member names are fixed; only a configuration's property names come from the user
                if (path.endsWith("Properties") && e.getKey().contains(text)) {
                    paths.add("a property name in " + path);
                } else {
                    walk(e.getValue(), at, text, paths);
                }
            }
        }
    }
}
