package io.wadal.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.Charset;

/** The user's terminal, for questions. Non-interactive runs (cron, pipes) get no questions. */
public interface Console {
    /** True when a person can answer: stdin and stdout are a terminal. */
    boolean interactive();

    /** Prints the prompt and reads one line; null at end of input. */
    String ask(String prompt);

    static Console system() {
        return new SystemConsole();
    }

    final class SystemConsole implements Console {
        @Override
        public boolean interactive() {
            java.io.Console c = System.console();
            if (c == null) {
                return false;
            }
            // JDK 22+ returns a console even when not attached to a terminal; isTerminal() tells.
            try {
                Method isTerminal = java.io.Console.class.getMethod("isTerminal");
                return (Boolean) isTerminal.invoke(c);
            } catch (ReflectiveOperationException e) {
                return true;
            }
        }

        @Override
        public String ask(String prompt) {
            java.io.Console c = System.console();
            if (c != null) {
                return c.readLine("%s", prompt);
            }
            System.err.print(prompt);
            System.err.flush();
            try {
                return new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())).readLine();
            } catch (IOException e) {
                return null;
            }
        }
    }
}
