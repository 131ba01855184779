package io.wadal.profile;

import java.util.Optional;
import java.util.regex.Pattern;

/** An {@code s3://bucket/prefix} location, validated as S3 bucket names are. */
public record S3Uri(String bucket, String prefix) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** @return the parsed URI, or empty when the text is not a valid {@code s3://} URI. */
    public static Optional<S3Uri> parse(String text) {
        if (text == null || !text.startsWith("s3://")) {
            return Optional.empty();
        }
        String rest = text.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || prefix.contains("//")
                || rest.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        return Optional.of(new S3Uri(bucket, prefix));
    }

    /** The object key of {@code name} under this prefix. */
    public String key(String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The {@code s3://} URI of {@code name} under this prefix. */
    public String resolve(String name) {
        return "s3://" + bucket + "/" + key(name);
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + prefix;
    }
}
