package io.wadal.git;

import io.wadal.error.WadalException;
import io.wadal.testing.GitRepos;
import io.wadal.testing.LocalShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote command against real git work trees, run by a local /bin/sh standing in for the master. */
class UnsavedWorkCheckTest {
    @TempDir
    Path home;

    private Path cloneWithUpstream() throws IOException {
        Path clone = home.resolve("works/nb");
        Files.createDirectories(clone.getParent());
        GitRepos.cloneWithUpstream(home.resolve("origin.git"), clone);
        return clone;
    }

    private Optional<WorkTreeStatus> check(String repo) {
        return UnsavedWorkCheck.check(new LocalShell(home, Map.of("HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1")), repo);
    }

    @Test
    void noFolderIsNothingToCheck() {
        assertEquals(Optional.empty(), check("nb"));
    }

    @Test
    void aFreshCloneIsClean() throws IOException {
        cloneWithUpstream();
        assertTrue(check("nb").orElseThrow().clean());
    }

    @Test
    void renamesNamesWithSpacesAndQuotesAndNewFolders() throws IOException {
        Path clone = cloneWithUpstream();
        GitRepos.git(clone, "mv", "README.md", "READ ME.md");
        Files.createDirectories(clone.resolve("new dir"));
        Files.writeString(clone.resolve("new dir/it's \"new\".ipynb"), "{}");
        assertEquals(List.of("R README.md -> READ ME.md", "?? new dir/it's \"new\".ipynb"), check("nb").orElseThrow().files());
    }

    @Test
    void jupyterCheckpointsAreNotUnsavedWork() throws IOException {
        Path clone = cloneWithUpstream();
        Files.createDirectories(clone.resolve(".ipynb_checkpoints"));
        Files.writeString(clone.resolve(".ipynb_checkpoints/README-checkpoint.ipynb"), "{}");
        Files.createDirectories(clone.resolve("team/.ipynb_checkpoints"));
        Files.writeString(clone.resolve("team/.ipynb_checkpoints/etl-checkpoint.ipynb"), "{}");
        assertTrue(check("nb").orElseThrow().clean(), "only checkpoints: nothing to ask about");

        Files.writeString(clone.resolve("team/etl.ipynb"), "{}");
        Files.createDirectories(clone.resolve("my.ipynb_checkpoints"));
        Files.writeString(clone.resolve("my.ipynb_checkpoints/kept.ipynb"), "{}");
        assertEquals(List.of("?? my.ipynb_checkpoints/kept.ipynb", "?? team/etl.ipynb"), check("nb").orElseThrow().files());
    }

    @Test
    void unpushedCommitsAreListedOldestFirst() throws IOException {
        Path clone = cloneWithUpstream();
        GitRepos.commitFile(clone, "a.py", "a\n", "first");
        String first = GitRepos.head(clone);
        GitRepos.commitFile(clone, "b.py", "b\n", "second: with  spaces");
        String second = GitRepos.head(clone);
        assertEquals(List.of(first + " first", second + " second: with  spaces"), check("nb").orElseThrow().commits());
        GitRepos.git(clone, "push", "-q");
        assertTrue(check("nb").orElseThrow().clean());
    }

    @Test
    void aRepositoryWithoutCommitsListsItsFiles() throws IOException {
        Path repo = home.resolve("works/empty");
        GitRepos.initWithoutUpstream(repo, 0);
        Files.writeString(repo.resolve("nb.ipynb"), "{}");
        WorkTreeStatus s = check("empty").orElseThrow();
        assertEquals(List.of("?? nb.ipynb"), s.files());
        assertTrue(s.commits().isEmpty());
    }

    @Test
    void aFolderThatIsNoWorkTreeCannotBeChecked() throws IOException {
        Files.createDirectories(home.resolve("works/nb"));
        WadalException e = assertThrows(WadalException.class, () -> check("nb"));
        assertTrue(e.getMessage().contains("works/nb is not a git work tree"), e.getMessage());
    }

    @Test
    void theRepositoryNameIsQuoted() {
        String command = UnsavedWorkCheck.command("x'; touch pwned; '");
        assertTrue(command.startsWith("cd 'works/x'\\''; touch pwned; '\\''' "), command);
    }
}
