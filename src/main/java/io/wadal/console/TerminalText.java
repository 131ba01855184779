package io.wadal.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one sanitiser for text that comes from the master (file names, tokens, git messages, log
 * lines) before wadal prints it: control characters, escape sequences and Unicode direction
 * overrides are shown escaped, so a hostile master cannot move the cursor, retitle the window
 * or hide text on the user's terminal.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** One line: every control character is escaped, line breaks included. */
    public static String line(CharSequence s) {
        return escape(s, false);
    }

    /** Several lines: line breaks and tabs are kept, every other control character is escaped. */
    public static String lines(CharSequence s) {
        return escape(s, true);
    }

    /**
     * A stream that passes text from the master on line by line through {@link #lines}: for
     * output wadal prints as its own (a listing), not for a remote command the user runs.
     */
    public static OutputStream filter(OutputStream out) {
        return new LineFilter(out);
    }

    private static final class LineFilter extends OutputStream {
        private final OutputStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public void flush() throws IOException {
            emit();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private void emit() throws IOException {
            if (line.size() > 0) {
                out.write(lines(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                line.reset();
            }
        }
    }

    private static String escape(CharSequence s, boolean keepLayout) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String repl = keepLayout && (c == '\n' || c == '\t') ? null : replacement(c);
            if (repl == null) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            b.append(repl);
        }
        return b == null ? s.toString() : b.toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                return null;
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        // bidi embeddings/overrides/isolates and zero-width marks can reorder or hide what is shown
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c || c == 0xfeff) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
