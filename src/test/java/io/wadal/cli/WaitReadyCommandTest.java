package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.GitHttpServer;
import io.wadal.testing.GitRepos;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wait-ready (and create --wait, run-notebook) finishing the master's workspace: a cluster in moto,
 * the fake master (or real sshd, see OpenSshInteropTest) for SSH, and a real git server over HTTP
 * with basic authentication for the notebook repository.
 */
@ExtendWith({MotoServer.class, FakeMaster.class})
@Slow
class WaitReadyCommandTest {
    private static final String USER = "alice";
    private static final String PASS = "gitpass-S3cret-41";
    private static final String S3_ACCESS = "AKIAS3ACCESS0000042";
    private static final String S3_SECRET = "s3-secret-key-wJalrXUtnFEMI";
    private static final String NB_SECRET = "nb-env-secret-77";
    private static final List<String> SECRETS = List.of(PASS, S3_ACCESS, S3_SECRET, NB_SECRET);

    @TempDir
    Path home;
    private MotoServer moto;
    private SshMaster master;
    private GitHttpServer git;
    private int port;

    @BeforeEach
    void setUp(MotoServer moto, SshMaster master) throws IOException {
        this.moto = moto;
        this.master = master;
        git = GitHttpServer.start(USER, PASS);
        git.createRepo("notebooks", "feature");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stopGit() {
        git.close();
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env());
    }

    private String profile(String extra) {
        return "AWS_REGION=" + MotoServer.REGION + "\nAWS_EMR_LABEL=emr-7.5.0\nINIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\n"
                + master.profileLines() + "JUPYTER_PORT=" + port + "\n" + extra;
    }

    private String gitLines(String password) {
        return "GIT_REPO=" + git.url("notebooks") + "\nGIT_USER=" + USER + "\nGIT_PASS='" + password + "'\n"
                + "GIT_MAIL=alice@example.com\n";
    }

    /** Writes the profile and launches its cluster in moto; returns the cluster id. */
    private String created(String profileText) throws IOException {
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), profileText);
        Result r = wadal().run("create", "p");
        assertEquals(0, r.exitCode(), r.toString());
        return r.out().trim();
    }

    private void assertNoSecretLeaked(List<String> secrets, Result... results) {
        for (String command : master.commands()) {
            for (String secret : secrets) {
                assertFalse(command.contains(secret), "a secret on the master's command line: " + command);
            }
        }
        for (Result r : results) {
            for (String secret : secrets) {
                assertFalse(r.out().contains(secret) || r.err().contains(secret), "a secret in wadal's output: " + r);
            }
        }
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private Map<String, String> runtimeInfo() throws IOException {
        try (Stream<Path> files = Files.list(master.home().resolve(".fake-jupyter"))) {
            List<Path> servers = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
            assertEquals(1, servers.size(), servers.toString());
            String json = Files.readString(servers.get(0));
            return Map.of("token", json.replaceAll(".*\"token\": \"([0-9a-f]+)\".*", "$1"));
        }
    }

    private String jupyterPage() throws Exception {
        String token = runtimeInfo().get("token");
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/lab?token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        return page.body();
    }

    private String gitConfig(String key) throws IOException {
        return GitRepos.git(master.home(), "config", "--file", master.home().resolve(".gitconfig").toString(), key).strip();
    }

    private long jupyterStarts() throws IOException {
        return master.calls("jupyter").size();
    }

    @Test
    void waitReadyClonesTheBranchStoresTheSecretsAt0600AndStartsJupyterOnce() throws Exception {
        String id = created(profile(gitLines(PASS) + "GIT_BRANCH=feature\nAWS_S3_ACCESS_KEY=" + S3_ACCESS
                + "\nAWS_S3_SECRET_KEY=" + S3_SECRET + "\nRUN_NOTEBOOK_ENVS=\"FAKE_NB_ENV=" + NB_SECRET + " STAGE=dev\"\n"));

        Result r = wadal().run("wait-ready", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("WAITING"), r.toString());
        assertTrue(r.err().contains("Cloning " + git.url("notebooks") + " (branch feature) into works/notebooks"), r.toString());
        assertTrue(r.err().contains("Jupyter up on port " + port), r.toString());
        Path clone = master.works().resolve("notebooks");
        assertTrue(Files.exists(clone.resolve("feature.txt")), "the branch asked for is checked out");
        assertEquals("feature", GitRepos.git(clone, "-c", "safe.directory=*", "rev-parse", "--abbrev-ref", "HEAD").strip());
        assertEquals(git.url("notebooks"), GitRepos.git(clone, "-c", "safe.directory=*", "remote", "get-url", "origin").strip(), "no credentials in the remote URL");
        assertEquals(USER, gitConfig("user.name"));
        assertEquals("alice@example.com", gitConfig("user.email"));
        assertEquals("store", gitConfig("credential.helper"));

        Path credentials = master.home().resolve(".git-credentials");
        assertEquals("rw-------", mode(credentials));
        assertTrue(Files.readString(credentials).contains(USER + ":" + PASS + "@127.0.0.1"), "git push will find the password");
        Path s3 = master.home().resolve(".wadal/s3.env");
        assertEquals("rw-------", mode(s3));
        assertEquals("rwx------", mode(master.home().resolve(".wadal")));
        String s3Text = Files.readString(s3);
        assertTrue(s3Text.contains("export AWS_S3_ACCESS_KEY='" + S3_ACCESS + "'") && s3Text.contains("export AWS_S3_SECRET_KEY='" + S3_SECRET + "'"), s3Text);

        assertEquals(1, jupyterStarts());
        Map<String, String> jupyter = master.calls("jupyter").get(0);
        assertTrue(jupyter.get("args").contains("--ip=127.0.0.1") && jupyter.get("args").contains("--port=" + port), jupyter.get("args"));
        assertEquals(NB_SECRET, jupyter.get("FAKE_NB_ENV"));
        assertEquals("dev", jupyter.get("STAGE"));
        assertEquals(S3_SECRET, jupyter.get("AWS_S3_SECRET_KEY"), "notebooks get the S3 keys in their environment");
        assertTrue(jupyterPage().contains("FAKE_NB_ENV=" + NB_SECRET), "Jupyter answers, with RUN_NOTEBOOK_ENVS");
        String record = Files.readString(home.resolve("clusters/p.json"));
        assertTrue(record.contains("\"workspaceReadyAt\"") && record.contains(id), record);
        assertTrue(record.contains("\"masterHost\" : \"ec2-"), "EMR's master host is cached: " + record);

        // As the user would: push from the clone without typing the password.
        Files.writeString(clone.resolve("new.ipynb"), "{}");
        Result push = new WadalRun(home).run("ssh", "p", "--", "cd works/notebooks && git add new.ipynb && git commit -qm new"
                + " && GIT_TERMINAL_PROMPT=0 git push -q origin feature");
        assertEquals(0, push.exitCode(), push.toString());
        assertTrue(GitRepos.git(git.bare("notebooks"), "log", "--format=%s", "feature").contains("new"));

        Result again = wadal().run("wait-ready", "p");

        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("works/notebooks is already cloned; left as it is."), again.toString());
        assertTrue(again.err().contains("Jupyter up on port " + port), again.toString());
        assertEquals(1, git.fetches(), "cloned once");
        assertEquals(1, jupyterStarts(), "no second Jupyter");
        assertTrue(Files.exists(clone.resolve("new.ipynb")), "the user's work is left alone");
        assertNoSecretLeaked(SECRETS, r, push, again);
    }

    @Test
    void waitReadyStartsTheAutosaveLoopAndNamesTheAutosaveBranchOfAnEarlierCluster() throws Exception {
        // given: an earlier cluster of the profile autosaved a notebook
        Path earlier = Files.createTempDirectory(home, "earlier");
        GitRepos.git(earlier, "clone", "-q", git.bare("notebooks").toString(), "c");
        Path c = earlier.resolve("c");
        GitRepos.git(c, "config", "user.name", "x");
        GitRepos.git(c, "config", "user.email", "x@example.com");
        GitRepos.commitFile(c, "lost.ipynb", "{\"lost\": false}\n", "autosave");
        GitRepos.git(c, "push", "-q", "origin", "HEAD:refs/heads/wadal/autosave/j-EARLIER0001");
        String id = created(profile(gitLines(PASS) + "AUTOSAVE_INTERVAL=1h\n"));

        Result r = wadal().run("wait-ready", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("Autosave: works/notebooks is pushed to branch wadal/autosave/" + id + " every 1h00m"), r.toString());
        assertTrue(r.err().contains("Autosaved work of earlier clusters is on the origin: wadal/autosave/j-EARLIER0001."), r.toString());
        String hint = "cd ~/works/notebooks && git fetch origin && git checkout -b restored origin/wadal/autosave/j-EARLIER0001";
        assertTrue(r.err().contains(hint), r.toString());
        String settings = Files.readString(master.home().resolve(".wadal/autosave.env"));
        assertTrue(settings.contains("AUTOSAVE_CLUSTER=" + id + "\n") && settings.contains("AUTOSAVE_SECONDS=3600\n"), settings);
        Result status = new WadalRun(home).run("ssh", "p", "--", "bash .wadal/wadal_autosave.sh status");
        assertEquals("loop=running\n", status.out(), status.toString());

        // the hint, as the user would type it in Jupyter's terminal
        Result restored = new WadalRun(home).run("ssh", "p", "--", "GIT_TERMINAL_PROMPT=0; export GIT_TERMINAL_PROMPT; " + hint + " -q");
        assertEquals(0, restored.exitCode(), restored.toString());
        assertEquals("{\"lost\": false}\n", Files.readString(master.works().resolve("notebooks/lost.ipynb")));
        assertNoSecretLeaked(SECRETS, r, status, restored);

        // turned off: the running loop is told so (it reads its settings every few seconds)
        Result off = wadal().run("wait-ready", "p", "--set", "AUTOSAVE_INTERVAL=off");
        assertEquals(0, off.exitCode(), off.toString());
        assertFalse(off.err().contains("Autosave: "), off.toString());
        assertTrue(Files.readString(master.home().resolve(".wadal/autosave.env")).contains("AUTOSAVE_SECONDS=0\n"));
    }

    @Test
    void aWrongPasswordFailsWithGitsMessageAndThePasswordNowhere() throws Exception {
        String wrong = "wrong pass/w%rd+";
        created(profile(gitLines(wrong)));

        Result r = wadal().run("wait-ready", "p");

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("Authentication failed"), r.toString());
        assertTrue(r.err().contains("check GIT_REPO, GIT_BRANCH, GIT_USER and GIT_PASS"), r.toString());
        assertFalse(Files.exists(master.works().resolve("notebooks")));
        try (Stream<Path> works = Files.list(master.works())) {
            assertEquals(List.of(), works.toList(), "no half-made clone left behind");
        }
        assertEquals(0, jupyterStarts());
        List<String> forms = new ArrayList<>(List.of(wrong, URLEncoder.encode(wrong, StandardCharsets.UTF_8), "pass%2Fw%25rd"));
        assertNoSecretLeaked(forms, r);
        assertFalse(Files.readString(home.resolve("clusters/p.json")).contains("workspaceReadyAt"));
    }

    @Test
    void aMissingBranchFails() throws Exception {
        created(profile(gitLines(PASS) + "GIT_BRANCH=no-such-branch\n"));

        Result r = wadal().run("wait-ready", "p");

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("no-such-branch") && r.err().contains("not found"), r.toString());
        assertEquals(0, jupyterStarts());
        assertNoSecretLeaked(SECRETS, r);
    }

    @Test
    void aPasswordWithSpecialCharactersClonesAndIsMaskedInEveryForm() throws Exception {
        String special = "p@ss:w/rd %+~ü\"$(x)";
        git.close();
        git = GitHttpServer.start(USER, special);
        git.createRepo("notebooks");
        created(profile(gitLines(special)));

        Result r = wadal().run("wait-ready", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.exists(master.works().resolve("notebooks/README.md")));
        assertNoSecretLeaked(List.of(special, "p%40ss", URLEncoder.encode(special, StandardCharsets.UTF_8)), r);
    }

    @Test
    void withoutGitRepoTheWorkspaceIsStillReadyWithJupyter() throws Exception {
        created(profile(""));

        Result r = wadal().run("wait-ready", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(r.err().contains("Cloning"), r.toString());
        assertTrue(r.err().contains("Jupyter up on port " + port), r.toString());
        assertTrue(Files.isDirectory(master.works()));
        assertFalse(Files.exists(master.home().resolve(".git-credentials")));
        assertEquals(1, jupyterStarts());
        assertTrue(jupyterPage().contains("Fake Jupyter on port " + port));
    }

    @Test
    void jupyterPublicListensOnAllInterfaces() throws Exception {
        created(profile("JUPYTER_PUBLIC=true\n"));

        Result r = wadal().run("wait-ready", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(master.calls("jupyter").get(0).get("args").contains("--ip=0.0.0.0"), master.calls("jupyter").toString());
    }

    @Test
    void waitReadyWritesKernelIdleTimeoutIntoJupytersConfig() throws Exception {
        created(profile("KERNEL_IDLE_TIMEOUT=30m\n"));

        Result r = wadal().run("wait-ready", "p");

        assertEquals(0, r.exitCode(), r.toString());
        for (String file : List.of("jupyter_server_config.py", "jupyter_notebook_config.py")) {
            String config = Files.readString(master.home().resolve(".jupyter").resolve(file));
            assertTrue(config.contains("\nc.MappingKernelManager.cull_idle_timeout = 1800\n"), file + ":\n" + config);
            assertTrue(config.contains("\nc.MappingKernelManager.cull_connected = True\n"), file + ":\n" + config);
        }
    }

    @Test
    void createWaitSetsTheWorkspaceUpToo() throws Exception {
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), profile(gitLines(PASS)));

        Result r = wadal().run("create", "--wait", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("is ready (WAITING)") && r.err().contains("Jupyter up on port " + port), r.toString());
        assertTrue(Files.exists(master.works().resolve("notebooks/README.md")));
        assertNoSecretLeaked(SECRETS, r);
    }

    @Test
    void aBadRepositoryNameIsAUsageErrorBeforeAnyCall() throws Exception {
        created(profile(""));
        int sessions = master.sessions();

        Result r = wadal().run("wait-ready", "p", "--set", "GIT_REPO=https://git.example.com/team/my notebooks.git");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("GIT_REPO"), r.toString());
        assertEquals(sessions, master.sessions());
    }

    @Test
    void createRefusesARepositoryWaitReadyCouldNotCloneBeforeLaunching() throws Exception {
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), profile("GIT_REPO='https://git.example.com/team/my notebooks.git'\n"));

        Result r = wadal().run("create", "p");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("GIT_REPO"), r.toString());
        assertFalse(Files.exists(home.resolve("clusters/p.json")), "nothing launched, nothing recorded");
    }

    @Test
    void runNotebookWithoutWaitReadySetsTheWorkspaceUpFirstAndOnlyOnce() throws Exception {
        Records.profileWithFreshCluster(home, "p", "JUPYTER_PORT=" + port + "\n" + gitLines(PASS)
                + "RUN_NOTEBOOK_ENVS=FAKE_NB_ENV=" + NB_SECRET + "\n", master);

        Result r = new WadalRun(home).run("run-notebook", "p", "notebooks/README.md");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("not set up yet") && r.err().contains("Jupyter up on port " + port), r.toString());
        assertTrue(Files.exists(master.works().resolve("notebooks/README.md")));
        assertEquals(1, master.calls("papermill").size());
        assertEquals(1, jupyterStarts());

        int commands = master.commands().size();
        Result second = new WadalRun(home).run("run-pyspark", "p", "notebooks/job.py");

        assertEquals(0, second.exitCode(), second.toString());
        assertFalse(second.err().contains("not set up yet"), second.toString());
        // the job alone: its script installed (when changed), started, followed, its status read
        List<String> jobOnly = master.commands().subList(commands, master.commands().size());
        assertTrue(!jobOnly.isEmpty() && jobOnly.stream().allMatch(c -> c.contains("wadal_job.sh")),
                "the record says ready: only the job runs: " + jobOnly);
        assertNoSecretLeaked(SECRETS, r, second);
    }
}
