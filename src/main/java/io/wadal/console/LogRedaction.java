package io.wadal.console;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in every log line, whatever the level: the values registered here (the profile's
 * secrets when it loads, the AWS secret key and session token when they are resolved) and the
 * values of credential headers and fields, which the AWS SDK's and HTTP clients' debug lines show
 * (the signer's canonical request carries {@code x-amz-security-token:…}). Static because Logback
 * is configured once per JVM through its service file, before any command has a context.
 */
public final class LogRedaction {
    public static final String MASK = "****";
    /** Shorter values would mask common words all over the log; no real credential is this short. */
    private static final int MIN_LENGTH = 4;
    /** Authorization's value has spaces and commas (AWS4-HMAC-SHA256 Credential=…, Signature=…): all of the rest of the line. */
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*)[^\\r\\n]+");
    private static final Pattern CREDENTIAL_FIELD = Pattern.compile("(?i)(\\b(?:x-amz-security-token|x-amz-signature|x-amz-credential"
            + "|aws_secret_access_key|aws_session_token|secretaccesskey|sessiontoken|secret_?key|session_?token)"
            + "[\"']?\\s*[:=]\\s*[\"']?)[^\\s,;&\"'<>\\[\\])}]+");

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static volatile List<String> longestFirst = List.of();

    private LogRedaction() {
    }

    /** From now on, this value is shown as {@code ****} in log lines. */
    public static void secret(String value) {
        if (value == null || value.strip().length() < MIN_LENGTH || !SECRETS.add(value)) {
            return;
        }
        synchronized (SECRETS) {
            // longest first, so a secret containing a shorter one is masked whole
            longestFirst = SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : longestFirst) {
            out = out.replace(secret, MASK);
        }
        out = AUTHORIZATION.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return CREDENTIAL_FIELD.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }
}
