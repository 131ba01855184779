package io.wadal.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Fake {@code jupyter}, {@code papermill}, {@code spark-submit}, {@code pyspark} and {@code aws} for a test
 * master's PATH. Each call is recorded under {@code $HOME/.fake-calls}; {@code $HOME/.fake-fail-TOOL}
 * makes a tool fail and a FIFO {@code $HOME/.fake-hold-TOOL} makes it wait.
 * {@code jupyter lab|notebook|server …} then serves HTTP with a token on its {@code --ip}/{@code --port}
 * until stopped, and {@code jupyter server|notebook list --json} lists the live ones, both through
 * {@code fake_jupyter.py} (a resource next to this class; python3 on the master's PATH).
 */
public final class FakeTools {
    /** {@code aws} too: the master ends its own cluster with it (MAX_AGE), which no test may do for real. */
    public static final List<String> TOOLS = List.of("jupyter", "papermill", "spark-submit", "pyspark", "aws");

    private FakeTools() {
    }

    public static void install(Path bin) throws IOException {
        for (String tool : TOOLS) {
            write(bin.resolve(tool));
        }
        Path server = bin.resolve("fake_jupyter.py");
        try (InputStream in = FakeTools.class.getResourceAsStream("fake_jupyter.py")) {
            Files.copy(in, server, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Stops every fake Jupyter server started in this home (they outlive the SSH session, as the real one does). */
    public static void stopJupyter(Path home) throws IOException {
        Path dir = home.resolve(".fake-jupyter");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("jpserver-\\d+\\.json")).toList()) {
                String name = f.getFileName().toString();
                long pid = Long.parseLong(name.substring("jpserver-".length(), name.length() - ".json".length()));
                ProcessHandle.of(pid).ifPresent(FakeTools::stop);
            }
        }
    }

    /** Takes a fake tool off the master's PATH until closed, so that the machine's real one answers. */
    public static AutoCloseable hide(Path bin, String tool) throws IOException {
        Path file = bin.resolve(tool);
        Path aside = bin.resolve("." + tool + ".hidden");
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        return () -> Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Ends a server and waits until it has (it removes its runtime file as it goes: a cleanup after it must not race it). */
    private static void stop(ProcessHandle server) {
        server.destroy();
        try {
            server.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            server.destroyForcibly();
        }
    }

    /** The calls a tool recorded in this home, oldest first; each maps "cwd", "args" (one per line) and the environment. */
    public static List<Map<String, String>> calls(Path home, String tool) throws IOException {
        Path dir = home.resolve(".fake-calls");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Map<String, String>> calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(tool + "."))
                    .sorted(Comparator.comparing(p -> Long.parseLong(p.getFileName().toString().substring(tool.length() + 1))))
                    .toList()) {
                calls.add(parseCall(Files.readString(f)));
            }
        }
        return calls;
    }

    private static Map<String, String> parseCall(String text) {
        Map<String, String> call = new LinkedHashMap<>();
        StringBuilder args = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("arg=")) {
                args.append(args.length() == 0 ? "" : "\n").append(line.substring(4));
            } else if (line.startsWith("cwd=")) {
                call.put("cwd", line.substring(4));
            } else if (line.startsWith("env=")) {
                int eq = line.indexOf('=', 4);
                if (eq > 0) {
                    call.put(line.substring(4, eq), line.substring(eq + 1));
                }
            }
        }
        call.put("args", args.toString());
        return call;
    }

    public static void fail(Path home, String tool, int status, String stderr) throws IOException {
        Files.writeString(home.resolve(".fake-fail-" + tool), status + "\n" + stderr);
    }

    public static void hold(Path home, String tool) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", home.resolve(".fake-hold-" + tool).toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
    }

    public static void release(Path home, String tool) throws IOException {
        Path fifo = home.resolve(".fake-hold-" + tool);
        Files.newOutputStream(fifo).close();
        Files.delete(fifo);
    }

    // Records cwd, each argument and the environment, then fails if told to (fail). pyspark
    // then runs PYSPARK_DRIVER_PYTHON with PYSPARK_DRIVER_PYTHON_OPTS split into words by shell
    // quoting rules, as Spark's launcher does (there without expanding anything: callers quote every word).
    private static void write(Path file) throws IOException {
        String script = """
                #!/bin/sh
                tool=$(basename "$0")
                if [ "$tool" = jupyter ] && { [ "${1:-}" = server ] || [ "${1:-}" = notebook ]; } && [ "${2:-}" = list ]; then
                  exec python3 "$(dirname "$0")/fake_jupyter.py" list
                fi
                mkdir -p "$HOME/.fake-calls"
                n=$(ls "$HOME/.fake-calls" | grep -c "^$tool\\\\.")
                log="$HOME/.fake-calls/$tool.$n"
                { echo "cwd=$(pwd)"; for a in "$@"; do printf 'arg=%s\\n' "$a"; done; env | sed 's/^/env=/'; } > "$log"
                echo "fake $tool ran"
                if [ -p "$HOME/.fake-hold-$tool" ]; then cat "$HOME/.fake-hold-$tool" >/dev/null; fi
                if [ -f "$HOME/.fake-fail-$tool" ]; then
                  status=$(head -n 1 "$HOME/.fake-fail-$tool")
                  tail -n +2 "$HOME/.fake-fail-$tool" >&2
                  exit "$status"
                fi
                if [ "$tool" = jupyter ]; then
                  case ${1:-} in
                    lab|notebook|server) shift; exec python3 "$(dirname "$0")/fake_jupyter.py" serve "$@" ;;
                  esac
                fi
                if [ "$tool" = pyspark ] && [ -n "${PYSPARK_DRIVER_PYTHON:-}" ]; then
                  eval "set -- $PYSPARK_DRIVER_PYTHON_OPTS"
                  exec "$PYSPARK_DRIVER_PYTHON" "$@"
                fi
                exit 0
                """;
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
