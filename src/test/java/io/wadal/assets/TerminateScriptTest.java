package io.wadal.assets;

import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.TermCommandInstaller;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wadal_terminate.sh on a master's home on this machine, with a recorder as {@code aws} first
 * on PATH (the seam: nothing here can end a cluster or the machine) and the rig's real git
 * server for the final autosave.
 */
@Slow
class TerminateScriptTest {
    static final Path SCRIPT = AssetScriptsTest.ASSETS_DIR.resolve("wadal_terminate.sh");
    private static final Path AUTOSAVE = AssetScriptsTest.ASSETS_DIR.resolve("wadal_autosave.sh");
    private static final String USER = "alice";
    private static final String TOKEN = "ghp_terminateTok3n-S3cret-91";
    private static final String CLUSTER = "j-1MAXAGE00001";
    private static final String REGION = "eu-west-1";
    private static final String BRANCH = "wadal/autosave/" + CLUSTER;
    private static final String ACCESS = "AKIATERMONLY0000TEST";
    private static final String SECRET = "s3cr'et/Key+$(touch pwned)";

    @TempDir
    Path home;
    private GitHttpServer server;
    private LocalShell master;
    private Path calls;
    private Path clone;

    @BeforeEach
    void setUp() throws IOException {
        server = GitHttpServer.start(USER, TOKEN);
        server.createRepo("nb");
        calls = Files.createDirectories(home.resolve("aws-calls"));
        Path bin = Files.createDirectories(home.resolve("bin"));
        // The recorder: each call's arguments, its AWS_* environment, and the autosave branch on the origin at that moment.
        Path aws = bin.resolve("aws");
        Files.writeString(aws, """
                #!/bin/sh
                n=$(ls "$WADAL_TEST_AWS_CALLS" | wc -l)
                f="$WADAL_TEST_AWS_CALLS/call.$n"
                { for a in "$@"; do printf 'arg=%s\\n' "$a"; done
                  env | grep '^AWS_' | sed 's/^/env=/'
                  printf 'origin=%s\\n' "$(git --git-dir="$WADAL_TEST_BARE" rev-parse -q --verify "refs/heads/$WADAL_TEST_BRANCH")"
                } > "$f.tmp" && mv "$f.tmp" "$f"
                if [ -f "$WADAL_TEST_AWS_CALLS.fail" ]; then
                  echo 'An error occurred (AccessDeniedException) when calling the TerminateJobFlows operation: not authorized' >&2
                  exit 254
                fi
                """);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("WADAL_TEST_AWS_CALLS", calls.toString());
        env.put("WADAL_TEST_BARE", server.bare("nb").toString());
        env.put("WADAL_TEST_BRANCH", BRANCH);
        // credentials of someone else's around the master's commands: the instance role must win over them
        env.put("AWS_ACCESS_KEY_ID", "AKIASTALESTALESTALE0");
        env.put("AWS_SECRET_ACCESS_KEY", "stale-secret");
        env.put("AWS_SESSION_TOKEN", "stale-token");
        env.put("AWS_PROFILE", "someone");
        env.put("WADAL_TERMINATE_TICK", "1");
        master = new LocalShell(home, env);
        GitRemote remote = GitRemote.of(server.url("nb"), null, USER, TOKEN, "p");
        ok(master.run("umask 077 && git config --global credential.helper store && git credential approve", remote.credentialInput()));
        ok(master.run("git config --global user.email alice@example.com && git clone -q " + server.url("nb") + " works/nb", null));
        clone = home.resolve("works/nb");
    }

    @AfterEach
    void stop() throws IOException {
        Path pid = home.resolve(".wadal/terminate.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                    .filter(p -> p.info().commandLine().orElse("").contains("wadal_terminate.sh")).ifPresent(ProcessHandle::destroy);
        }
        server.close();
    }

    private static ExecResult ok(ExecResult r) {
        assertEquals(0, r.exitStatus(), r.toString());
        return r;
    }

    private ExecResult terminate(String args) {
        return master.run("bash '" + SCRIPT + "' " + args, null);
    }

    /** The master's autosave, set up as wait-ready leaves it: the script in ~/.wadal and its settings. */
    private void withAutosave(int seconds) throws IOException {
        Path dir = Files.createDirectories(home.resolve(".wadal"));
        Files.copy(AUTOSAVE, dir.resolve("wadal_autosave.sh"));
        Files.writeString(dir.resolve("autosave.env"),
                "AUTOSAVE_REPO=works/nb\nAUTOSAVE_CLUSTER=" + CLUSTER + "\nAUTOSAVE_SECONDS=" + seconds + "\n");
    }

    private List<Map<String, String>> awsCalls() throws IOException {
        List<Map<String, String>> list = new ArrayList<>();
        try (Stream<Path> files = Files.list(calls)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("call\\.\\d+"))
                    .sorted((a, b) -> Integer.compare(n(a), n(b))).toList()) {
                Map<String, String> call = new LinkedHashMap<>();
                StringBuilder args = new StringBuilder();
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("arg=")) {
                        args.append(args.length() == 0 ? "" : " ").append(line.substring(4));
                    } else if (line.startsWith("env=")) {
                        int eq = line.indexOf('=', 4);
                        call.put(line.substring(4, eq), line.substring(eq + 1));
                    } else if (line.startsWith("origin=")) {
                        call.put("origin", line.substring(7));
                    }
                }
                call.put("args", args.toString());
                list.add(call);
            }
        }
        return list;
    }

    private static int n(Path f) {
        String name = f.getFileName().toString();
        return Integer.parseInt(name.substring(name.indexOf('.') + 1));
    }

    private String log() throws IOException {
        Path log = home.resolve(".wadal/terminate.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Polls the real loop process until it has made {@code count} calls (or the deadline passes). */
    private List<Map<String, String>> awaitCalls(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (awsCalls().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return awsCalls();
    }

    private ProcessHandle loop() throws IOException {
        long pid = Long.parseLong(Files.readString(home.resolve(".wadal/terminate.pid")).strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no loop process " + pid));
    }

    /**
     * Until the loop has let go of its lock: with a deadline already past it may have done its work
     * and ended before the test could read its pid, so the lock, not the pid, tells.
     */
    private void awaitLoopStopped(int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!ok(terminate("status")).out().contains("loop=stopped\n")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the loop still runs after " + seconds + " s; log:\n" + log());
            }
            Thread.sleep(100);
        }
    }

    private static long epoch(long fromNow) {
        return System.currentTimeMillis() / 1000 + fromNow;
    }

    @Test
    void aDeadlineInThePastPushesTheFinalAutosaveFirstThenTerminatesWithTheInstanceRole() throws Exception {
        withAutosave(600);
        Files.writeString(clone.resolve("unsaved.ipynb"), "{\"cells\": [\"last words\"]}\n");

        ExecResult r = ok(terminate("schedule --cluster " + CLUSTER + " --region " + REGION + " --at " + epoch(-60)));
        assertTrue(r.out().startsWith("terminate: scheduled"), r.toString());
        List<Map<String, String>> made = awaitCalls(1);

        assertEquals(1, made.size(), log());
        Map<String, String> call = made.get(0);
        assertEquals("emr terminate-clusters --region " + REGION + " --cluster-ids " + CLUSTER, call.get("args"));
        String saved = GitRepos.git(server.bare("nb"), "rev-parse", BRANCH).strip();
        assertEquals(saved, call.get("origin"), "the final autosave was on the origin when EMR was asked");
        assertEquals("{\"cells\": [\"last words\"]}\n", GitRepos.git(server.bare("nb"), "show", BRANCH + ":unsaved.ipynb"));
        for (String key : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE")) {
            assertFalse(call.containsKey(key), key + " is unset: the instance profile's credentials apply " + call);
        }
        awaitLoopStopped(15);
        String log = log();
        int autosaved = log.indexOf("final autosave of works/nb: autosave: pushed the work tree of works/nb to " + BRANCH);
        int asked = log.indexOf("asked EMR to terminate cluster " + CLUSTER + " (" + REGION + ") with the instance role");
        assertTrue(autosaved > 0 && asked > autosaved, log);
        assertTrue(log.contains("loop ends: cluster " + CLUSTER + " is terminating"), log);
        assertTrue(log.lines().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .+")), log);
        assertFalse(log.contains(TOKEN), log);
        String status = ok(terminate("status")).out();
        assertTrue(status.matches("(?s)at=\\d+\nvia=role\nloop=stopped\nlast=ok\nlast_at=\\d+\nlast_reason=MAX_AGE: the deadline .* is reached\n"),
                status);
    }

    @Test
    void withTheCommandTheInstalledTerminateClusterRunsWithItsKeysInItsEnvironmentOnly() throws Exception {
        String installed = TermCommandInstaller.install(master, new MasterRoot(home.resolve("sysroot").toString()), CLUSTER, REGION,
                new TermCommandInstaller.Keys(ACCESS, SECRET));

        ExecResult r = ok(terminate("now --cluster " + CLUSTER + " --region " + REGION + " --command '" + installed
                + "' --reason 'the job ended'"));

        assertEquals("terminate: asked EMR to terminate cluster " + CLUSTER + "\n", r.out());
        List<Map<String, String>> made = awsCalls();
        assertEquals(1, made.size());
        assertEquals("emr terminate-clusters --region " + REGION + " --cluster-ids " + CLUSTER, made.get(0).get("args"));
        assertEquals(ACCESS, made.get(0).get("AWS_ACCESS_KEY_ID"));
        assertEquals(SECRET, made.get(0).get("AWS_SECRET_ACCESS_KEY"));
        assertFalse(made.get(0).containsKey("AWS_SESSION_TOKEN"), "no stale session token with the keys");
        assertFalse(made.get(0).get("args").contains(ACCESS) || made.get(0).get("args").contains("s3cr"));
        String log = log();
        assertTrue(log.contains("terminating cluster " + CLUSTER + " (" + REGION + "): the job ended"), log);
        assertTrue(log.contains("no final autosave: this master has no autosave"), log);
        assertTrue(log.contains("asked EMR to terminate cluster " + CLUSTER + " (" + REGION + ") with the keys of " + installed), log);
        assertFalse(log.contains(ACCESS) || log.contains("s3cr"), log);
        assertTrue(ok(terminate("status")).out().contains("\nlast=ok\n"));
    }

    @Test
    void aDeadlineInTheFutureCallsNothingAndAtZeroEndsTheRunningLoop() throws Exception {
        long at = epoch(3600);
        ok(terminate("schedule --cluster " + CLUSTER + " --region " + REGION + " --at " + at));
        ProcessHandle loop = loop();
        ExecResult again = ok(terminate("schedule --cluster " + CLUSTER + " --region " + REGION + " --at " + (at + 60)
                + " --command /usr/local/bin/terminate_cluster"));
        assertEquals("terminate: running (at " + (at + 60) + ")\n", again.out(), "no second loop");
        assertEquals(loop.pid(), loop().pid());
        assertEquals("at=" + (at + 60) + "\nvia=keys\nloop=running\n", ok(terminate("status")).out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".wadal/terminate.env"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".wadal"))));

        // a few of the loop's one-second ticks
        Thread.sleep(2500);
        assertEquals(List.of(), awsCalls());

        assertEquals("terminate: off\n", ok(terminate("schedule --cluster " + CLUSTER + " --region " + REGION + " --at 0")).out());
        loop.onExit().get(15, TimeUnit.SECONDS);
        assertTrue(log().contains("termination turned off; loop ends"), log());
        assertEquals("at=0\nvia=role\nloop=stopped\n", ok(terminate("status")).out());
        assertEquals(List.of(), awsCalls());
    }

    @Test
    void aFailingTerminationIsLoggedAndTriedAgainThenTheLoopGivesUpSayingSo() throws Exception {
        Files.writeString(Path.of(calls + ".fail"), "");
        ExecResult r = ok(master.run("WADAL_TERMINATE_RETRY=1 WADAL_TERMINATE_TRIES=3 bash '" + SCRIPT + "' schedule --cluster "
                + CLUSTER + " --region " + REGION + " --at " + epoch(-1), null));
        assertTrue(r.out().startsWith("terminate: scheduled"), r.toString());
        awaitLoopStopped(30);

        assertEquals(3, awsCalls().size(), log());
        String log = log();
        assertEquals(3, log.lines().filter(l -> l.contains("error: terminating cluster " + CLUSTER + " with the instance role failed "
                + "(exit status 254): An error occurred (AccessDeniedException)")).count(), log);
        assertTrue(log.contains("attempt 1 of 3 failed; trying again in 1s"), log);
        assertTrue(log.contains("error: gave up after 3 failed attempts; cluster " + CLUSTER + " keeps running"), log);
        assertTrue(ok(terminate("status")).out().contains("loop=stopped\nlast=failed\n"));
    }

    @Test
    void aFailedFinalAutosaveIsLoggedAndTheClusterIsTerminatedAnyway() throws Exception {
        withAutosave(600);
        Files.delete(home.resolve(".git-credentials"));
        Files.writeString(clone.resolve("unsaved.ipynb"), "{}\n");

        ok(terminate("now --cluster " + CLUSTER + " --region " + REGION + " --reason test"));

        assertEquals(1, awsCalls().size());
        String log = log();
        assertTrue(log.matches("(?s).*error: final autosave of works/nb failed \\(exit status 1\\): .*terminating anyway.*"), log);
        assertTrue(log.indexOf("asked EMR to terminate") > log.indexOf("error: final autosave"), log);
    }

    @Test
    void anAutosaveTurnedOffTakesNoFinalSnapshot() throws Exception {
        withAutosave(0);
        Files.writeString(clone.resolve("unsaved.ipynb"), "{}\n");

        ok(terminate("now --cluster " + CLUSTER + " --region " + REGION + " --reason test"));

        assertEquals(1, awsCalls().size());
        assertEquals("", awsCalls().get(0).get("origin"), "nothing was pushed");
        assertTrue(log().contains("no final autosave: autosave is off (AUTOSAVE_INTERVAL=off)"), log());
    }

    @Test
    void badArgumentsExitTwoAndCallNothing() throws Exception {
        String ok = " --region " + REGION + " --at 1";
        for (String args : List.of("", "bogus", "schedule" + ok, "schedule --cluster x" + ok, "schedule --cluster 'j-1;reboot'" + ok,
                "schedule --cluster " + CLUSTER + " --region 'eu west' --at 1", "schedule --cluster " + CLUSTER + " --region " + REGION,
                "schedule --cluster " + CLUSTER + " --region " + REGION + " --at soon",
                "schedule --cluster " + CLUSTER + " --region " + REGION + " --at -5",
                "schedule --cluster " + CLUSTER + ok + " --extra", "schedule --cluster " + CLUSTER + " --region",
                "now --cluster " + CLUSTER + " --region " + REGION)) {
            ExecResult r = terminate(args);
            assertEquals(2, r.exitStatus(), args + ": " + r);
        }
        assertEquals(List.of(), awsCalls());
        assertFalse(Files.exists(home.resolve(".wadal/terminate.env")));
    }
}
