package io.wadal.profile;

import java.util.Locale;
import java.util.Optional;

/** "did you mean" for unknown keys: the known key nearest by edit distance, if near enough to be a typo. */
final class KeySuggestions {
    private KeySuggestions() {
    }

    static Optional<String> closest(String key) {
        String k = key.toUpperCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : ProfileKeys.ALL) {
            int d = distance(k, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        if (bestDistance <= Math.max(2, k.length() / 3)) {
            return Optional.of(best);
        }
        // a key written without its prefix or suffix: EMR_LABEL, REGION, KEY_PAIR_PATH
        return k.length() < 4 ? Optional.empty() : ProfileKeys.ALL.stream().filter(known -> known.contains(k)).findFirst();
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions (AWS_REGOIN). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
