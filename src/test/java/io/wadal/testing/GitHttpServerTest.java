package io.wadal.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixture itself: real git clones, fetches and pushes through it, and refuses wrong credentials. */
class GitHttpServerTest {
    @TempDir
    Path dir;

    private record Git(int status, String output) {
    }

    private static Git git(Path cwd, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "credential.helper=", "-c", "user.name=t", "-c", "user.email=t@x.invalid"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Git(p.waitFor(), out);
    }

    @Test
    void clonesABranchWithTheRightPasswordAndPushesBack() throws Exception {
        try (GitHttpServer server = GitHttpServer.start("alice", "p@ss word")) {
            server.createRepo("notebooks", "feature");
            String url = server.url("notebooks").replace("http://", "http://alice:p%40ss%20word@");

            Git clone = git(dir, "clone", "-q", "--branch", "feature", url, "nb");
            assertEquals(0, clone.status(), clone.output());
            assertTrue(Files.exists(dir.resolve("nb/feature.txt")));
            assertTrue(Files.exists(dir.resolve("nb/README.md")));

            Files.writeString(dir.resolve("nb/new.ipynb"), "{}");
            assertEquals(0, git(dir.resolve("nb"), "add", "new.ipynb").status());
            assertEquals(0, git(dir.resolve("nb"), "commit", "-q", "-m", "new").status());
            Git push = git(dir.resolve("nb"), "push", "-q", "origin", "feature");
            assertEquals(0, push.status(), push.output());
            assertTrue(GitRepos.git(server.bare("notebooks"), "log", "--oneline", "feature").contains("new"));
            assertEquals(1, server.fetches());
        }
    }

    @Test
    void wrongOrMissingCredentialsAre401() throws Exception {
        try (GitHttpServer server = GitHttpServer.start("alice", "right")) {
            server.createRepo("notebooks");
            Git wrong = git(dir, "clone", "-q", server.url("notebooks").replace("http://", "http://alice:wrong@"), "a");
            assertEquals(128, wrong.status(), wrong.output());
            assertTrue(wrong.output().contains("Authentication failed"), wrong.output());
            Git none = git(dir, "clone", "-q", server.url("notebooks"), "b");
            assertEquals(128, none.status(), none.output());
            assertTrue(server.requests().stream().noneMatch(r -> r.endsWith(" alice")), server.requests().toString());
            Git missing = git(dir, "ls-remote", server.url("absent").replace("http://", "http://alice:right@"));
            assertTrue(missing.status() != 0, missing.output());
        }
    }
}
