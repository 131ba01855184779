package io.wadal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IAM policy document, read far enough to say whether it allows one action on one resource:
 * Effect, Action / NotAction and Resource / NotResource with IAM's {@code *} and {@code ?}
 * wildcards. A statement with a Condition is reported as such, not evaluated: wadal cannot know
 * the request's context. Service control policies and session policies are not seen at all.
 */
public final class PolicyDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the document says about the action: an unconditional Deny wins over any Allow. */
    public enum Effect { DENY, ALLOW, ALLOW_WITH_CONDITION, NONE }

    private final List<JsonNode> statements;

    private PolicyDocument(List<JsonNode> statements) {
        this.statements = statements;
    }

    /** The document as IAM's API returns it: URL-encoded JSON (decoded first when it is). */
    public static PolicyDocument parse(String document) throws IOException {
        String json = document.strip().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("not a policy document");
        }
        List<JsonNode> statements = new ArrayList<>();
        JsonNode s = root.path("Statement");
        if (s.isArray()) {
            s.forEach(statements::add);
        } else if (s.isObject()) {
            statements.add(s);
        }
        return new PolicyDocument(statements);
    }

    public Effect decide(String action, String resource) {
        boolean allowed = false;
        boolean conditional = false;
        boolean deniedConditionally = false;
        for (JsonNode st : statements) {
            if (!applies(st, "Action", "NotAction", action, true) || !applies(st, "Resource", "NotResource", resource, false)) {
                continue;
            }
            boolean hasCondition = st.has("Condition") && st.path("Condition").size() > 0;
            String effect = st.path("Effect").asText();
            if ("Deny".equals(effect)) {
                if (!hasCondition) {
                    return Effect.DENY;
                }
                deniedConditionally = true;
            } else if ("Allow".equals(effect)) {
                if (hasCondition) {
                    conditional = true;
                } else {
                    allowed = true;
                }
            }
        }
        if (allowed && !deniedConditionally) {
            return Effect.ALLOW;
        }
        return allowed || conditional ? Effect.ALLOW_WITH_CONDITION : Effect.NONE;
    }

    /** Whether the statement covers the value through its element, or through its Not- element's complement. */
    private static boolean applies(JsonNode st, String element, String notElement, String value, boolean ignoreCase) {
        if (st.has(element)) {
            return values(st.path(element)).stream().anyMatch(p -> matches(p, value, ignoreCase));
        }
        if (st.has(notElement)) {
            return values(st.path(notElement)).stream().noneMatch(p -> matches(p, value, ignoreCase));
        }
        return false;
    }

    private static List<String> values(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else if (n.isTextual()) {
            out.add(n.asText());
        }
        return out;
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} one; actions are case-insensitive. */
    static boolean matches(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return ignoreCase
                ? Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(value).matches()
                : Pattern.compile(regex.toString()).matcher(value).matches();
    }
}
