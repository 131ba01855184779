package io.wadal.emr;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wadal.error.WadalException;
import software.amazon.awssdk.services.emr.model.Configuration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EMR configurations JSON, in the array form the AWS CLI's {@code --configurations} takes:
 * {@code [{"Classification": …, "Properties": {…}, "Configurations": [ … ]}]}.
 */
public final class EmrConfigurations {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private EmrConfigurations() {
    }

    /** @param source where the JSON came from (a file path), named in errors */
    public static List<Configuration> parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw WadalException.usage(source + ": not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw WadalException.usage(source + ": empty; expected a JSON array of EMR configurations");
        }
        return list(root, "", source);
    }

    private static List<Configuration> list(JsonNode node, String path, String source) {
        if (!node.isArray()) {
            throw shape(source, path.isEmpty() ? "the top level" : path,
                    "must be an array of {\"Classification\", \"Properties\", \"Configurations\"} objects");
        }
        List<Configuration> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(configuration(node.get(i), path + "[" + i + "]", source));
        }
        return out;
    }

    private static Configuration configuration(JsonNode node, String path, String source) {
        if (!node.isObject()) {
            throw shape(source, path, "must be an object with Classification, Properties and Configurations");
        }
        Configuration.Builder b = Configuration.builder();
        JsonNode classification = node.get("Classification");
        if (classification == null || !classification.isTextual() || classification.asText().isBlank()) {
            throw shape(source, path + ".Classification", "is required and must be a string, e.g. \"spark-defaults\"");
        }
        b.classification(classification.asText());
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            switch (name) {
                case "Classification" -> { }
                case "Properties" -> b.properties(properties(value, path + ".Properties", source));
                case "Configurations" -> b.configurations(list(value, path + ".Configurations", source));
                default -> throw shape(source, path + "." + name,
                        "is not a configuration member (Classification, Properties, Configurations; names are case-sensitive)");
            }
        }
        return b.build();
    }

    private static Map<String, String> properties(JsonNode node, String path, String source) {
        if (!node.isObject()) {
            throw shape(source, path, "must be an object of \"name\": \"value\" strings");
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            // EMR takes strings only; numbers and booleans are accepted as their text for convenience
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw shape(source, path + "." + e.getKey(), "must be a string");
            }
            props.put(e.getKey(), e.getValue().asText());
        }
        return props;
    }

    private static WadalException shape(String source, String path, String why) {
        return WadalException.usage(source + ": " + path + " " + why);
    }
}
