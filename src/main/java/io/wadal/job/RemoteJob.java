package io.wadal.job;

import io.wadal.env.EnvAssignments;
import io.wadal.env.S3EnvFile;
import io.wadal.error.WadalException;
import io.wadal.shell.ShellQuote;
import io.wadal.ssh.RemoteShell;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch job on the master (spark-submit of a script, papermill of a notebook), run from the
 * login home. The user's environment (RUN_NOTEBOOK_ENVS, $ENVS, -e) may hold secrets, so it
 * never goes on the command line, which anyone on the master can read in {@code ps}: it travels
 * on the command's stdin as {@code export K='v'} lines that the remote shell evaluates before
 * exec'ing the job with stdin at end-of-file. The notebook S3 keys, which the workspace setup
 * stored in a 0600 file for Jupyter, are read from that file, so a notebook that works in
 * Jupyter works here too.
 */
public final class RemoteJob {
    /** Seconds papermill waits for the kernel: starting a SparkContext on a busy cluster is slow (the original's value). */
    static final int KERNEL_START_TIMEOUT = 1200;
    private static final String S3_ENV = "./" + S3EnvFile.PATH;

    private final Map<String, String> defaults;
    private final Map<String, String> env;
    private final Map<String, String> settings;
    private final List<String> argv;
    private final String output;
    private final String kind;
    private final String what;

    /**
     * @param defaults exported before the user's environment, which may override them
     * @param env      the user's environment, sent on stdin
     * @param settings exported after it: what makes the job work
     */
    private RemoteJob(String kind, String what, Map<String, String> defaults, Map<String, String> env,
                      Map<String, String> settings, List<String> argv, String output) {
        this.kind = kind;
        this.what = what;
        this.defaults = new LinkedHashMap<>(defaults);
        this.env = new LinkedHashMap<>(env);
        this.settings = new LinkedHashMap<>(settings);
        this.argv = List.copyOf(argv);
        this.output = output;
    }

    /** The file the job writes, relative to the login home (works/…), when it has one: the output notebook. */
    public Optional<String> output() {
        return Optional.ofNullable(output);
    }

    /** {@code spark-submit works/SCRIPT ARGS…}, as the original's bin/run_pyspark. */
    public static RemoteJob sparkSubmit(String script, List<String> args, Map<String, String> env) {
        List<String> argv = new ArrayList<>(List.of("spark-submit", worksPath(script, "script")));
        argv.addAll(args);
        return new RemoteJob("pyspark", argv.get(1), sparkDefaults(), env, Map.of(), argv, null);
    }

    /**
     * papermill {@code works/NB} into {@code works/<NB without .ipynb>.out.ipynb} in the notebook's
     * folder, started through pyspark as the original's bin/run_notebook did, so that the kernel
     * has a SparkContext. pyspark's launcher splits PYSPARK_DRIVER_PYTHON_OPTS with shell quoting
     * rules (Spark's CommandBuilderUtils.parseOptionString), so each single-quoted word arrives
     * as one argument of papermill, spaces, quotes and {@code $()} included.
     *
     * @param parameters papermill's {@code -p KEY VALUE}, in order
     */
    public static RemoteJob notebook(String notebook, List<Map.Entry<String, String>> parameters, Map<String, String> env) {
        String input = worksPath(notebook, "notebook");
        if (notebook.endsWith("/")) {
            throw WadalException.usage("'" + notebook + "' is a folder; name the notebook, e.g. " + notebook + "etl.ipynb");
        }
        String base = input.endsWith(".ipynb") ? input.substring(0, input.length() - ".ipynb".length()) : input;
        String output = base + ".out.ipynb";
        String cwd = input.substring(0, input.lastIndexOf('/'));
        List<String> opts = new ArrayList<>(List.of("--start_timeout", String.valueOf(KERNEL_START_TIMEOUT), "--cwd", cwd, input, output));
        for (Map.Entry<String, String> p : parameters) {
            opts.addAll(List.of("-p", p.getKey(), p.getValue()));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("PYSPARK_DRIVER_PYTHON", "papermill");
        settings.put("PYSPARK_DRIVER_PYTHON_OPTS", ShellQuote.join(opts));
        return new RemoteJob("notebook", input, sparkDefaults(), env, settings, List.of("pyspark"), output);
    }

    private static Map<String, String> sparkDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("SPARK_HOME", "/usr/lib/spark");
        d.put("PYSPARK_PYTHON", "python3");
        return d;
    }

    /** A path relative to works/ on the master. */
    private static String worksPath(String path, String what) {
        if (path == null || path.isBlank()) {
            throw WadalException.usage("name the " + what + " to run, relative to works/ on the master");
        }
        if (path.startsWith("/") || path.startsWith("~")) {
            throw WadalException.usage("give the " + what + "'s path relative to works/ on the master (/home/hadoop/works), "
                    + "not '" + path + "'");
        }
        return "works/" + (path.startsWith("./") ? path.substring(2) : path);
    }

    /** The remote command line: the job and its fixed settings, no value of the user's environment. */
    public String commandLine() {
        StringBuilder line = new StringBuilder();
        // eval "$(cat)" rather than ". /dev/stdin": sshd may give the command a socket, which /dev/stdin cannot reopen.
        line.append(exports(defaults))
                .append(" && { [ ! -f " + S3_ENV + " ] || . " + S3_ENV + "; }")
                .append(" && eval \"$(cat)\"");
        if (!settings.isEmpty()) {
            line.append(" && ").append(exports(settings));
        }
        return line.append(" && exec ").append(ShellQuote.join(argv)).append(" </dev/null").toString();
    }

    /**
     * The command wadal_job.sh runs (bash, from the login home) with the 0600 file of the user's
     * environment as $1: the file is read, then removed, so the secrets stay on disk only until the
     * job has them. No value of the user's environment is in it.
     */
    public String jobCommand() {
        StringBuilder line = new StringBuilder();
        line.append(exports(defaults))
                .append(" && { [ ! -f " + S3_ENV + " ] || . " + S3_ENV + "; }")
                .append(" && . \"$1\" && rm -f -- \"$1\"");
        if (!settings.isEmpty()) {
            line.append(" && ").append(exports(settings));
        }
        return line.append(" && exec ").append(ShellQuote.join(argv)).append(" </dev/null").toString();
    }

    /** notebook or pyspark. */
    public String kind() {
        return kind;
    }

    /** The notebook or script, as works/PATH. */
    public String what() {
        return what;
    }

    /**
     * A short readable id for the job: {@code nb-20261201-0931-etl} or {@code py-…-<script stem>},
     * by this clock's date and time, in [a-z0-9-] (the master adds a suffix when it is taken).
     */
    public String idBase(java.time.Clock clock) {
        String name = what.substring(what.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (stem.length() > 24) {
            stem = stem.substring(0, 24).replaceAll("-+$", "");
        }
        String when = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").format(clock.instant().atZone(clock.getZone()));
        return (kind.equals("notebook") ? "nb-" : "py-") + when + (stem.isEmpty() ? "" : "-" + stem);
    }

    /** What the command reads on stdin: one {@code export K='v'} line per variable of the user's environment. */
    public String environmentScript() {
        StringBuilder script = new StringBuilder();
        env.forEach((k, v) -> script.append(exports(Map.of(k, v))).append('\n'));
        return script.toString();
    }

    /** A variable the job sets for itself (PYSPARK_DRIVER_PYTHON_OPTS…), or null. */
    String setting(String name) {
        return settings.get(name);
    }

    /** The program and its arguments. */
    public List<String> argv() {
        return argv;
    }

    /** Runs the job, streaming its output; returns its exit status (255 when it died without one). */
    public int run(RemoteShell master, OutputStream out, OutputStream err) {
        byte[] stdin = environmentScript().getBytes(StandardCharsets.UTF_8);
        return master.exec(commandLine(), new ByteArrayInputStream(stdin), out, err);
    }

    // Names are checked by EnvAssignments or are our own, so only values need quoting.
    private static String exports(Map<String, String> vars) {
        StringBuilder s = new StringBuilder("export");
        vars.forEach((k, v) -> s.append(' ').append(k).append('=').append(ShellQuote.quote(v)));
        return s.toString();
    }
}
