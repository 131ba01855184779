package io.wadal.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TerminalTextTest {
    @Test
    void plainTextIsUnchanged() {
        String s = "works/etl (1).ipynb — 한글";
        assertSame(s, TerminalText.line(s));
    }

    @Test
    void escapeSequencesAndControlCharactersAreShownEscaped() {
        assertEquals("\\x1b]0;owned\\x07\\x1b[2Jx\\rdone", TerminalText.line("\u001b]0;owned\u0007\u001b[2Jx\rdone"));
        assertEquals("a\\x00b\\x7fc\\x9bd", TerminalText.line("a\u0000b\u007fc\u009bd"));
        assertEquals("evil\\u202egnp.exe", TerminalText.line("evil\u202egnp.exe"));
    }

    @Test
    void oneLineEscapesBreaksWhileLinesKeepThem() {
        assertEquals("a\\nb\\tc", TerminalText.line("a\nb\tc"));
        assertEquals("a\nb\tc\\x1b[31m", TerminalText.lines("a\nb\tc\u001b[31m"));
    }

    @Test
    void theFilterPassesLinesOnEscapedAndKeepsWhatIsNotYetALine() throws Exception {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        java.io.OutputStream f = TerminalText.filter(sink);
        f.write("ok 한글\nbad\u001b[2J".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("ok 한글\n", sink.toString(java.nio.charset.StandardCharsets.UTF_8));
        f.flush();
        assertEquals("ok 한글\nbad\\x1b[2J", sink.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void nullIsEmpty() {
        assertEquals("", TerminalText.line(null));
    }
}
