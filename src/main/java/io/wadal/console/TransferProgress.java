package io.wadal.console;

import io.wadal.console.TransferListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Shows a transfer: a progress bar (bytes, rate, ETA) on stderr when it is a terminal, and in
 * any case one summary line at the end, e.g. {@code uploaded works/x.csv (100.0 MB in 0.9 s, 110 MB/s)}.
 */
public final class TransferProgress implements TransferListener {
    private final PrintWriter err;
    private final OutputStream terminal;
    private ProgressBar bar;
    private int files;
    private long bytes;
    private long startNanos;
    private long endNanos;

    /**
     * @param err      where the summary goes
     * @param terminal the raw stderr, for the bar; null (or a stream that is not a terminal) for no bar
     */
    public TransferProgress(PrintWriter err, OutputStream terminal) {
        this.err = err;
        this.terminal = terminal != null && StderrTerminal.is(terminal) ? terminal : null;
    }

    @Override
    public void started(String what, int files, long totalBytes) {
        this.files = files;
        startNanos = System.nanoTime();
        if (terminal != null) {
            err.flush();
            // The width is given, so the library never opens a JLine terminal of its own: that would
            // put the OS default back for SIGINT, and Ctrl-C would kill the JVM without its tidy-up.
            bar = new ProgressBarBuilder()
                    .setTaskName(shorten(what))
                    .setInitialMax(totalBytes)
                    .setUnit(" MB", 1_000_000)
                    .showSpeed()
                    .setUpdateIntervalMillis(250)
                    .clearDisplayOnFinish()
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(terminal, true, StandardCharsets.UTF_8),
                            StderrTerminal.columns() - 1))
                    .build();
        }
    }

    @Override
    public void transferred(long n) {
        bytes += n;
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public void finished() {
        endNanos = System.nanoTime();
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Prints {@code sentence (N files, SIZE in T s, RATE)} on stderr. */
    public void summary(String sentence) {
        err.println(sentence + " (" + details(files, bytes, endNanos - startNanos) + ")");
        err.flush();
    }

    static String details(int files, long bytes, long nanos) {
        double seconds = nanos / 1e9;
        String rate = seconds > 0 ? ", " + rate(bytes / seconds) : "";
        return (files == 1 ? "" : files + " files, ") + size(bytes)
                + String.format(Locale.ROOT, " in %.1f s", seconds) + rate;
    }

    /** Decimal units, as network rates are given: 100.0 MB. */
    static String size(double bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        int u = 0;
        while (bytes >= 1000 && u < units.length - 1) {
            bytes /= 1000;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", bytes) : String.format(Locale.ROOT, "%.1f %s", bytes, units[u]);
    }

    static String rate(double bytesPerSecond) {
        String s = size(bytesPerSecond);
        // 110.3 MB/s reads better as 110 MB/s; keep one decimal below 10
        s = s.matches("\\d{2,}\\.\\d .*") ? s.replaceFirst("\\.\\d", "") : s;
        return s + "/s";
    }

    private static String shorten(String what) {
        return what.length() <= 30 ? what : "…" + what.substring(what.length() - 29);
    }
}
