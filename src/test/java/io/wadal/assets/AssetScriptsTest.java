package io.wadal.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wadal.profile.S3Uri;
import io.wadal.testing.Slow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The shell assets: syntax, shellcheck, and run_jupyter.sh / cp_assets.sh / boot_*.sh in a sandbox. */
@Slow
class AssetScriptsTest {
    static final Path ASSETS_DIR = AssetCatalogTest.ASSETS_DIR;
    static final Path RUN_JUPYTER = ASSETS_DIR.resolve("run_jupyter.sh");
    static final String PIP_INSTALL = "-m pip install --disable-pip-version-check --progress-bar off --prefer-binary";
    static final S3Uri BOOT_ASSET_DIR = S3Uri.parse("s3://wadal-test-bucket/team/assets").orElseThrow();
    /** A token-bearing index URL, as CodeArtifact hands them out. */
    static final String INDEX_TOKEN = "eyJ2ZXIiOjEsImlzdSI6MTcwMDAwMDAwMH0.secret-token-1";
    static final String INDEX_URL = "https://aws:" + INDEX_TOKEN + "@team-123456789012.d.codeartifact.ap-northeast-2.amazonaws.com/pypi/py/simple/";
    static final String EXTRA_INDEX_URL = "https://pypi.example.com/simple/?token=extra-query-token-2";

    /** The node's OS family: what the bootstrap sees and which constraints file it must pick. */
    enum Os {
        AL2("2", "Amazon Linux 2", "yum", "Python 3.7.16", "constraints-emr6.txt"),
        AL2023("2023", "Amazon Linux 2023", "dnf", "Python 3.9.16", "constraints-emr7.txt");

        final String versionId;
        final String pretty;
        final String packageManager;
        final String python;
        final String constraints;

        Os(String versionId, String pretty, String packageManager, String python, String constraints) {
            this.versionId = versionId;
            this.pretty = pretty;
            this.packageManager = packageManager;
            this.python = python;
            this.constraints = constraints;
        }
    }

    /** A bootstrap action's package sets, spelled out here rather than read back from _boot.sh. */
    record Variant(String nodePackages, String masterPackages) {
    }

    static final Map<String, Variant> VARIANTS = Map.of(
            "boot_eda.sh", new Variant("pandas numpy scipy pyarrow matplotlib seaborn plotly scikit-learn"
                    + " statsmodels xgboost s3fs[boto3] pyathena tqdm",
                    "jupyterlab notebook ipykernel ipywidgets papermill"),
            "boot_etl.sh", new Variant("pandas boto3", "jupyterlab ipykernel papermill"),
            "boot_min.sh", new Variant("", "jupyterlab ipykernel papermill"));
    static final String SECRET = "s3cr3t value 'with' $(quotes)";
    static final String SECRET2 = "tok=en==";
    /** run_jupyter.sh adds --allow-root when it still runs as root (as these tests may). */
    static final String ROOT_OPT = "root".equals(System.getProperty("user.name")) ? " --allow-root" : "";

    @TempDir
    Path tmp;
    Path home;
    Path bin;
    Path rec;
    Path sparkConf;

    record Result(int exit, String out, String err) {
        String both() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    @BeforeEach
    void sandbox() throws IOException {
        home = Files.createDirectories(tmp.resolve("home/hadoop"));
        bin = Files.createDirectories(tmp.resolve("bin"));
        rec = Files.createDirectories(tmp.resolve("rec"));
        sparkConf = Files.createDirectories(tmp.resolve("spark-conf"));
    }

    // ------------------------------------------------------------------------- helpers

    /** The scripts of assets/ (templates included) and the bootstrap actions rendered from _boot.sh. */
    List<Path> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> s = Files.list(ASSETS_DIR)) {
            s.filter(p -> p.getFileName().toString().endsWith(".sh")).sorted().forEach(scripts::add);
        }
        for (String name : AssetCatalog.BOOT_SCRIPTS) {
            scripts.add(rendered(name));
        }
        return scripts;
    }

    /** Writes the bundled asset {@code name}, as the catalog renders it, to a temp dir. */
    Path rendered(String name) throws IOException {
        Path file = Files.createDirectories(tmp.resolve("rendered")).resolve(name);
        AssetCatalog catalog = new AssetCatalog(null);
        Files.write(file, AssetCatalog.BOOT_SCRIPTS.contains(name)
                ? catalog.renderBoot(name, BOOT_ASSET_DIR, "ap-northeast-2") : catalog.read(name));
        return file;
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("WADAL_MASTER_HOME", home.toString());
        env.put("WADAL_MASTER_USER", System.getProperty("user.name"));
        env.put("WADAL_NODE_HOME", home.toString());
        env.put("WADAL_NODE_USER", System.getProperty("user.name"));
        env.put("SPARK_CONF_DIR", sparkConf.toString());
        env.put("FAKE_REC", rec.toString());
        return env;
    }

    static Result run(List<String> command, Map<String, String> env, String stdin, Path dir)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process p = pb.start();
        if (stdin != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in 120 s; stderr:\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    Result runJupyter(String stdin, String... args) throws IOException, InterruptedException {
        return runJupyterWith(env(), stdin, args);
    }

    Result runJupyterWith(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", RUN_JUPYTER.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, env, stdin, tmp);
    }

    void fake(String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Parses `env` output: KEY=VALUE per line (first '='). */
    static Map<String, String> parseEnv(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    JsonNode loadJupyterConfig(Path file) throws IOException, InterruptedException {
        return loadJupyterConfig(file, tmp);
    }

    /** Executes a Jupyter config file in python3 with a recording `c` and returns c as JSON; tmp: a working folder. */
    static JsonNode loadJupyterConfig(Path file, Path tmp) throws IOException, InterruptedException {
        String py = """
                import json, sys
                class Section(dict):
                    def __getattr__(self, key):
                        if key.startswith('__'):
                            raise AttributeError(key)
                        return self.setdefault(key, Section())
                    def __setattr__(self, key, value):
                        self[key] = value
                c = Section()
                exec(compile(open(sys.argv[1]).read(), sys.argv[1], 'exec'), {'c': c, 'get_config': lambda: c})
                print(json.dumps(c))
                """;
        Result r = run(List.of("python3", "-c", py, file.toString()), null, null, tmp);
        assertEquals(0, r.exit(), r.both());
        return new ObjectMapper().readTree(r.out());
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------- syntax, lint

    @Test
    void everyScriptIsBashAndParses() throws Exception {
        List<Path> scripts = scripts();
        List<String> names = scripts.stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("_boot.sh", "_cp_assets.sh", "run_jupyter.sh", "boot_eda.sh",
                "boot_etl.sh", "boot_min.sh")), "expected the templates, run_jupyter and the rendered boot scripts: " + names);
        for (Path script : scripts) {
            assertTrue(Files.readString(script).startsWith("#!/bin/bash\n"), script + " starts with #!/bin/bash");
            Result r = run(List.of("bash", "-n", script.toString()), null, null, tmp);
            assertEquals(0, r.exit(), script + ": " + r.both());
        }
    }

    @Test
    void everyScriptPassesShellcheck() throws Exception {
        if (!onPath("shellcheck")) {
            if ("true".equals(System.getenv("CI"))) {
                fail("shellcheck is not installed (CI=true: it must be)");
            }
            Assumptions.abort("shellcheck is not installed");
        }
        List<String> cmd = new ArrayList<>(List.of("shellcheck", "-S", "warning"));
        scripts().forEach(p -> cmd.add(p.toString()));
        Result r = run(cmd, null, null, tmp);
        assertEquals(0, r.exit(), r.both());
    }

    @Test
    void everyBootVariantIsTested() {
        assertEquals(Set.copyOf(AssetCatalog.BOOT_SCRIPTS), VARIANTS.keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"boot_eda.sh", "boot_etl.sh", "boot_min.sh"})
    void renderedBootScriptNamesItsVariant(String name) throws IOException {
        String text = Files.readString(rendered(name));
        assertFalse(AssetCatalogTest.PLACEHOLDER.matcher(text).find(), "placeholder left in " + name);
        assertFalse(text.contains("{BOOT_SCRIPT"), name);
        String variant = name.substring(0, name.length() - 3);
        assertTrue(text.contains("\nSCRIPT='" + variant + "'\n"), name);
        assertTrue(text.contains("\n    " + variant + ")\n"), "a case branch for " + variant);
    }

    // ------------------------------------------------------------ run_jupyter configure

    @Test
    void configureWritesJupyterConfigForLabWithRepo() throws Exception {
        Files.writeString(sparkConf.resolve("log4j2.properties"),
                "rootLogger.level = info\nrootLogger.appenderRef.stdout.ref = console\n");
        Files.writeString(sparkConf.resolve("log4j.properties"), "log4j.rootCategory=INFO, console\n");

        Result r = runJupyter(null, "configure", "--port", "8192", "--mode", "lab", "--repo", "myrepo");
        assertEquals(0, r.exit(), r.both());

        String root = home.resolve("works/myrepo").toString();
        assertTrue(Files.isDirectory(home.resolve("works")));
        Path serverPy = home.resolve(".jupyter/jupyter_server_config.py");
        Path notebookPy = home.resolve(".jupyter/jupyter_notebook_config.py");
        String server = Files.readString(serverPy);
        assertTrue(server.contains("c.ServerApp.port = 8192"), server);
        assertTrue(server.contains("c.ServerApp.ip = '127.0.0.1'"), server);
        assertTrue(server.contains("c.ServerApp.root_dir = '" + root + "'"), server);
        String notebook = Files.readString(notebookPy);
        assertTrue(notebook.contains("c.NotebookApp.port = 8192"), notebook);
        assertTrue(notebook.contains("c.NotebookApp.notebook_dir = '" + root + "'"), notebook);

        String env = Files.readString(home.resolve(".wadal/jupyter.env"));
        assertTrue(env.contains("JUPYTER_MODE=lab\n"), env);
        assertTrue(env.contains("JUPYTER_PORT=8192\n"), env);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE), Files.getPosixFilePermissions(home.resolve(".wadal")));

        assertTrue(Files.readString(sparkConf.resolve("log4j2.properties")).contains("rootLogger.level = error\n"));
        assertFalse(Files.readString(sparkConf.resolve("log4j2.properties")).contains("= info"));
        assertEquals("log4j.rootCategory=ERROR, console\n", Files.readString(sparkConf.resolve("log4j.properties")));

        if (onPath("python3")) {
            JsonNode s = loadJupyterConfig(serverPy).path("ServerApp");
            assertEquals(8192, s.path("port").asInt());
            assertEquals("127.0.0.1", s.path("ip").asText());
            assertEquals(root, s.path("root_dir").asText());
            assertFalse(s.path("open_browser").asBoolean(true));
            assertTrue(s.path("allow_remote_access").asBoolean(false));
            assertEquals(1e7, s.path("iopub_data_rate_limit").asDouble());
            JsonNode n = loadJupyterConfig(notebookPy).path("NotebookApp");
            assertEquals(8192, n.path("port").asInt());
            assertEquals(root, n.path("notebook_dir").asText());
            assertEquals(1e7, n.path("iopub_data_rate_limit").asDouble());
        }
    }

    @Test
    void configureQuietsTheShortLog4j2Form() throws Exception {
        Files.writeString(sparkConf.resolve("log4j2.properties"), "rootLogger = INFO, console\nlogger.x.level = warn\n");
        assertEquals(0, runJupyter(null, "configure", "--port", "8192", "--mode", "lab").exit());
        assertEquals("rootLogger = ERROR, console\nlogger.x.level = warn\n",
                Files.readString(sparkConf.resolve("log4j2.properties")));
    }

    @Test
    void theIpythonStartupFileNeverBreaksAKernel() throws Exception {
        Result r = runJupyter(null, "configure", "--port", "8888", "--mode", "notebook");
        assertEquals(0, r.exit(), r.both());
        Path startup = home.resolve(".ipython/profile_default/startup/00-wadal.py");
        String text = Files.readString(startup);
        assertTrue(text.contains("ggplot") && text.contains("NanumGothic.ttf") && text.contains("inline"), text);
        Assumptions.assumeTrue(onPath("python3"), "python3 not installed");
        // run outside IPython and, most likely, without matplotlib: must not raise
        Result py = run(List.of("python3", "-c",
                "import sys; exec(open(sys.argv[1]).read()); print(sys.path[0])", startup.toString()),
                null, null, tmp);
        assertEquals(0, py.exit(), py.both());
        assertEquals(home.resolve("works").toString(), py.out().strip());
    }

    @Test
    void configurePublicListensOnAllInterfacesAndDefaultsToWorks() throws Exception {
        Result r = runJupyter(null, "configure", "--port", "9999", "--mode", "remote", "--public");
        assertEquals(0, r.exit(), r.both());
        String server = Files.readString(home.resolve(".jupyter/jupyter_server_config.py"));
        assertTrue(server.contains("c.ServerApp.ip = '0.0.0.0'"), server);
        assertTrue(server.contains("c.ServerApp.port = 9999"), server);
        assertTrue(server.contains("c.ServerApp.root_dir = '" + home.resolve("works") + "'"), server);
        String env = Files.readString(home.resolve(".wadal/jupyter.env"));
        assertTrue(env.contains("JUPYTER_MODE=remote\n") && env.contains("JUPYTER_IP=0.0.0.0\n"), env);
    }

    @Test
    void configureRejectsBadArguments() throws Exception {
        assertEquals(2, runJupyter(null, "configure", "--port", "http", "--mode", "lab").exit());
        assertEquals(2, runJupyter(null, "configure", "--port", "70000", "--mode", "lab").exit());
        assertEquals(2, runJupyter(null, "configure", "--port", "8192", "--mode", "vscode").exit());
        assertEquals(2, runJupyter(null, "configure", "--port", "8192", "--mode", "lab", "--repo", "../etc").exit());
        assertEquals(2, runJupyter(null, "configure", "--port", "8192", "--mode", "lab", "--token", "x").exit());
        assertEquals(2, runJupyter(null, "frobnicate").exit());
        assertFalse(Files.exists(home.resolve(".jupyter/jupyter_server_config.py")), "nothing written");
    }

    // ---------------------------------------------------------------- run_jupyter start

    /** Fake pyspark recording argv and env; fake jupyter listing a server once pyspark ran. */
    void fakeJupyterAndPyspark(String pysparkExtra) throws IOException {
        fake("pyspark", """
                printf '%s\\n' "$@" > "$FAKE_REC/pyspark.argv"
                env > "$FAKE_REC/pyspark.env"
                """ + pysparkExtra);
        String jupyter = """
                printf '%s\\n' "$*" >> "$FAKE_REC/jupyter.argv"
                if [ "${2:-}" = list ]; then
                    if [ -n "${FAKE_JUPYTER_LIST:-}" ]; then echo "$FAKE_JUPYTER_LIST"; fi
                    if [ -e "$FAKE_REC/listening" ]; then echo '{"port": 8192, "token": "t0k", "url": "http://localhost:8192/"}'; fi
                fi
                """;
        fake("jupyter", jupyter);
        fake("jupyter-lab", jupyter);
        fake("jupyter-server", jupyter);
    }

    @Test
    void startTakesTheEnvironmentOnStdinOnly() throws Exception {
        fakeJupyterAndPyspark("touch \"$FAKE_REC/listening\"\n");
        assertEquals(0, runJupyter(null, "configure", "--port", "8192", "--mode", "lab", "--repo", "myrepo").exit());

        Map<String, String> env = env();
        env.put("WADAL_JUPYTER_WAIT", "60");
        String stdin = "NB_SECRET=" + SECRET + "\n\n# a comment\nexport OTHER=" + SECRET2 + "\nnot a pair\n";
        Result r = runJupyterWith(env, stdin, "start");
        assertEquals(0, r.exit(), r.both());

        Path notebookEnv = home.resolve(".wadal/notebook.env");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(notebookEnv));
        String stored = Files.readString(notebookEnv);
        assertTrue(stored.contains("export NB_SECRET='s3cr3t value '\\''with'\\'' $(quotes)'\n"), stored);
        assertTrue(stored.contains("export OTHER='" + SECRET2 + "'\n"), stored);
        assertFalse(stored.contains("not a pair"), stored);
        // the stored file is sourceable and gives the values back
        Result sourced = run(List.of("bash", "-c", ". \"$1\"; printf '%s|%s' \"$NB_SECRET\" \"$OTHER\"", "x",
                notebookEnv.toString()), null, null, tmp);
        assertEquals(SECRET + "|" + SECRET2, sourced.out(), sourced.both());

        Map<String, String> seen = parseEnv(Files.readString(rec.resolve("pyspark.env")));
        assertEquals("jupyter", seen.get("PYSPARK_DRIVER_PYTHON"));
        assertEquals("lab --no-browser --ip=127.0.0.1 --port=8192" + ROOT_OPT, seen.get("PYSPARK_DRIVER_PYTHON_OPTS"));
        assertEquals(SECRET, seen.get("NB_SECRET"));
        assertEquals(SECRET2, seen.get("OTHER"));
        assertEquals("python3", seen.get("PYSPARK_PYTHON"));
        assertEquals(home.toString(), seen.get("HOME"));

        String argv = Files.readString(rec.resolve("pyspark.argv")) + Files.readString(rec.resolve("jupyter.argv"));
        for (String secret : List.of(SECRET, SECRET2, "s3cr3t", "tok=en")) {
            assertFalse(argv.contains(secret), "a secret reached a command line: " + argv);
            assertFalse(seen.get("PYSPARK_DRIVER_PYTHON_OPTS").contains(secret));
        }
        assertTrue(Files.exists(home.resolve("jupyter_ready")), r.both());
        assertTrue(Files.isDirectory(home.resolve("works/myrepo")));
        assertTrue(Files.readString(home.resolve(".wadal/jupyter.pid")).strip().matches("\\d+"));
        assertTrue(Files.exists(home.resolve(".wadal/jupyter.log")));
    }

    @Test
    void startInRemoteModeRunsABareServer() throws Exception {
        fakeJupyterAndPyspark("touch \"$FAKE_REC/listening\"\n");
        assertEquals(0, runJupyter(null, "configure", "--port", "8192", "--mode", "remote").exit());
        Result r = runJupyter("", "start");
        assertEquals(0, r.exit(), r.both());
        Map<String, String> seen = parseEnv(Files.readString(rec.resolve("pyspark.env")));
        assertEquals("server --no-browser --ip=127.0.0.1 --port=8192" + ROOT_OPT, seen.get("PYSPARK_DRIVER_PYTHON_OPTS"));
    }

    @Test
    void startDoesNothingWhenJupyterAlreadyListens() throws Exception {
        fakeJupyterAndPyspark("touch \"$FAKE_REC/listening\"\n");
        assertEquals(0, runJupyter(null, "configure", "--port", "8192", "--mode", "lab").exit());
        Map<String, String> env = env();
        env.put("FAKE_JUPYTER_LIST", "{\"port\": 8192, \"token\": \"abc\"}");
        Result r = runJupyterWith(env, "A=1\n", "start");
        assertEquals(0, r.exit(), r.both());
        assertFalse(Files.exists(rec.resolve("pyspark.env")), "pyspark must not be started again");
        assertTrue(Files.exists(home.resolve("jupyter_ready")));
        assertTrue(Files.readString(home.resolve(".wadal/notebook.env")).contains("export A='1'"));

        // another port listening does not count
        env.put("FAKE_JUPYTER_LIST", "{\"port\": 81920, \"token\": \"abc\"}");
        env.put("WADAL_JUPYTER_WAIT", "60");
        r = runJupyterWith(env, "", "start");
        assertEquals(0, r.exit(), r.both());
        assertTrue(Files.exists(rec.resolve("pyspark.env")), "started on 8192: " + r.both());
    }

    @Test
    void startFailsWhenJupyterDies() throws Exception {
        fakeJupyterAndPyspark("echo 'boom: no module named jupyterlab'\nexit 3\n");
        assertEquals(0, runJupyter(null, "configure", "--port", "8192", "--mode", "lab").exit());
        Map<String, String> env = env();
        env.put("WADAL_JUPYTER_WAIT", "60");
        Result r = runJupyterWith(env, "", "start");
        assertNotEquals(0, r.exit(), r.both());
        assertTrue(r.err().contains("boom: no module named jupyterlab"), r.both());
        assertFalse(Files.exists(home.resolve("jupyter_ready")));
    }

    @Test
    void twoStartsAtOnceStartOneJupyterAndNeitherHoldsTheLockAfterwards() throws Exception {
        fakeJupyterAndPyspark("echo started >> \"$FAKE_REC/pyspark.count\"\nsleep 0.5\ntouch \"$FAKE_REC/listening\"\nsleep 60\n");
        assertEquals(0, runJupyter(null, "configure", "--port", "8192", "--mode", "lab").exit());
        Map<String, String> env = env();
        env.put("WADAL_JUPYTER_WAIT", "60");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Result>> starts = List.of(pool.submit(() -> runJupyterWith(env, "", "start")),
                    pool.submit(() -> runJupyterWith(env, "", "start")));
            for (Future<Result> start : starts) {
                Result r = start.get(60, TimeUnit.SECONDS);
                assertEquals(0, r.exit(), r.both());
            }
            assertEquals(List.of("started"), Files.readAllLines(rec.resolve("pyspark.count")), "one Jupyter was started");
            // The lock went with the scripts, not with Jupyter: a third start is not held up.
            Result third = run(List.of("flock", "-n", home.resolve(".wadal/start.lock").toString(), "true"), env, null, tmp);
            assertEquals(0, third.exit(), third.both());
        } finally {
            pool.shutdownNow();
            killFakeJupyter();
        }
    }

    @Test
    void startGivesUpWith124WhenJupyterRunsButNeverListens() throws Exception {
        fakeJupyterAndPyspark("sleep 60\n");
        assertEquals(0, runJupyter(null, "configure", "--port", "8192", "--mode", "lab").exit());
        Map<String, String> env = env();
        env.put("WADAL_JUPYTER_WAIT", "1");
        try {
            Result r = runJupyterWith(env, "", "start");
            assertEquals(124, r.exit(), r.both());
            assertTrue(r.err().contains("does not listen on port 8192 after 1s"), r.both());
            assertFalse(Files.exists(home.resolve("jupyter_ready")));
        } finally {
            killFakeJupyter();
        }
    }

    /** Ends the fake Jupyter that start left running (its pyspark and the sleep under it). */
    private void killFakeJupyter() throws IOException {
        Path pidFile = home.resolve(".wadal/jupyter.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
    }

    @Test
    void startRefusesArgumentsAndNeedsConfigure() throws Exception {
        fakeJupyterAndPyspark("");
        assertEquals(2, runJupyter("", "start", "NB_SECRET=x").exit());
        Result r = runJupyter("", "start");
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.err().contains("configure"), r.both());
        assertFalse(Files.exists(rec.resolve("pyspark.env")));
    }

    /** With a real Jupyter installed (Debian's jupyter-notebook on the build machines): start serves it. */
    @Test
    void startServesARealJupyterWhenOneIsInstalled() throws Exception {
        Assumptions.assumeTrue(onPath("jupyter") && onPath("jupyter-notebook"), "no Jupyter installed");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // what Spark's launcher does for pyspark: run the driver python with its options
        fake("pyspark", "# shellcheck disable=SC2086\nexec $PYSPARK_DRIVER_PYTHON $PYSPARK_DRIVER_PYTHON_OPTS\n");
        assertEquals(0, runJupyter(null, "configure", "--port", String.valueOf(port), "--mode", "notebook",
                "--repo", "myrepo").exit());
        Map<String, String> env = env();
        env.put("WADAL_JUPYTER_WAIT", "90");
        Path pidFile = home.resolve(".wadal/jupyter.pid");
        try {
            Result r = runJupyterWith(env, "NB_VAR=1\n", "start");
            assertEquals(0, r.exit(), r.both() + "\n--- jupyter.log\n" + Files.readString(home.resolve(".wadal/jupyter.log")));
            Result list = run(List.of("jupyter", "notebook", "list", "--json"), env, null, tmp);
            JsonNode server = null;
            for (String line : list.out().split("\n")) {
                if (!line.isBlank() && new ObjectMapper().readTree(line).path("port").asInt() == port) {
                    server = new ObjectMapper().readTree(line);
                }
            }
            assertTrue(server != null, list.both());
            assertEquals(home.resolve("works/myrepo").toString(), server.path("notebook_dir").asText(
                    server.path("root_dir").asText()));
            assertEquals("127.0.0.1", server.path("hostname").asText());
            assertFalse(server.path("token").asText().isEmpty(), "token-protected");
            // idempotent: a second start leaves the running server alone
            String pid = Files.readString(pidFile).strip();
            Result again = runJupyterWith(env, "NB_VAR=1\n", "start");
            assertEquals(0, again.exit(), again.both());
            assertTrue(again.err().contains("already runs"), again.both());
            assertEquals(pid, Files.readString(pidFile).strip());
        } finally {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).ifPresent(h -> {
                    h.destroy();
                    try {
                        h.onExit().get(20, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        h.destroyForcibly();
                    }
                });
            }
        }
    }

    // ------------------------------------------------------------------------ cp_assets

    @Test
    void renderedCpAssetsInstallsTheFontAndRunJupyter() throws Exception {
        Path bucket = Files.createDirectories(tmp.resolve("bucket"));
        Files.copy(ASSETS_DIR.resolve("NanumGothic.ttf"), bucket.resolve("NanumGothic.ttf"));
        Files.copy(RUN_JUPYTER, bucket.resolve("run_jupyter.sh"));
        fake("aws", """
                printf '%s\\n' "$*" >> "$FAKE_REC/aws.argv"
                src=${@: -2:1}; dst=${@: -1}
                cp "$FAKE_BUCKET/${src##*/}" "$dst"
                """);
        fake("sudo", "while [ \"${1:-}\" != \"${1#-}\" ]; do shift; done\nexec \"$@\"\n");
        fake("fc-cache", "printf '%s\\n' \"$*\" >> \"$FAKE_REC/fc-cache.argv\"\n");
        S3Uri dir = S3Uri.parse("s3://wadal-test-bucket/team/assets").orElseThrow();
        Path script = tmp.resolve("cp_assets.sh");
        Files.write(script, new AssetCatalog(null).renderCpAssets(dir, "ap-northeast-2"));

        Map<String, String> env = env();
        Path fonts = tmp.resolve("fonts/nanum");
        env.put("WADAL_FONT_DIR", fonts.toString());
        env.put("FAKE_BUCKET", bucket.toString());
        Result r = run(List.of("bash", script.toString()), env, null, tmp);
        assertEquals(0, r.exit(), r.both());

        assertArrayEquals(Files.readAllBytes(ASSETS_DIR.resolve("NanumGothic.ttf")),
                Files.readAllBytes(fonts.resolve("NanumGothic.ttf")));
        Path installed = home.resolve("run_jupyter.sh");
        assertArrayEquals(Files.readAllBytes(RUN_JUPYTER), Files.readAllBytes(installed));
        assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"), Files.getPosixFilePermissions(installed));
        String aws = Files.readString(rec.resolve("aws.argv"));
        assertTrue(aws.contains("s3 cp --region ap-northeast-2 "), aws);
        assertTrue(aws.contains("s3://wadal-test-bucket/team/assets/NanumGothic.ttf"), aws);
        assertTrue(aws.contains("s3://wadal-test-bucket/team/assets/run_jupyter.sh"), aws);
        assertTrue(Files.readString(rec.resolve("fc-cache.argv")).startsWith("-f"));

        // again: idempotent
        assertEquals(0, run(List.of("bash", script.toString()), env, null, tmp).exit());
    }

    @Test
    void theUnrenderedTemplateRefusesToRun() throws Exception {
        fake("aws", "touch \"$FAKE_REC/aws.called\"\n");
        Result r = run(List.of("bash", ASSETS_DIR.resolve("_cp_assets.sh").toString()), env(), null, tmp);
        assertEquals(2, r.exit(), r.both());
        assertFalse(Files.exists(rec.resolve("aws.called")));
    }

    // ------------------------------------------------------------------------ boot_*.sh

    Path constraints() {
        return home.resolve(".wadal/constraints.txt");
    }

    String pipInstall() {
        return PIP_INSTALL + " -c " + constraints();
    }

    Path pipConf() {
        return tmp.resolve("etc/pip.conf");
    }

    Path userPipConf() {
        return home.resolve(".config/pip/pip.conf");
    }

    /** The asset dir the fake aws serves: the bundled constraints files, as upload-assets places them. */
    Path bucket() throws IOException {
        Path bucket = tmp.resolve("bucket");
        if (!Files.isDirectory(bucket)) {
            Files.createDirectories(bucket);
            for (String name : AssetCatalog.CONSTRAINTS) {
                Files.copy(ASSETS_DIR.resolve(name), bucket.resolve(name));
            }
        }
        return bucket;
    }

    Map<String, String> fakeNode(boolean master, String pythonExtra) throws IOException {
        return fakeNode(Os.AL2023, master, pythonExtra);
    }

    /**
     * Fakes of a node of {@code os}: sudo (records, drops its options), dnf or yum, rpm (nothing
     * installed), aws (serves {@link #bucket()}, 404 for the rest), python3 (records pip calls;
     * {@code pythonExtra} runs after); /etc/os-release and /etc/pip.conf in the sandbox.
     */
    Map<String, String> fakeNode(Os os, boolean master, String pythonExtra) throws IOException {
        fake("sudo", "printf '%s\\n' \"$*\" >> \"$FAKE_REC/sudo.argv\"\n"
                + "while [ \"${1:-}\" != \"${1#-}\" ]; do shift; done\nexec \"$@\"\n");
        fake(os.packageManager, "printf '%s\\n' \"$*\" >> \"$FAKE_REC/" + os.packageManager + ".argv\"\n");
        fake("rpm", "exit 1\n");
        fake("aws", """
                printf '%s\\n' "$*" >> "$FAKE_REC/aws.argv"
                src=${@: -2:1}; dst=${@: -1}
                case $src in s3://wadal-test-bucket/team/assets/*) ;; *) echo "unexpected source $src" >&2; exit 9 ;; esac
                if [ ! -f "$FAKE_BUCKET/${src##*/}" ]; then
                    echo "fatal error: An error occurred (404) when calling the HeadObject operation: Key \\"team/assets/${src##*/}\\" does not exist" >&2
                    exit 1
                fi
                cp "$FAKE_BUCKET/${src##*/}" "$dst"
                """);
        fake("python3", """
                if [ "$1" = --version ]; then echo '%s'; exit 0; fi
                if [ "$*" = '-m pip --version' ]; then echo 'pip 21.3.1'; exit 0; fi
                printf '%%s\\n' "$*" >> "$FAKE_REC/python3.argv"
                """.formatted(os.python) + pythonExtra);
        Path instance = tmp.resolve("instance.json");
        Files.writeString(instance, "{\"isMaster\": " + master + ", \"instanceGroupId\": \"ig-1\"}");
        Path osRelease = tmp.resolve("os-release");
        Files.writeString(osRelease, "NAME=\"Amazon Linux\"\nVERSION_ID=\"" + os.versionId + "\"\nPRETTY_NAME=\""
                + os.pretty + "\"\n");
        Files.createDirectories(pipConf().getParent());
        Map<String, String> env = env();
        env.put("WADAL_INSTANCE_JSON", instance.toString());
        env.put("WADAL_OS_RELEASE", osRelease.toString());
        env.put("WADAL_PIP_CONF", pipConf().toString());
        env.put("FAKE_BUCKET", bucket().toString());
        return env;
    }

    Result boot(String script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", rendered(script).toString()));
        command.addAll(List.of(args));
        return run(command, env, null, tmp);
    }

    List<String> pipCalls() throws IOException {
        return Files.readAllLines(rec.resolve("python3.argv"));
    }

    static List<String> phases(String out) {
        return out.lines().filter(l -> l.startsWith("wadal-bootstrap: ")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"boot_eda.sh", "boot_etl.sh", "boot_min.sh"})
    void bootInstallsItsPackagesAndJupyterOnTheMasterAndIsIdempotent(String script) throws Exception {
        Variant v = VARIANTS.get(script);
        Map<String, String> env = fakeNode(true, "");
        Result r = boot(script, env);
        assertEquals(0, r.exit(), r.both());
        assertTrue(r.out().contains("[wadal " + script.replace(".sh", "") + "] done in "), r.both());
        List<String> expected = new ArrayList<>(List.of(pipInstall() + " --upgrade pip"));
        if (!v.nodePackages().isEmpty()) {
            expected.add(pipInstall() + " " + v.nodePackages());
        }
        expected.add(pipInstall() + " " + v.masterPackages());
        assertEquals(expected, pipCalls());
        assertEquals(List.of("install -y git"), Files.readAllLines(rec.resolve("dnf.argv")));
        assertTrue(Files.readString(home.resolve(".vimrc")).contains("syntax on"));

        r = boot(script, env);
        assertEquals(0, r.exit(), r.both());
        String profile = Files.readString(home.resolve(".bash_profile"));
        assertEquals(1, profile.split("export SPARK_HOME=/usr/lib/spark\n", -1).length - 1, profile);
        assertEquals(1, profile.split("export PYSPARK_PYTHON=python3\n", -1).length - 1, profile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boot_eda.sh", "boot_etl.sh", "boot_min.sh"})
    void bootInstallsOnlyTheNodePackagesOnWorkers(String script) throws Exception {
        Variant v = VARIANTS.get(script);
        Map<String, String> env = fakeNode(false, "");
        Result r = boot(script, env);
        assertEquals(0, r.exit(), r.both());
        if (v.nodePackages().isEmpty()) {
            assertFalse(Files.exists(rec.resolve("python3.argv")), script + " needs no pip on workers");
            assertEquals(List.of("wadal-bootstrap: phase shell done in 0 s", "wadal-bootstrap: done in 0 s"),
                    phases(r.out()).stream().map(l -> l.replaceAll("\\d+ s", "0 s")).toList(), r.both());
        } else {
            assertEquals(List.of(pipInstall() + " --upgrade pip", pipInstall() + " " + v.nodePackages()), pipCalls());
        }
        assertFalse(Files.exists(rec.resolve("dnf.argv")), "no git on workers");
        assertTrue(Files.readString(home.resolve(".bash_profile")).contains("export SPARK_HOME=/usr/lib/spark\n"));
    }

    static Stream<Arguments> presetsAndOses() {
        return AssetCatalog.BOOT_SCRIPTS.stream()
                .flatMap(script -> Stream.of(Os.values()).flatMap(os -> Stream.of(
                        Arguments.of(script, os, true), Arguments.of(script, os, false))));
    }

    @ParameterizedTest(name = "{0} on {1}, master {2}")
    @MethodSource("presetsAndOses")
    void everyPipCallUsesTheConstraintsOfTheNodesEmrMajor(String script, Os os, boolean master) throws Exception {
        Variant v = VARIANTS.get(script);
        Result r = boot(script, fakeNode(os, master, ""));
        assertEquals(0, r.exit(), r.both());
        if (!master && v.nodePackages().isEmpty()) {
            assertFalse(Files.exists(rec.resolve("python3.argv")), r.both());
            assertFalse(Files.exists(rec.resolve("aws.argv")), "nothing to fetch: " + r.both());
            return;
        }
        List<String> calls = pipCalls();
        assertFalse(calls.isEmpty());
        for (String call : calls) {
            assertTrue(call.startsWith(pipInstall() + " "), "every pip call is constrained: " + call);
        }
        assertArrayEquals(Files.readAllBytes(ASSETS_DIR.resolve(os.constraints)), Files.readAllBytes(constraints()),
                os + " gets " + os.constraints);
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(constraints()));
        String aws = Files.readString(rec.resolve("aws.argv"));
        assertTrue(aws.contains("s3 cp --region ap-northeast-2 --only-show-errors " + BOOT_ASSET_DIR + "/" + os.constraints + " "), aws);
        assertTrue(r.out().contains(os.versionId + ": pip constraints " + BOOT_ASSET_DIR + "/" + os.constraints), r.both());
        if (master) {
            assertEquals(List.of("install -y git"), Files.readAllLines(rec.resolve(os.packageManager + ".argv")));
        }

        List<String> expected = new ArrayList<>();
        if (master) {
            expected.add("system-packages");
        }
        expected.add("python");
        if (!v.nodePackages().isEmpty()) {
            expected.add("packages");
        }
        if (master) {
            expected.add("jupyter");
        }
        expected.add("shell");
        List<String> lines = phases(r.out());
        assertEquals(expected.size() + 1, lines.size(), r.both());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(lines.get(i).matches("wadal-bootstrap: phase " + expected.get(i) + " done in \\d+ s"), lines.toString());
        }
        assertTrue(lines.get(expected.size()).matches("wadal-bootstrap: done in \\d+ s"), lines.toString());
    }

    @ParameterizedTest
    @EnumSource(Os.class)
    void thePipConfLandsPrivateBeforeTheFirstPipCallAndItsTokensAreNeverShown(Os os) throws Exception {
        String conf = "[global]\nindex-url = " + INDEX_URL + "\nextra-index-url = " + EXTRA_INDEX_URL + "\n";
        Map<String, String> env = fakeNode(os, true, """
                if [ ! -f "$WADAL_PIP_CONF" ]; then echo 'pip ran before pip.conf was there' >&2; exit 7; fi
                # as an old pip might: each index URL as it is, and a file URL with the index's credentials
                sed -n 's/^index-url = /Looking in indexes: /p; s/^extra-index-url = /Looking in indexes: /p' "$WADAL_PIP_CONF"
                sed -n 's|^index-url = https://\\([^@]*\\)@\\([^/]*\\)/.*|Downloading https://\\1@\\2/packages/pandas.whl|p' "$WADAL_PIP_CONF"
                """);
        Files.writeString(bucket().resolve(PipConfig.NAME), conf);
        Files.writeString(pipConf(), "[global]\ntimeout = 60\n");
        Result r = boot("boot_eda.sh", env);
        assertEquals(0, r.exit(), r.both());

        Set<PosixFilePermission> private600 = PosixFilePermissions.fromString("rw-------");
        for (Path file : List.of(pipConf(), userPipConf())) {
            assertEquals(conf, Files.readString(file), file.toString());
            assertEquals(private600, Files.getPosixFilePermissions(file), file.toString());
        }
        assertEquals("[global]\ntimeout = 60\n", Files.readString(tmp.resolve("etc/pip.conf.before-wadal")),
                "the node's own pip.conf is kept");
        assertTrue(Files.readString(rec.resolve("sudo.argv")).contains("install -m 0600 "), "root's copy via sudo");
        assertTrue(r.out().contains("Looking in indexes: ****\n"), r.both());
        assertTrue(r.out().contains("Downloading https://aws:****@team-123456789012.d.codeartifact."), r.both());
        String recorded = Files.readString(rec.resolve("python3.argv")) + Files.readString(rec.resolve("aws.argv"))
                + Files.readString(rec.resolve("sudo.argv"));
        for (String secret : List.of(INDEX_TOKEN, "extra-query-token-2")) {
            assertFalse(r.out().contains(secret) || r.err().contains(secret), "token in the bootstrap log:\n" + r.both());
            assertFalse(recorded.contains(secret), "token on a command line:\n" + recorded);
        }
        assertTrue(Files.readString(rec.resolve("aws.argv")).contains(BOOT_ASSET_DIR + "/pip.conf "));
    }

    @Test
    void withoutAPipConfTheNodesKeepTheirOwnAndPipUsesPypi() throws Exception {
        Map<String, String> env = fakeNode(Os.AL2, true, "");
        Result r = boot("boot_min.sh", env);
        assertEquals(0, r.exit(), r.both());
        assertFalse(Files.exists(pipConf()), r.both());
        assertFalse(Files.exists(userPipConf()), r.both());
        assertTrue(r.out().contains("pip uses PyPI"), r.both());
    }

    @Test
    void withNoPipConfAnotherProfilesPipConfInTheAssetDirIsNotUsed() throws Exception {
        Map<String, String> env = fakeNode(Os.AL2023, true, "");
        Files.writeString(bucket().resolve(PipConfig.NAME), "[global]\nindex-url = " + INDEX_URL + "\n");
        Result r = boot("boot_min.sh", env, PipConfig.NONE);
        assertEquals(0, r.exit(), r.both());
        assertFalse(Files.exists(pipConf()), r.both());
        assertFalse(Files.exists(userPipConf()), r.both());
        assertTrue(r.out().contains("pip uses PyPI (a pip.conf in " + BOOT_ASSET_DIR + " is not used)"), r.both());
        assertFalse(Files.readString(rec.resolve("aws.argv")).contains("/pip.conf "), "not even fetched");
    }

    @Test
    void withPipConfAMissingOneFailsBeforeAnyPipCall() throws Exception {
        Map<String, String> env = fakeNode(Os.AL2023, true, "");
        Result r = boot("boot_min.sh", env, PipConfig.USE);
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.err().contains("error: no pip.conf in " + BOOT_ASSET_DIR + ", though the profile sets PIP_INDEX_URL"), r.both());
        assertTrue(phases(r.out()).stream().anyMatch(l -> l.matches("wadal-bootstrap: phase python failed after \\d+ s \\(exit 1\\)")),
                r.both());
        assertFalse(Files.exists(rec.resolve("python3.argv")), "no pip call");
    }

    @ParameterizedTest
    @ValueSource(strings = {"boot_eda.sh", "boot_etl.sh", "boot_min.sh"})
    void bootWorksAroundRpmOwnedPythonPackages(String script) throws Exception {
        Map<String, String> env = fakeNode(true, """
                if [[ "$*" == *' jupyterlab '* ]] && [ ! -e "$FAKE_REC/once" ]; then
                    touch "$FAKE_REC/once"
                    echo 'ERROR: Cannot uninstall requests 2.25.1, RECORD file not found. Hint: The package was installed by rpm.' >&2
                    exit 1
                fi
                """);
        Result r = boot(script, env);
        assertEquals(0, r.exit(), r.both());
        List<String> calls = pipCalls();
        int ignore = -1;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).endsWith("--ignore-installed --no-deps requests")) {
                ignore = i;
            }
            assertTrue(calls.get(i).startsWith(pipInstall() + " "), "constrained: " + calls.get(i));
        }
        String master = " " + VARIANTS.get(script).masterPackages();
        assertTrue(ignore > 0, calls.toString());
        assertTrue(calls.get(ignore - 1).endsWith(master), calls.toString());
        assertTrue(calls.get(ignore + 1).endsWith(master), "retried: " + calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boot_eda.sh", "boot_etl.sh", "boot_min.sh"})
    void bootFailsWhenPipFails(String script) throws Exception {
        Map<String, String> env = fakeNode(true, """
                if [[ "$*" == *' papermill'* ]]; then echo 'ERROR: No matching distribution' >&2; exit 1; fi
                """);
        Result r = boot(script, env);
        assertNotEquals(0, r.exit(), r.both());
        assertTrue(r.out().contains("pip install failed"), r.both());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("wadal-bootstrap: phase jupyter failed after \\d+ s \\(exit 1\\)")),
                r.both());
    }

    @Test
    void bootFailsWithoutItsConstraintsRatherThanInstallUnpinned() throws Exception {
        Map<String, String> env = fakeNode(Os.AL2, true, "");
        Files.delete(bucket().resolve("constraints-emr6.txt"));
        Result r = boot("boot_etl.sh", env);
        assertNotEquals(0, r.exit(), r.both());
        assertFalse(Files.exists(rec.resolve("python3.argv")), "no pip call: " + r.both());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("wadal-bootstrap: phase python failed after \\d+ s \\(exit 1\\)")),
                r.both());
    }

    @Test
    void theUnrenderedBootTemplateRefusesToRun() throws Exception {
        Map<String, String> env = fakeNode(true, "");
        Result r = run(List.of("bash", ASSETS_DIR.resolve(AssetCatalog.BOOT_TEMPLATE).toString()), env, null, tmp);
        assertEquals(2, r.exit(), r.both());
        assertTrue(r.err().contains("unrendered template"), r.both());
        assertFalse(Files.exists(rec.resolve("python3.argv")));
        assertFalse(Files.exists(rec.resolve("dnf.argv")));
    }

    // ---------------------------------------------------------------- constraints files

    /** name -> bound, of a constraints file's requirement lines. */
    static Map<String, String> bounds(String file) throws IOException {
        Map<String, String> bounds = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ASSETS_DIR.resolve(file))) {
            String req = line.replaceAll("\\s+#.*", "").strip();
            if (req.isEmpty() || req.startsWith("#")) {
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z0-9][a-z0-9._-]*)(<[0-9][0-9.]*)").matcher(req);
            assertTrue(m.matches(), file + ": one name<version per line, no extras (pip refuses them): " + line);
            assertFalse(bounds.containsKey(m.group(1)), file + " names " + m.group(1) + " twice");
            bounds.put(m.group(1), m.group(2));
        }
        return bounds;
    }

    static int[] version(String bound) {
        return Stream.of(bound.substring(1).split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"constraints-emr6.txt", "constraints-emr7.txt"})
    void everyPackageOfEveryPresetIsBounded(String file) throws IOException {
        Map<String, String> bounds = bounds(file);
        for (Map.Entry<String, Variant> e : VARIANTS.entrySet()) {
            String all = e.getValue().nodePackages() + " " + e.getValue().masterPackages() + " pip";
            for (String pkg : all.strip().split("\\s+")) {
                String name = pkg.replaceAll("\\[.*]", "");
                assertTrue(bounds.containsKey(name), file + " bounds " + name + " of " + e.getKey());
            }
            List<String> pkgs = List.of(e.getValue().nodePackages().split(" "));
            assertFalse(pkgs.contains("s3fs[boto3]") && pkgs.contains("boto3"),
                    e.getKey() + ": a bare boto3 beside s3fs[boto3] makes pip backtrack");
        }
        // Spark < 4 (every emr-6 and emr-7 release) does not support NumPy 2
        assertTrue(version(bounds.get("numpy"))[0] <= 2 && !bounds.get("numpy").matches("<2\\.\\d*[1-9].*"), bounds.get("numpy"));
    }

    @Test
    void amazonLinux2KeepsUrllib3OffOpenSsl111() throws IOException {
        assertEquals("<2", bounds("constraints-emr6.txt").get("urllib3"), "urllib3 2 needs OpenSSL 1.1.1 (urllib3#3016)");
        assertEquals("<2", bounds("constraints-emr7.txt").get("numpy"), "NumPy 2.0 installs on python 3.9");
    }
}
