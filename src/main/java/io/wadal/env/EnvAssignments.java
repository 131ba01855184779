package io.wadal.env;

import io.wadal.console.TerminalText;
import io.wadal.error.WadalException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses environment assignments: {@code K=V K2="x y" K3='a b'} (RUN_NOTEBOOK_ENVS, $ENVS) or a
 * single {@code K=V} (-e). Quoting follows the shell (single quotes literal; in double quotes a
 * backslash escapes {@code \ " $ `}; outside quotes it escapes any character) but nothing is
 * expanded: {@code $HOME} stays as written. Values of a list may be secrets, so an error never
 * shows one; a -e word is the user's own command line, so its error shows it.
 */
public final class EnvAssignments {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String HOW = "write KEY=VALUE pairs separated by spaces, quoting values with spaces: A=\"x y\" B=2";
    private static final String HOW_ONE = "give one NAME=VALUE per -e, e.g. -e LIMIT=10";

    private EnvAssignments() {
    }

    /**
     * The assignments of a space-separated list, in order (a repeated key keeps its last value).
     *
     * @param source names where the text came from, for the error message
     */
    public static Map<String, String> parse(String text, String source) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (text == null) {
            return vars;
        }
        int n = 0;
        for (String word : words(text, source)) {
            n++;
            put(vars, word, source + ", word " + n, HOW);
        }
        return vars;
    }

    /**
     * One assignment as one command-line word (-e K=V): everything after the first '=' is the value, literally.
     *
     * @param option the option that gave it (-e), named with the word in the error message
     */
    public static Map.Entry<String, String> parseOne(String assignment, String option) {
        Map<String, String> one = new LinkedHashMap<>();
        put(one, assignment, option + " '" + TerminalText.line(assignment) + "'", HOW_ONE);
        return one.entrySet().iterator().next();
    }

    private static void put(Map<String, String> vars, String word, String where, String how) {
        int eq = word.indexOf('=');
        if (eq < 0) {
            throw WadalException.usage(where + " is not KEY=VALUE (no '='); " + how);
        }
        String name = word.substring(0, eq);
        if (!NAME.matcher(name).matches()) {
            throw WadalException.usage(where + ": '" + name + "' is not a variable name (letters, digits and _, "
                    + "not starting with a digit); " + how);
        }
        vars.remove(name);
        vars.put(name, word.substring(eq + 1));
    }

    private static List<String> words(String text, String source) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unterminated(source, "single quote");
                }
                word.append(text, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, word, source);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw unterminated(source, "backslash at the end");
                }
                char next = text.charAt(++i);
                if (next != '\n') { // backslash-newline joins lines, as in the shell
                    word.append(next);
                }
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the double-quoted text starting at {@code i}; returns the index of the closing quote. */
    private static int doubleQuoted(String text, int i, StringBuilder word, String source) {
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < text.length() && "\\\"$`\n".indexOf(text.charAt(i + 1)) >= 0) {
                char next = text.charAt(++i);
                if (next != '\n') {
                    word.append(next);
                }
            } else {
                word.append(c);
            }
        }
        throw unterminated(source, "double quote");
    }

    private static WadalException unterminated(String source, String what) {
        return WadalException.usage(source + ": unterminated " + what + "; " + HOW);
    }
}
