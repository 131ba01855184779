package io.wadal.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 45s}, {@code 15m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT15M}. */
public final class DurationParser {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhd])");

    private DurationParser() {
    }

    /** @return the duration, or empty when the text is not one. */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        Matcher m = SHORT.matcher(t.toLowerCase());
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            return Optional.of(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        if (t.toUpperCase().startsWith("P")) {
            try {
                return Optional.of(Duration.parse(t.toUpperCase()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Short human form: {@code 1h05m}, {@code 4m12s}, {@code 9s}. */
    public static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            return String.format("%dh%02dm", h, m);
        }
        if (m > 0) {
            return String.format("%dm%02ds", m, sec);
        }
        return sec + "s";
    }
}
