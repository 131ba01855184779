package io.wadal.testing;

import io.wadal.Main;
import io.wadal.app.WadalContext;
import io.wadal.aws.AwsClients;
import io.wadal.console.Console;
import io.wadal.time.Sleeper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wadal in-process with a context of the test's choosing and captures what it prints. */
public final class WadalRun {
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Path home;
    private final List<Duration> sleeps = new ArrayList<>();
    private final Deque<String> answers = new ArrayDeque<>();
    private final List<String> questions = new ArrayList<>();
    private boolean interactive;
    private byte[] stdin = new byte[0];
    private final List<String> browsed = Collections.synchronizedList(new ArrayList<>());
    private boolean browserWorks = true;
    private FakeTime time;
    private Runnable onSleep = () -> { };

    public WadalRun(Path home) {
        this.home = home;
    }

    public WadalRun env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    /** What the command reads on stdin. */
    public WadalRun stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public WadalRun env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Pretend a person sits at a terminal and gives these answers. */
    public WadalRun terminal(String... replies) {
        interactive = true;
        answers.addAll(List.of(replies));
        return this;
    }

    public List<String> questions() {
        return questions;
    }

    /** Time that passes as wadal sleeps (instead of a clock that stands still), e.g. to reach a --timeout. */
    public WadalRun time(FakeTime fakeTime) {
        this.time = fakeTime;
        return this;
    }

    /** Runs before each of wadal's sleeps returns: for a test whose world changes while wadal waits. */
    public WadalRun onSleep(Runnable action) {
        this.onSleep = action;
        return this;
    }

    public List<Duration> sleeps() {
        return sleeps;
    }

    /** The URLs wadal asked the browser to open (no real browser is started). */
    public List<String> browsed() {
        synchronized (browsed) {
            return List.copyOf(browsed);
        }
    }

    /** The browser opener fails, as xdg-open without a display does (the URL is still recorded in {@link #browsed}). */
    public WadalRun browserFails() {
        browserWorks = false;
        return this;
    }

    public Result run(String... args) {
        return run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), args);
    }

    /**
     * Starts wadal on a thread of its own, for commands that hold on until interrupted (Ctrl-C):
     * wait for their output with {@link Background#awaitOut}, then {@link Background#interrupt}.
     */
    public Background start(String... args) {
        Background b = new Background();
        b.thread = new Thread(() -> {
            try {
                b.result.complete(run(b.out, b.err, args));
            } catch (Throwable t) {
                b.result.completeExceptionally(t);
            }
            for (Watched w : List.of(b.out, b.err)) {
                synchronized (w) {
                    w.notifyAll();
                }
            }
        }, "wadal " + String.join(" ", args));
        b.thread.start();
        return b;
    }

    private Result run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        Sleeper sleeper = d -> {
            sleeps.add(d);
            if (time != null) {
                time.sleep(d);
            }
            onSleep.run();
        };
        Console console = new Console() {
            @Override
            public boolean interactive() {
                return interactive;
            }

            @Override
            public String ask(String prompt) {
                questions.add(prompt);
                return answers.poll();
            }
        };
        try (AwsClients aws = new AwsClients(env)) {
            WadalContext ctx = new WadalContext(Map.copyOf(env), home, home.resolve("user-home"),
                    time != null ? time : Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC), sleeper, console, aws,
                    new ByteArrayInputStream(stdin), out, err, url -> browsed.add(url) && browserWorks);
            int code = Main.run(args, ctx);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A wadal run on its own thread; its output can be watched while it runs. */
    public static final class Background {
        private final Watched out = new Watched();
        private final Watched err = new Watched();
        private final CompletableFuture<Result> result = new CompletableFuture<>();
        private Thread thread;

        /** Waits (at most a minute) until stdout has a line matching the pattern, and returns its first group (or the match). */
        public String awaitOut(String regex) throws InterruptedException {
            return await(out, "stdout", regex);
        }

        /** As {@link #awaitOut}, for stderr (messages printed after the data). */
        public String awaitErr(String regex) throws InterruptedException {
            return await(err, "stderr", regex);
        }

        private String await(Watched stream, String name, String regex) throws InterruptedException {
            Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            synchronized (stream) {
                while (true) {
                    Matcher m = p.matcher(stream.toString(StandardCharsets.UTF_8));
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : m.group();
                    }
                    long left = deadline - System.nanoTime();
                    if (result.isDone() || left <= 0) {
                        throw new AssertionError("nothing matching " + regex + " on " + name + "; "
                                + (result.isDone() ? result.join() : "still running\n--- stdout\n" + out + "--- stderr\n" + err));
                    }
                    stream.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        }

        /** What the run printed to stderr so far. */
        public String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        /** Ctrl-C: interrupts the command's thread. */
        public Background interrupt() {
            thread.interrupt();
            return this;
        }

        /** Waits (at most a minute) for the run to end. */
        public Result result() throws Exception {
            return result.get(1, TimeUnit.MINUTES);
        }
    }

    /** A byte buffer that wakes whoever waits on it when bytes arrive or the run ends. */
    private static final class Watched extends ByteArrayOutputStream {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            notifyAll();
        }

        @Override
        public synchronized void write(int b) {
            super.write(b);
            notifyAll();
        }
    }
}
