package io.wadal.cli;

import ch.qos.logback.classic.LoggerContext;
import io.wadal.Main;
import io.wadal.app.WadalContext;
import io.wadal.console.LogSetup;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.GitHttpServer;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Background;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets (README, "Secrets: how credentials travel") end to end: a profile with distinctive secrets goes through create → wait-ready →
 * jupyter -u → add-termcmd → terminate (plus plan --json), and then everything anyone could
 * read is searched for them: what the emulator stored for the cluster (DescribeCluster,
 * ListSteps with their arguments, ListBootstrapActions, ListInstanceGroups: tags and
 * configurations included; read raw, so no SDK redaction can hide a leak), every command line
 * the master executed, all of wadal's output (with -vv debug logs), Jupyter's log on the master,
 * and every file under wadal's home except the profile itself.
 */
@ExtendWith({MotoServer.class, FakeMaster.class})
@Slow
class SecretLeakTest {
    private static final String GIT_PASS = "gitpass-LEAK-7f3a9c";
    private static final String S3_ACCESS = "AKIALEAKS3ACCESS91";
    private static final String S3_SECRET = "s3secret-LEAK-b81c0d";
    private static final String TERM_ACCESS = "AKIALEAKTERMACC77";
    private static final String TERM_SECRET = "termsecret-LEAK-44d2e";
    private static final String NB_SECRET = "nbsecret-LEAK-2e6f1a";
    private static final String PIP_SECRET = "piptoken-LEAK-93ab1e";
    private static final List<String> SECRETS = List.of(GIT_PASS, S3_ACCESS, S3_SECRET, TERM_ACCESS, TERM_SECRET, NB_SECRET,
            PIP_SECRET);

    @TempDir
    Path home;
    private MotoServer moto;
    private SshMaster master;
    private GitHttpServer git;

    @BeforeEach
    void setUp(MotoServer moto, SshMaster master) throws IOException {
        this.moto = moto;
        this.master = master;
        git = GitHttpServer.start("dana", GIT_PASS);
        git.createRepo("notebooks");
        int jupyterPort;
        try (ServerSocket s = new ServerSocket(0)) {
            jupyterPort = s.getLocalPort();
        }
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), "AWS_REGION=" + MotoServer.REGION + "\nAWS_EMR_LABEL=emr-7.5.0\n"
                + "INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\nEMR_LOG_DIR_S3=s3://wadal-test-bucket/logs\n"
                + master.profileLines() + "JUPYTER_PORT=" + jupyterPort + "\n"
                + "GIT_REPO=" + git.url("notebooks") + "\nGIT_USER=dana\nGIT_PASS=" + GIT_PASS + "\nGIT_MAIL=dana@example.com\n"
                + "AWS_S3_ACCESS_KEY=" + S3_ACCESS + "\nAWS_S3_SECRET_KEY=" + S3_SECRET + "\n"
                + "EMR_TERM_ACCESS_KEY=" + TERM_ACCESS + "\nEMR_TERM_SECRET_KEY=" + TERM_SECRET + "\n"
                + "RUN_NOTEBOOK_ENVS=\"NB_TOKEN=" + NB_SECRET + " STAGE=dev\"\n"
                + "TAGS=team=data,stage=dev\n"
                + "PIP_INDEX_URL=https://aws:" + PIP_SECRET + "@acme-1.d.codeartifact." + MotoServer.REGION
                + ".amazonaws.com/pypi/py/simple/\n");
    }

    @AfterEach
    void stopGit() {
        git.close();
    }

    private WadalRun wadal() {
        // add-termcmd installs under the master's sysroot/, not this machine's /usr/bin.
        return new WadalRun(home).env(moto.env()).env("WADAL_MASTER_ROOT", "sysroot");
    }

    @Test
    void noSecretReachesAwsTheMastersCommandLinesOutputLogsOrTheRecords() throws Exception {
        Files.createDirectories(master.home().resolve("sysroot/usr/bin"));
        List<Result> results = new ArrayList<>();
        Result plan = wadal().run("plan", "p", "--json");
        results.add(plan);
        assertEquals(0, plan.exitCode(), plan.toString());
        assertTrue(plan.out().contains("\"ReleaseLabel\" : \"emr-7.5.0\""), plan.toString());
        Result created = wadal().run("-vv", "create", "p");
        results.add(created);
        assertEquals(0, created.exitCode(), created.toString());
        String id = created.out().trim();
        for (String[] args : List.of(new String[] {"-vv", "wait-ready", "p"}, new String[] {"-v", "jupyter", "p", "-u"},
                new String[] {"-v", "add-termcmd", "p"}, new String[] {"-v", "terminate", "p"})) {
            Result r = wadal().run(args);
            results.add(r);
            assertEquals(0, r.exitCode(), r.toString());
        }
        assertTrue(results.get(results.size() - 1).out().contains("Cluster " + id + " terminated."), results.toString());

        // The secrets were really used: on the master, in their 0600 files and Jupyter's environment.
        assertTrue(Files.readString(master.home().resolve(".git-credentials")).contains(GIT_PASS));
        assertTrue(Files.readString(master.home().resolve(".wadal/s3.env")).contains(S3_SECRET));
        assertTrue(Files.readString(master.home().resolve(".wadal/notebook.env")).contains(NB_SECRET));
        assertTrue(Files.readString(master.home().resolve("sysroot/usr/bin/terminate_cluster")).contains(TERM_SECRET));

        Map<String, String> stored = new LinkedHashMap<>();
        String body = "{\"ClusterId\": \"" + id + "\"}";
        for (String action : List.of("DescribeCluster", "ListSteps", "ListBootstrapActions", "ListInstanceGroups")) {
            stored.put(action, emrApi(action, body));
        }
        // What is searched is really this cluster's: its steps, bootstrap action, tags and configurations.
        assertTrue(stored.get("ListSteps").contains("wadal: configure Jupyter"), stored.get("ListSteps"));
        assertTrue(stored.get("ListBootstrapActions").contains("boot_eda.sh"), stored.get("ListBootstrapActions"));
        assertTrue(stored.get("DescribeCluster").contains("wadal:profile"), stored.get("DescribeCluster"));
        assertTrue(stored.get("DescribeCluster").contains("spark-defaults"), stored.get("DescribeCluster"));
        stored.forEach((what, text) -> assertNoSecret("EMR " + what, text));

        master.commands().forEach(c -> assertNoSecret("a command line the master executed", c));
        results.forEach(r -> assertNoSecret("wadal's output", r.toString()));
        assertNoSecret("Jupyter's log on the master", Files.readString(master.home().resolve(".wadal/jupyter.log")));
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(home.resolve("profiles"))).toList()) {
                assertNoSecret(home.relativize(f).toString(), Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /**
     * Every subcommand of the root command, at -vv (the SDK's debug lines: the signer's canonical
     * request, the HTTP client's headers), with a session token and a secret key that only these
     * runs know: neither they nor a profile secret reaches stderr or the logs, which Logback writes
     * to System.err (captured here).
     */
    @Test
    void everyCommandAtDebugLevelKeepsTheCredentialsAndTheProfileSecretsOutOfItsLogs() throws Exception {
        Files.createDirectories(master.home().resolve("sysroot/usr/bin"));
        Files.writeString(home.resolve("data.csv"), "a,b\n");
        Files.createDirectories(master.works());
        Files.writeString(master.works().resolve("remote.csv"), "c,d\n");
        Files.writeString(master.works().resolve("job.py"), "print(1)\n");
        int socks = SshMaster.freePort();
        List<String[]> runs = List.of(new String[] {"profiles"}, new String[] {"plan", "p"}, new String[] {"upload-assets", "p"},
                new String[] {"check", "p"}, new String[] {"create", "p"}, new String[] {"state", "p"},
                new String[] {"wait-ready", "p"}, new String[] {"jupyter", "p", "-u"}, new String[] {"url", "p"},
                new String[] {"tunnel", "p", "--port", String.valueOf(socks)}, new String[] {"clusters"},
                new String[] {"ssh", "p", "--", "true"}, new String[] {"run-pyspark", "p", "job.py"},
                new String[] {"run-notebook", "p", "nb.ipynb"}, new String[] {"ls", "p"},
                new String[] {"upload", "p", "data.csv"}, new String[] {"download", "p", "remote.csv", "--to", "got"},
                new String[] {"move", "p", "remote.csv"}, new String[] {"add-termcmd", "p"}, new String[] {"logs", "p"},
                new String[] {"generate-completion"}, new String[] {"terminate", "p"});
        Set<String> commands = new TreeSet<>(Main.commandLine(WadalContext.system(), false).getSubcommands().keySet());
        Set<String> covered = new TreeSet<>(runs.stream().map(a -> a[0]).toList());
        List<String[]> all = new ArrayList<>(runs.subList(0, runs.size() - 1));
        commands.stream().filter(c -> !covered.contains(c)).forEach(c -> all.add(new String[] {c, "p"}));
        all.add(runs.get(runs.size() - 1));

        String token = "IQoJsessiontoken-LEAK-5c9e0b";
        String secretKey = "awssecret-LEAK-0d3f17";
        List<String> markers = new ArrayList<>(SECRETS);
        markers.addAll(List.of(token, secretKey));
        WadalRun wadal = wadal().env("AWS_SESSION_TOKEN", token).env("AWS_SECRET_ACCESS_KEY", secretKey);
        StringBuilder everything = new StringBuilder();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream savedErr = System.err;
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        LogSetup.levels(lc, 2);
        try {
            for (String[] args : all) {
                String[] withVv = Stream.concat(Stream.of("-vv"), Stream.of(args)).toArray(String[]::new);
                Result r;
                if (args[0].equals("tunnel")) {
                    Background b = wadal.start(withVv);
                    b.awaitOut("^socks5://localhost:(\\d+)$");
                    r = b.interrupt().result();
                } else {
                    r = wadal.run(withVv);
                }
                everything.append("$ wadal ").append(String.join(" ", withVv)).append('\n').append(r).append('\n');
            }
        } finally {
            LogSetup.levels(lc, 0);
            System.setErr(savedErr);
        }
        String logText = logs.toString(StandardCharsets.UTF_8);
        everything.append("--- logs\n").append(logText);
        // The runs did what is searched: they signed requests with the token, and the SDK showed its headers.
        assertTrue(everything.toString().contains("Cluster j-") && everything.toString().contains(" terminated."), everything.toString());
        assertTrue(logText.contains("software.amazon.awssdk") && logText.toLowerCase(java.util.Locale.ROOT)
                .contains("x-amz-security-token:****"), logText);
        for (String marker : markers) {
            int at = everything.indexOf(marker);
            assertTrue(at < 0, "a secret in the -vv output of the commands: ..."
                    + everything.substring(Math.max(0, at - 400), Math.min(everything.length(), at + 100)));
        }
    }

    private static void assertNoSecret(String where, String text) {
        for (String secret : SECRETS) {
            assertTrue(!text.contains(secret), "a secret in " + where + ": " + text);
        }
    }

    /** A raw EMR JSON call to the emulator: what anyone with elasticmapreduce:Describe*|List* reads. */
    private String emrApi(String action, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(moto.endpoint() + "/"))
                .header("X-Amz-Target", "ElasticMapReduce." + action)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20261121/" + MotoServer.REGION
                        + "/elasticmapreduce/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), action + ": " + response.body());
        return response.body();
    }
}
