package io.wadal.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command on a real pseudo-terminal of its own (python3's {@code pty-run.py}), driven as a person
 * at a terminal would: type keys, watch the screen, and compare the terminal's {@code stty -g}
 * before and after. Waits are on the process's output, each with a timeout.
 */
public final class Pty implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final Watched screen = new Watched();
    private final Watched control = new Watched();
    private final OutputStream keys;

    private Pty(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        pump(process.getInputStream(), screen, "pty-screen");
        pump(process.getErrorStream(), control, "pty-control");
    }

    /** Starts the command on a new terminal in the directory, with these environment changes (null removes). */
    public static Pty start(Path dir, Map<String, String> env, String... command) throws IOException {
        Path script = Files.createTempFile("pty-run", ".py");
        try (InputStream in = Pty.class.getResourceAsStream("pty-run.py")) {
            Files.write(script, in.readAllBytes());
        }
        script.toFile().deleteOnExit();
        List<String> argv = new ArrayList<>(List.of("python3", script.toString()));
        argv.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return new Pty(pb.start());
    }

    /** Types these keys (bytes, as a terminal sends them: "\u0003" is Ctrl-C). */
    public Pty type(String keysTyped) throws IOException {
        keys.write(keysTyped.getBytes(StandardCharsets.UTF_8));
        keys.flush();
        return this;
    }

    /** Waits until the screen shows a match of the pattern after position {@code from}; returns where the match ends. */
    public int await(String regex, int from) throws InterruptedException {
        return screen.await(Pattern.compile(regex), from, this);
    }

    public int await(String regex) throws InterruptedException {
        return await(regex, 0);
    }

    /** Everything shown so far. */
    public String screen() {
        return screen.text();
    }

    /** The process id of the command (the JVM, for the launcher, which execs java). */
    public long pid() throws InterruptedException {
        return Long.parseLong(control.value("pid", this));
    }

    /** The terminal's settings before the command started. */
    public String sttyBefore() throws InterruptedException {
        return control.value("before", this);
    }

    /** Waits for the command to end; its settings of the terminal after, then its status. */
    public String sttyAfter() throws InterruptedException {
        return control.value("after", this);
    }

    /** Waits for the command to end: its exit status, or -N when it died of signal N. */
    public int exitStatus() throws InterruptedException {
        String status = control.valueOrNull("status", this);
        return status != null ? Integer.parseInt(status) : -Integer.parseInt(control.value("signal", this));
    }

    /** Whether the command still runs. */
    public boolean running() {
        return !control.text().contains("\nafter ") && process.isAlive();
    }

    /** Sends a signal to the command, as kill(1) does. */
    public void kill(String signal) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
        if (k.waitFor() != 0) {
            throw new IOException("kill -" + signal + " failed");
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive() && control.text().contains("pid ")) {
                ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException | RuntimeException e) {
            // best effort
        }
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "--- screen\n" + screen.text() + "\n--- control\n" + control.text();
    }

    private static void pump(InputStream in, Watched to, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    to.write(buf, 0, n);
                }
            } catch (IOException e) {
                // the process ended
            }
            to.end();
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static final class Watched extends ByteArrayOutputStream {
        private boolean ended;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            notifyAll();
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }

        synchronized int await(Pattern p, int from, Pty pty) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                String s = text();
                Matcher m = p.matcher(s);
                if (m.find(Math.min(from, s.length()))) {
                    return m.end();
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("nothing matching " + p + (ended ? " before the end" : " within " + WAIT)
                            + "\n" + pty);
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }

        String value(String key, Pty pty) throws InterruptedException {
            String v = valueOrNull(key, pty);
            if (v == null) {
                throw new AssertionError("no '" + key + "' line from the pty runner\n" + pty);
            }
            return v;
        }

        /** Waits for the line "key value" or for the end of the runner. */
        synchronized String valueOrNull(String key, Pty pty) throws InterruptedException {
            Pattern p = Pattern.compile("(?m)^" + key + " (.*)$");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                Matcher m = p.matcher(text());
                if (m.find()) {
                    return m.group(1);
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return null;
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }
}
