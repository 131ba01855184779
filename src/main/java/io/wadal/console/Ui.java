package io.wadal.console;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * The one output seam of a command: results to stdout, messages to stderr, each line flushed
 * as it is written so that it shows at once, interleaved correctly with progress and with
 * remote output that bypasses this class. Text that came from the master is made safe for a
 * terminal by {@link TerminalText} where it enters (transfers, git status, listings), before it
 * reaches this class.
 */
public final class Ui {
    private final PrintWriter out;
    private final PrintWriter err;

    public Ui(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** A result line: what a script reads from stdout. */
    public void result(String line) {
        out.println(line);
        out.flush();
    }

    /** A message line on stderr: progress, hints, what happened. */
    public void info(String line) {
        err.println(line);
        err.flush();
    }

    /** "warning: ..." on stderr. */
    public void warn(String line) {
        info("warning: " + line);
    }

    /** Text on stderr with no line end (a question, a report that ends its own lines). */
    public void print(String text) {
        err.print(text);
        err.flush();
    }

    /** {@link #info} as a callback, for services that report progress line by line. */
    public Consumer<String> infoLines() {
        return this::info;
    }

    /** {@link #warn} as a callback, for loaders and checks that report warnings. */
    public Consumer<String> warnings() {
        return this::warn;
    }

    /** stdout as a writer, for renderers that write a table or JSON; flush when done. */
    public PrintWriter out() {
        return out;
    }

    /** stderr as a writer, for progress bars and reports; flush when done. */
    public PrintWriter err() {
        return err;
    }
}
