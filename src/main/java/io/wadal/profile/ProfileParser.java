package io.wadal.profile;

import io.wadal.error.WadalException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the subset of bash that profiles are written in — {@code [export] KEY=VALUE}, quotes,
 * {@code $VAR}, {@code ~} — one assignment at a time, without ever running a shell. Syntax
 * errors are thrown; judging values (placeholders, unknown keys, trailing text) is left to
 * {@link ProfileLoader}.
 */
final class ProfileParser {
    /**
     * One assignment. {@code trailing} is the raw unquoted text after the value on its line
     * (comments excluded), empty for a well-formed line; {@code warnings} are about its value.
     */
    record Assignment(String key, String value, int line, String trailing, List<String> warnings) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String WORD_END = " \t\n;|&()<>";

    private final String where;
    private final String text;
    private final String home;
    private final Function<String, String> lookup;
    private final Set<String> referenced = new HashSet<>();
    private int pos;
    private int line = 1;
    private String key;
    private List<String> warnings;

    /**
     * @param where  the file as shown in messages
     * @param home   what an unquoted {@code ~} expands to
     * @param lookup the value of a variable, or null when it is unset
     */
    ProfileParser(String where, String text, String home, Function<String, String> lookup) {
        this.where = where;
        this.text = text;
        this.home = home;
        this.lookup = lookup;
    }

    /** Names used in {@code $NAME} expansions so far. */
    Set<String> referenced() {
        return referenced;
    }

    /** The next assignment, or null at the end of the text. */
    Assignment next() {
        while (true) {
            skipBlanks();
            if (eof()) {
                return null;
            }
            char c = ch();
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '#') {
                skipToEndOfLine();
            } else {
                Assignment a = statement();
                if (a != null) {
                    return a;
                }
            }
        }
    }

    /** One statement starting at pos; null for a bare {@code export NAME}, which changes nothing here. */
    private Assignment statement() {
        int start = pos;
        int startLine = line;
        boolean exported = false;
        if (text.startsWith("export", pos) && pos + 6 < text.length() && (text.charAt(pos + 6) == ' ' || text.charAt(pos + 6) == '\t')) {
            pos += 6;
            skipBlanks();
            exported = true;
        }
        int nameStart = pos;
        while (!eof() && (Character.isLetterOrDigit(ch()) || ch() == '_') && ch() < 128) {
            pos++;
        }
        String name = text.substring(nameStart, pos);
        boolean validName = NAME.matcher(name).matches();
        if (validName && exported && atStatementEnd()) {
            skipStatementEnd();
            return null;
        }
        if (!validName || eof() || ch() != '=') {
            throw notAnAssignment(start, startLine);
        }
        pos++;
        key = name;
        warnings = new ArrayList<>();
        String value = word();
        skipBlanks();
        String trailing = "";
        if (!eof() && ch() == ';') {
            pos++;
        } else if (!eof() && ch() == '#') {
            skipToEndOfLine();
        } else if (!eof() && ch() != '\n') {
            int s = pos;
            skipToEndOfLine();
            trailing = text.substring(s, pos).strip();
        }
        return new Assignment(name, value, startLine, trailing, List.copyOf(warnings));
    }

    private WadalException notAnAssignment(int start, int startLine) {
        int end = text.indexOf('\n', start);
        String shown = text.substring(start, end < 0 ? text.length() : end).strip();
        String firstWord = shown.replaceFirst("^export[ \t]+", "").split("[ \t]", 2)[0];
        int eq = firstWord.indexOf('=');
        if (eq > 0 && !NAME.matcher(firstWord.substring(0, eq)).matches()) {
            return error(startLine, "'" + firstWord.substring(0, eq) + "' is not a valid key name"
                    + " (letters, digits and _, not starting with a digit)");
        }
        String hint = shown.matches("(export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*[ \t]+=.*")
                ? " (no spaces around =)" : "";
        return error(startLine, "not a KEY=VALUE assignment: '" + Masking.line(shown) + "'" + hint);
    }

    /** A shell word in assignment context: quotes, escapes, expansions and ~ at the start or after ':'. */
    private String word() {
        StringBuilder sb = new StringBuilder();
        boolean tildeAllowed = true;
        while (!eof() && WORD_END.indexOf(ch()) < 0) {
            char c = ch();
            if (c == '~' && tildeAllowed && tildeEnds(pos + 1)) {
                sb.append(home);
                pos++;
                tildeAllowed = false;
                continue;
            }
            tildeAllowed = c == ':';
            switch (c) {
                case '\\' -> unquotedEscape(sb);
                case '\'' -> singleQuoted(sb);
                case '"' -> doubleQuoted(sb);
                case '$' -> dollar(sb, false);
                case '`' -> throw commandSubstitution();
                default -> {
                    sb.append(c);
                    pos++;
                }
            }
        }
        return sb.toString();
    }

    private boolean tildeEnds(int i) {
        return i >= text.length() || text.charAt(i) == '/' || text.charAt(i) == ':' || WORD_END.indexOf(text.charAt(i)) >= 0;
    }

    private void unquotedEscape(StringBuilder sb) {
        pos++;
        if (eof()) {
            sb.append('\\');
        } else if (ch() == '\n') {
            pos++;
            line++;
        } else {
            sb.append(ch());
            pos++;
        }
    }

    private void singleQuoted(StringBuilder sb) {
        int openLine = line;
        pos++;
        while (true) {
            if (eof()) {
                throw error(openLine, "unterminated single quote (value of " + key + ")");
            }
            char c = ch();
            pos++;
            if (c == '\'') {
                return;
            }
            if (c == '\n') {
                line++;
            }
            sb.append(c);
        }
    }

    private void doubleQuoted(StringBuilder sb) {
        int openLine = line;
        pos++;
        while (true) {
            if (eof()) {
                throw error(openLine, "unterminated double quote (value of " + key + ")");
            }
            char c = ch();
            if (c == '"') {
                pos++;
                return;
            }
            switch (c) {
                case '\\' -> quotedEscape(sb);
                case '$' -> dollar(sb, true);
                case '`' -> throw commandSubstitution();
                default -> {
                    if (c == '\n') {
                        line++;
                    }
                    sb.append(c);
                    pos++;
                }
            }
        }
    }

    /** Inside double quotes a backslash escapes only $ ` " \ and newline; elsewhere it stays. */
    private void quotedEscape(StringBuilder sb) {
        char next = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
        if (next == '\n') {
            pos += 2;
            line++;
        } else if ("$`\"\\".indexOf(next) >= 0 && next != 0) {
            sb.append(next);
            pos += 2;
        } else {
            sb.append('\\');
            pos++;
        }
    }

    private void dollar(StringBuilder sb, boolean quoted) {
        char next = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
        if (next == '(') {
            throw pos + 2 < text.length() && text.charAt(pos + 2) == '('
                    ? error(line, "arithmetic expansion $((...)) is not supported in profiles (value of " + key + ")")
                    : commandSubstitution();
        }
        if (next == '{') {
            braced(sb, quoted);
        } else if (next == '_' || (next < 128 && Character.isLetter(next))) {
            pos++;
            int s = pos;
            while (!eof() && ch() < 128 && (Character.isLetterOrDigit(ch()) || ch() == '_')) {
                pos++;
            }
            sb.append(variable(text.substring(s, pos)));
        } else if (next != 0 && "0123456789@*#?$!-".indexOf(next) >= 0) {
            throw error(line, "$" + next + " is not supported in profiles (value of " + key
                    + "); put a $ that is meant literally in single quotes");
        } else if (!quoted && next == '\'') {
            pos++;
            ansiC(sb);
        } else if (!quoted && next == '"') {
            pos++;
        } else {
            sb.append('$');
            pos++;
        }
    }

    /** {@code ${NAME}}, {@code ${NAME:-word}}, {@code ${NAME-word}}, {@code ${NAME:+word}}, {@code ${NAME+word}}. */
    private void braced(StringBuilder sb, boolean quoted) {
        int openLine = line;
        int open = pos;
        pos += 2;
        int s = pos;
        while (!eof() && ch() < 128 && (Character.isLetterOrDigit(ch()) || ch() == '_')) {
            pos++;
        }
        String name = text.substring(s, pos);
        String op = "";
        for (String candidate : List.of(":-", ":+", "-", "+", "}")) {
            if (text.startsWith(candidate, pos)) {
                op = candidate;
                break;
            }
        }
        if (!NAME.matcher(name).matches() || op.isEmpty()) {
            int close = text.indexOf('}', open);
            String shown = close < 0 ? text.substring(open, Math.min(text.length(), open + 20)) : text.substring(open, close + 1);
            throw error(openLine, "unsupported expansion '" + shown + "' (value of " + key
                    + "); profiles allow $NAME, ${NAME} and ${NAME:-default}");
        }
        pos += op.length();
        if (op.equals("}")) {
            sb.append(variable(name));
            return;
        }
        referenced.add(name);
        int warningsBefore = warnings.size();
        String word = bracedWord(quoted, openLine);
        String value = lookup.apply(name);
        boolean useWord = switch (op) {
            case ":-" -> value == null || value.isEmpty();
            case "-" -> value == null;
            case ":+" -> value != null && !value.isEmpty();
            default -> value != null;
        };
        if (useWord) {
            sb.append(word);
        } else {
            warnings.subList(warningsBefore, warnings.size()).clear();
            if (op.startsWith(":-") || op.equals("-")) {
                sb.append(value);
            }
        }
    }

    private String bracedWord(boolean quoted, int openLine) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (eof()) {
                throw error(openLine, "unterminated ${ (value of " + key + ")");
            }
            char c = ch();
            if (c == '}') {
                pos++;
                return sb.toString();
            }
            switch (c) {
                case '\\' -> {
                    if (quoted) {
                        quotedEscape(sb);
                    } else {
                        unquotedEscape(sb);
                    }
                }
                case '\'' -> {
                    if (quoted) {
                        sb.append(c);
                        pos++;
                    } else {
                        singleQuoted(sb);
                    }
                }
                case '"' -> doubleQuoted(sb);
                case '$' -> dollar(sb, quoted);
                case '`' -> throw commandSubstitution();
                default -> {
                    if (c == '\n') {
                        line++;
                    }
                    sb.append(c);
                    pos++;
                }
            }
        }
    }

    /** {@code $'...'}: the common backslash escapes; others are kept as written, as bash does. */
    private void ansiC(StringBuilder sb) {
        int openLine = line;
        pos++;
        while (true) {
            if (eof()) {
                throw error(openLine, "unterminated $' quote (value of " + key + ")");
            }
            char c = ch();
            pos++;
            if (c == '\'') {
                return;
            }
            if (c == '\n') {
                line++;
            }
            if (c != '\\' || eof()) {
                sb.append(c);
                continue;
            }
            char e = ch();
            pos++;
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\', '\'', '"' -> sb.append(e);
                default -> sb.append('\\').append(e);
            }
        }
    }

    private String variable(String name) {
        referenced.add(name);
        String value = lookup.apply(name);
        if (value == null) {
            warnings.add(where + ":" + line + ": $" + name + " is not set; it expands to nothing in " + key);
            return "";
        }
        return value;
    }

    private WadalException commandSubstitution() {
        return error(line, "command substitution is not supported in profiles (value of " + key
                + "); write the value itself");
    }

    private WadalException error(int atLine, String message) {
        return WadalException.usage(where + ":" + atLine + ": " + message);
    }

    private boolean atStatementEnd() {
        int i = pos;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i >= text.length() || "\n;#".indexOf(text.charAt(i)) >= 0;
    }

    private void skipStatementEnd() {
        skipBlanks();
        if (!eof() && ch() == ';') {
            pos++;
        } else if (!eof() && ch() == '#') {
            skipToEndOfLine();
        }
    }

    private void skipBlanks() {
        while (!eof() && (ch() == ' ' || ch() == '\t')) {
            pos++;
        }
    }

    private void skipToEndOfLine() {
        while (!eof() && ch() != '\n') {
            pos++;
        }
    }

    private boolean eof() {
        return pos >= text.length();
    }

    private char ch() {
        return text.charAt(pos);
    }
}
