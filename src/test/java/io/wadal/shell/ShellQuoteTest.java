package io.wadal.shell;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every value survives a real /bin/sh as exactly one word, unexpanded. */
class ShellQuoteTest {
    @ParameterizedTest
    @ValueSource(strings = {"plain", "with space", "it's", "my \"note\" $(x).ipynb", "`id`", "$HOME", "${PATH}",
            "a\nb", "-rf", "--help", "*", "~", "", "semi;colon && echo pwned", "back\\slash", "'", "''", "tab\there",
            "\u00e9\u00e8 \ud55c\uae00"})
    void aQuotedValueIsOneLiteralWordForTheShell(String value) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "for a in " + ShellQuote.quote(value) + "; do printf '[%s]' \"$a\"; done")
                .start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals("[" + value + "]", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void joinQuotesEachWord() {
        assertEquals("'papermill' 'a b.ipynb' 'it'\\''s'", ShellQuote.join(List.of("papermill", "a b.ipynb", "it's")));
    }
}
