package io.wadal.emr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An SDK model object as JSON with the AWS API's member names ({@code ReleaseLabel}, {@code Instances}, …),
 * i.e. what the AWS CLI's {@code --generate-cli-skeleton}/{@code --cli-input-json} use. Unset members are left out.
 */
public final class SdkJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SdkJson() {
    }

    public static ObjectNode toJson(SdkPojo pojo) {
        ObjectNode out = NODES.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            JsonNode value = value(field.getValueOrDefault(pojo));
            if (value != null) {
                out.set(field.memberName(), value);
            }
        }
        return out;
    }

    /** @return the JSON of a member value, or null when it is unset */
    private static JsonNode value(Object v) {
        if (v == null || v instanceof SdkAutoConstructList || v instanceof SdkAutoConstructMap) {
            return null;
        }
        if (v instanceof SdkPojo pojo) {
            return toJson(pojo);
        }
        if (v instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(item == null ? NODES.nullNode() : value(item)));
            return array;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, item) -> object.set(String.valueOf(k), item == null ? NODES.nullNode() : value(item)));
            return object;
        }
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (v instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (v instanceof Short s) {
            return NODES.numberNode(s);
        }
        if (v instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (v instanceof Instant t) {
            return NODES.textNode(t.toString());
        }
        if (v instanceof SdkBytes bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe()));
        }
        return NODES.textNode(v.toString());
    }
}
