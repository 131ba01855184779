package io.wadal.cli;

import io.wadal.console.LogRedaction;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorHandlerTest {
    @Command(name = "x")
    static class Nothing implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void anUnexpectedErrorAndItsStackTraceAtMinusVShowNoSecret() {
        String secret = "marker-git-pass-0aZ9";
        LogRedaction.secret(secret);
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Nothing()).setErr(new PrintWriter(err));
        RuntimeException ex = new IllegalStateException("remote said " + secret + " with Authorization: AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=abc",
                new RuntimeException("cause " + secret));

        int code = new ErrorHandler(true).handleExecutionException(ex, cmd, null);

        assertEquals(1, code);
        assertTrue(err.toString().contains("at io.wadal.cli.ErrorHandlerTest"), err.toString());
        assertFalse(err.toString().contains(secret), err.toString());
        assertFalse(err.toString().contains("Signature=abc"), err.toString());
    }
}
