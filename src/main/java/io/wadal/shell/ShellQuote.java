package io.wadal.shell;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one way wadal puts a value into a remote command line: POSIX single quotes, inside which
 * the shell expands nothing ($(), backticks, $VAR, globs, newlines are all literal). A value
 * starting with '-' is still an option to the command that receives it: callers pass paths as
 * {@code works/…} or put {@code --} before them.
 */
public final class ShellQuote {
    private ShellQuote() {
    }

    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** A word as a user would type it in a shell (in a hint to copy): quoted only when the shell would split or expand it. */
    public static String asTyped(String word) {
        return word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : quote(word);
    }

    /** Each word quoted, separated by spaces. */
    public static String join(List<String> words) {
        return words.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
