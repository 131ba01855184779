package io.wadal.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GitBranchName against the real {@code git check-ref-format --branch}, run outside any repository. */
class GitBranchNameTest {
    static final List<String> NAMES = List.of(
            "main", "dev", "feature/x", "release/1.2.3", "a-b_c.d", "é", "日本", "a@b", "@x", "x@", "refs/heads/x",
            "x.lock.x", "a./b", "head", "a+b", "a,b", "a=b", "a#b", "a!b", "a'b", "a\"b", "x/y/z", "HEAD-1", "-", "a-",
            "-dev", "--x", "a..b", "..", ".", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[b", "a\\b", "HEAD", "a@{b",
            "@{-1}", ".x", "x/.y", "x.lock", "x.lock/y", "/x", "x/", "x//y", "x.", "x/.", "a\u007fb", "a\tb", "a/./b",
            "a/../b", "@@", "{a}", "a]b");

    @Test
    void refusesWhatGitRefusesAndAcceptsWhatGitAccepts(@TempDir Path dir) throws Exception {
        List<String> differences = new ArrayList<>();
        for (String name : NAMES) {
            boolean gitAccepts = git(dir, name) == 0;
            boolean weAccept = GitBranchName.problem(name).isEmpty();
            if (gitAccepts != weAccept) {
                differences.add(name + " (git " + (gitAccepts ? "accepts" : "refuses") + ")");
            }
        }
        assertEquals(List.of(), differences);
    }

    @Test
    void aBareAtIsRefusedThoughCheckRefFormatBranchTakesIt(@TempDir Path dir) throws Exception {
        // git reads "@" as HEAD; git check-ref-format without --branch refuses it too
        assertEquals(0, git(dir, "@"));
        assertTrue(GitBranchName.problem("@").isPresent());
    }

    private static int git(Path dir, String name) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("git", "check-ref-format", "--branch", name).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("GIT_CEILING_DIRECTORIES", dir.getParent().toString());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "git check-ref-format " + name);
        return p.exitValue();
    }
}
