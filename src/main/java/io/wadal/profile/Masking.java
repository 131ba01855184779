package io.wadal.profile;

import java.util.Locale;
import java.util.regex.Pattern;

/** Keeps secret values out of messages: a key that looks secret has its value shown as {@code ****}. */
final class Masking {
    static final String MASK = "****";

    /** Catches misspelt secret keys too (GIT_PASSWORD, MY_TOKEN), which are not in ProfileKeys.SECRETS. */
    private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(PASS|SECRET|TOKEN|PWD|ACCESS_KEY|CREDENTIAL).*");
    private static final int MAX_SHOWN = 80;

    private Masking() {
    }

    static boolean isSecret(String key) {
        return ProfileKeys.SECRETS.contains(key) || SECRET_LIKE.matcher(key).matches();
    }

    /** A source line for a message: cut after the first secret-looking key it names, and shortened. */
    static String line(String line) {
        String upper = line.toUpperCase(Locale.ROOT);
        for (String word : new String[] {"PASS", "SECRET", "TOKEN", "PWD", "ACCESS_KEY", "CREDENTIAL"}) {
            int i = upper.indexOf(word);
            if (i >= 0) {
                int end = i;
                while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
                    end++;
                }
                return line.substring(0, end) + " " + MASK;
            }
        }
        return line.length() <= MAX_SHOWN ? line : line.substring(0, MAX_SHOWN) + "...";
    }
}
