package io.wadal.assets;

import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.testing.GitHttpServer;
import io.wadal.testing.GitRepos;
import io.wadal.testing.LocalShell;
import io.wadal.testing.Slow;
import io.wadal.workspace.GitRemote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wadal_autosave.sh on a master's home on this machine, pushing to the rig's real git server
 * (git http-backend behind basic authentication) with the credentials the workspace setup
 * stores: what the branch holds, what it leaves alone, and where no secret goes.
 */
@Slow
class AutosaveScriptTest {
    private static final Path SCRIPT = AssetScriptsTest.ASSETS_DIR.resolve("wadal_autosave.sh");
    private static final String USER = "alice";
    private static final String TOKEN = "ghp_autosaveTok3n-S3cret-77";
    private static final String CLUSTER = "j-1AUTOSAVE0001";
    private static final String BRANCH = "wadal/autosave/" + CLUSTER;

    @TempDir
    Path home;
    private GitHttpServer server;
    private LocalShell master;
    private Path argvLog;
    private Path clone;

    @BeforeEach
    void setUp() throws IOException {
        server = GitHttpServer.start(USER, TOKEN);
        server.createRepo("nb");
        argvLog = home.resolve("git-argv.log");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path git = bin.resolve("git");
        // Every git the script runs, with its arguments: none may carry the token.
        Files.writeString(git, "#!/bin/sh\nprintf '%s\\n' \"$*\" >>'" + argvLog + "'\nexec " + realGit() + " \"$@\"\n");
        Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwxr-xr-x"));
        master = new LocalShell(home, Map.of("HOME", home.toString(), "PATH", bin + ":/usr/bin:/bin",
                "GIT_CONFIG_NOSYSTEM", "1"));
        GitRemote remote = GitRemote.of(server.url("nb"), null, USER, TOKEN, "p");
        ok(master.run("umask 077 && git config --global credential.helper store && git credential approve", remote.credentialInput()));
        ok(master.run("git config --global user.email alice@example.com && git clone -q " + server.url("nb") + " works/nb", null));
        clone = home.resolve("works/nb");
    }

    @AfterEach
    void stop() throws IOException {
        Path pid = home.resolve(".wadal/autosave.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
        }
        server.close();
    }

    private static String realGit() throws IOException {
        for (String dir : System.getenv("PATH").split(":")) {
            Path git = Path.of(dir, "git");
            if (!dir.contains(" ") && Files.isExecutable(git)) {
                return git.toString();
            }
        }
        throw new IOException("no git on PATH");
    }

    private static ExecResult ok(ExecResult r) {
        assertEquals(0, r.exitStatus(), r.toString());
        return r;
    }

    private ExecResult autosave(String command, String cluster) {
        return master.run("bash '" + SCRIPT + "' " + command + " --repo works/nb --cluster " + cluster, null);
    }

    private String onServer(String... args) throws IOException {
        return GitRepos.git(server.bare("nb"), args);
    }

    private String remoteBranch(String name) throws IOException {
        return GitRepos.git(server.bare("nb"), "for-each-ref", "--format=%(objectname)", "refs/heads/" + name).strip();
    }

    private long pushes() {
        return server.requests().stream().filter(r -> r.startsWith("POST ") && r.contains("git-receive-pack")).count();
    }

    /** The user's side of the clone: every file of the work tree and of .git except objects, byte for byte. */
    private Map<String, byte[]> userState() throws IOException {
        Map<String, byte[]> state = new TreeMap<>();
        try (Stream<Path> files = Files.walk(clone)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = clone.relativize(f).toString();
                if (name.startsWith(".git/objects/")) {
                    continue;
                }
                state.put(name, Files.readAllBytes(f));
            }
        }
        return state;
    }

    private void assertSameState(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet(), "no file of the clone appeared or went");
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " is unchanged"));
    }

    @Test
    void modifiedStagedAndUntrackedNotebooksArePushedAndTheUsersBranchIndexStashAndFilesAreUntouched() throws Exception {
        // given: a stash, a staged notebook, a modified one, an untracked one, Jupyter's checkpoint and a hook that refuses pushes
        Files.writeString(clone.resolve("README.md"), "stashed\n");
        GitRepos.git(clone, "stash", "-q");
        Files.writeString(clone.resolve("README.md"), "notebooks, edited\n");
        Files.writeString(clone.resolve("staged.ipynb"), "{\"staged\": 1}\n");
        GitRepos.git(clone, "add", "staged.ipynb");
        Files.createDirectories(clone.resolve("sub"));
        Files.writeString(clone.resolve("sub/new.ipynb"), "{\"cells\": []}\n");
        Files.createDirectories(clone.resolve(".ipynb_checkpoints"));
        Files.writeString(clone.resolve(".ipynb_checkpoints/new-checkpoint.ipynb"), "{}\n");
        Path hook = clone.resolve(".git/hooks/pre-push");
        Files.writeString(hook, "#!/bin/sh\necho 'pre-push hook ran' >&2\nexit 1\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        String head = GitRepos.head(clone);
        Map<String, byte[]> before = userState();

        // when
        ExecResult r = ok(autosave("once", CLUSTER));

        // then
        assertTrue(r.out().contains("pushed the work tree of works/nb to " + BRANCH), r.toString());
        assertEquals("README.md\nstaged.ipynb\nsub/new.ipynb\n", onServer("ls-tree", "-r", "--name-only", BRANCH));
        assertEquals("notebooks, edited\n", onServer("show", BRANCH + ":README.md"));
        assertEquals("{\"cells\": []}\n", onServer("show", BRANCH + ":sub/new.ipynb"));
        assertEquals(head, onServer("rev-parse", BRANCH + "^").strip(), "the snapshot sits on the user's HEAD");
        assertEquals(head, remoteBranch("main"), "the user's branch on the server is untouched");
        assertSameState(before, userState());
        assertEquals(head, GitRepos.head(clone));
        assertEquals("refs/heads/main", GitRepos.git(clone, "symbolic-ref", "HEAD").strip());
        assertEquals(1, GitRepos.git(clone, "stash", "list").lines().count());
        assertEquals("wadal autosave <alice@example.com>", onServer("log", "-1", "--format=%an <%ae>", BRANCH).strip());

        String log = Files.readString(home.resolve(".wadal/autosave.log"));
        assertTrue(log.matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ pushed [0-9a-f]{12} \\(main\\) of works/nb to " + BRANCH + "\n"), log);
        assertFalse(Files.readString(argvLog).contains(TOKEN), "the token is on no git command line");
        assertTrue(Files.readString(argvLog).contains("push --quiet --force --no-verify " + server.url("nb") + " "), Files.readString(argvLog));
        String status = ok(master.run("bash '" + SCRIPT + "' status", null)).out();
        assertTrue(status.matches("(?s)pushed_at=\\d+\nage=\\d+\nbranch=" + BRANCH + "\nloop=stopped\n"), status);
    }

    @Test
    void nothingIsPushedWhenTheTreeIsCleanOrUnchangedSinceTheLastSnapshot() throws Exception {
        long before = pushes();
        ExecResult r = ok(autosave("once", CLUSTER));
        assertTrue(r.out().contains("no unsaved work"), r.toString());
        assertEquals("", remoteBranch(BRANCH), "a clean tree makes no branch");
        assertEquals(before, pushes());

        Files.writeString(clone.resolve("a.ipynb"), "{}\n");
        ok(autosave("once", CLUSTER));
        String first = remoteBranch(BRANCH);
        long afterFirst = pushes();
        r = ok(autosave("once", CLUSTER));
        assertTrue(r.out().contains("unchanged since the snapshot"), r.toString());
        assertEquals(first, remoteBranch(BRANCH));
        assertEquals(afterFirst, pushes(), "no second push of the same snapshot");

        Files.writeString(clone.resolve("a.ipynb"), "{\"more\": 1}\n");
        ok(autosave("once", CLUSTER));
        assertFalse(first.equals(remoteBranch(BRANCH)), "a change is pushed again");
    }

    @Test
    void oneLoopAtATimeOutlivesTheCommandThatStartedItAndIntervalZeroEndsIt() throws Exception {
        ExecResult first = ok(master.run("bash '" + SCRIPT + "' start --repo works/nb --cluster " + CLUSTER + " --interval 3600", null));
        assertEquals("autosave: started (every 3600s)\n", first.out(), "the command returned; the loop runs on");
        long pid = Long.parseLong(Files.readString(home.resolve(".wadal/autosave.pid")).strip());
        ProcessHandle loop = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no loop process " + pid));

        ExecResult second = ok(master.run("bash '" + SCRIPT + "' start --repo works/nb --cluster " + CLUSTER + " --interval 60", null));

        assertEquals("autosave: running (every 60s)\n", second.out());
        assertEquals(pid, Long.parseLong(Files.readString(home.resolve(".wadal/autosave.pid")).strip()), "no second loop");
        assertTrue(Files.readString(home.resolve(".wadal/autosave.env")).contains("AUTOSAVE_SECONDS=60\n"), "the running loop's new interval");
        assertTrue(ok(master.run("bash '" + SCRIPT + "' status", null)).out().endsWith("loop=running\n"));

        ok(master.run("bash '" + SCRIPT + "' start --repo works/nb --cluster " + CLUSTER + " --interval 0", null));
        // the loop reads its settings every 5 s at most
        loop.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(Files.readString(home.resolve(".wadal/autosave.log")).contains("autosave turned off; loop ends"));
        assertTrue(ok(master.run("bash '" + SCRIPT + "' status", null)).out().endsWith("loop=stopped\n"));
    }

    @Test
    void theLoopPushesEachNewChangeOnItsOwnEveryInterval() throws Exception {
        Files.writeString(clone.resolve("etl.ipynb"), "{\"cells\": [1]}\n");
        ok(master.run("bash '" + SCRIPT + "' start --repo works/nb --cluster " + CLUSTER + " --interval 1", null));

        String first = awaitBranch(sha -> !sha.isEmpty());
        Files.writeString(clone.resolve("etl.ipynb"), "{\"cells\": [1, 2]}\n");
        String second = awaitBranch(sha -> !sha.isEmpty() && !sha.equals(first));

        assertTrue(onServer("show", second + ":etl.ipynb").contains("[1, 2]"), "the later round pushed the later change");
        ok(master.run("bash '" + SCRIPT + "' start --repo works/nb --cluster " + CLUSTER + " --interval 0", null));
    }

    /** The autosave branch's commit once it satisfies the condition; the loop's own timer, polled with a deadline. */
    private String awaitBranch(java.util.function.Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        String sha = remoteBranch(BRANCH);
        while (!condition.test(sha)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the loop pushed nothing new in 30 s; log:\n"
                        + (Files.exists(home.resolve(".wadal/autosave.log")) ? Files.readString(home.resolve(".wadal/autosave.log")) : ""));
            }
            Thread.sleep(200);
            sha = remoteBranch(BRANCH);
        }
        return sha;
    }

    @Test
    void unpushedCommitsAreSavedAndADetachedHeadStaysDetached() throws Exception {
        GitRepos.git(clone, "-c", "user.name=u", "-c", "user.email=u@x", "commit", "-q", "--allow-empty", "-m", "local only");
        GitRepos.git(clone, "checkout", "-q", "--detach");
        String head = GitRepos.head(clone);

        ok(autosave("once", CLUSTER));

        assertEquals(head, onServer("rev-parse", BRANCH + "^").strip(), "the unpushed commit reached the server under the snapshot");
        assertTrue(onServer("log", "-1", "--format=%b", BRANCH).contains("detached HEAD " + head.substring(0, 12)));
        assertEquals(head, GitRepos.head(clone));
        assertEquals(1, master.run("git -C works/nb symbolic-ref -q HEAD", null).exitStatus(), "still detached");
    }

    @Test
    void aCloneWithNoCommitsYetIsSavedAsARootCommit() throws Exception {
        GitRepos.git(server.bare("nb").getParent(), "init", "-q", "--bare", "-b", "main", server.bare("empty").toString());
        GitRepos.git(server.bare("empty"), "config", "http.receivepack", "true");
        ok(master.run("git clone -q " + server.url("empty") + " works/empty 2>/dev/null", null));
        Files.writeString(home.resolve("works/empty/first.ipynb"), "{}\n");

        ok(master.run("bash '" + SCRIPT + "' once --repo works/empty --cluster " + CLUSTER, null));

        Path bare = server.bare("empty");
        assertEquals("first.ipynb\n", GitRepos.git(bare, "ls-tree", "-r", "--name-only", BRANCH));
        assertEquals("\n", GitRepos.git(bare, "log", "-1", "--format=%P", BRANCH), "no parent");
        assertEquals(1, master.run("git -C works/empty rev-parse -q --verify HEAD", null).exitStatus(), "still no commits");
    }

    @Test
    void aRefusedPushIsLoggedWithATimeAndNoSecretAndAnotherClustersListNamesTheBranch() throws Exception {
        Files.writeString(clone.resolve("a.ipynb"), "{}\n");
        ok(autosave("once", CLUSTER));

        // the next cluster of the same profile clones (here: fetches) and sees this one's branch, not its own
        ok(master.run("git -C works/nb fetch -q origin", null));
        String listed = ok(autosave("list", "j-2NEXTCLUSTER")).out();
        assertEquals(remoteBranch(BRANCH) + " " + BRANCH + "\n", listed);
        assertEquals("", ok(autosave("list", CLUSTER)).out());

        Files.delete(home.resolve(".git-credentials"));
        Files.writeString(clone.resolve("a.ipynb"), "{\"lost\": 1}\n");
        String saved = remoteBranch(BRANCH);
        ExecResult r = autosave("once", CLUSTER);

        assertEquals(1, r.exitStatus(), r.toString());
        assertEquals(saved, remoteBranch(BRANCH));
        String log = Files.readString(home.resolve(".wadal/autosave.log"));
        String last = log.lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ error: push of the snapshot of works/nb to " + BRANCH
                + " failed \\(exit status \\d+\\): .*"), log);
        assertFalse(log.contains(TOKEN), log);
    }
}
