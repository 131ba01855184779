package io.wadal.testing;

import io.wadal.Main;
import io.wadal.aws.AwsClients;
import io.wadal.cli.WadalContext;
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
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs wadal in-process with a context of the test's choosing and captures what it prints. */
public final class WadalRun {
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Path home;
    private final List<Duration> sleeps = new ArrayList<>();
    private final Deque<String> answers = new ArrayDeque<>();
    private final List<String> questions = new ArrayList<>();
    private boolean interactive;
    private byte[] stdin = new byte[0];

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

    public List<Duration> sleeps() {
        return sleeps;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Sleeper sleeper = sleeps::add;
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
                    Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC), sleeper, console, aws,
                    new ByteArrayInputStream(stdin), out, err);
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
}
