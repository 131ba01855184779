package io.wadal.job;

import io.wadal.error.WadalException;
import io.wadal.shell.ShellQuote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteJobTest {
    private static final Map<String, String> SECRET_ENV = new LinkedHashMap<>(Map.of(
            "TOKEN", "s3cr3t 'quoted' \"double\" $(touch pwned) `id`\nsecond line",
            "SPARK_HOME", "/opt/my-spark"));

    @Test
    void theCommandLineCarriesNoValueOfTheUsersEnvironment() {
        RemoteJob job = RemoteJob.sparkSubmit("etl/job.py", List.of("--date", "2026-11-21"), SECRET_ENV);
        assertEquals("export SPARK_HOME='/usr/lib/spark' PYSPARK_PYTHON='python3' "
                + "&& { [ ! -f ./.wadal/s3.env ] || . ./.wadal/s3.env; } && eval \"$(cat)\" "
                + "&& exec 'spark-submit' 'works/etl/job.py' '--date' '2026-11-21' </dev/null", job.commandLine());
        assertFalse(job.commandLine().contains("s3cr3t"));
        assertFalse(job.commandLine().contains("TOKEN"));
    }

    @TempDir
    Path tmp;

    @Test
    void theEnvironmentSurvivesARealShellExactlyAndOverridesTheDefaults() throws Exception {
        RemoteJob job = RemoteJob.sparkSubmit("job.py", List.of(), SECRET_ENV);
        // the job's command replaced by one that prints what it got
        String line = job.commandLine().replace("exec 'spark-submit' 'works/job.py'",
                "exec printf '[%s]\\n' \"$TOKEN\" \"$SPARK_HOME\" \"$PYSPARK_PYTHON\" \"$(cat)\"");
        Process p = new ProcessBuilder("/bin/sh", "-c", line).directory(tmp.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(job.environmentScript().getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("[" + SECRET_ENV.get("TOKEN") + "]\n[/opt/my-spark]\n[python3]\n[]\n", out,
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aNotebookRunsInItsFolderIntoTheOutNotebook() {
        RemoteJob job = RemoteJob.notebook("team/daily/etl.ipynb", List.of(Map.entry("date", "2026-11-21"), Map.entry("n", "it's 3")),
                Map.of());
        assertEquals(List.of("pyspark"), job.argv());
        assertTrue(job.commandLine().contains("export PYSPARK_DRIVER_PYTHON='papermill' PYSPARK_DRIVER_PYTHON_OPTS="
                + quote("'--start_timeout' '1200' '--cwd' 'works/team/daily' 'works/team/daily/etl.ipynb' "
                + "'works/team/daily/etl.out.ipynb' '-p' 'date' '2026-11-21' '-p' 'n' 'it'\\''s 3'")), job.commandLine());
        // the driver settings come after the user's environment: they are what makes the run work
        assertTrue(job.commandLine().indexOf("eval") < job.commandLine().indexOf("PYSPARK_DRIVER_PYTHON"));
    }

    @Test
    void notebookPaths() {
        assertTrue(opts("etl.ipynb").contains("'--cwd' 'works' 'works/etl.ipynb' 'works/etl.out.ipynb'"), opts("etl.ipynb"));
        assertTrue(opts("./a/etl.ipynb").contains("'--cwd' 'works/a' 'works/a/etl.ipynb' 'works/a/etl.out.ipynb'"), opts("./a/etl.ipynb"));
        assertTrue(opts("a/notes").contains("'works/a/notes' 'works/a/notes.out.ipynb'"), opts("a/notes"));
        for (String bad : List.of("/home/hadoop/works/etl.ipynb", "~/works/etl.ipynb", "", "team/")) {
            WadalException e = assertThrows(WadalException.class, () -> RemoteJob.notebook(bad, List.of(), Map.of()), bad);
            assertEquals(2, e.exitCode());
        }
    }

    private static String opts(String notebook) {
        return RemoteJob.notebook(notebook, List.of(), Map.of()).setting("PYSPARK_DRIVER_PYTHON_OPTS");
    }

    private static String quote(String s) {
        return ShellQuote.quote(s);
    }
}
