package io.wadal.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real git repositories for tests, made with the git command line. */
public final class GitRepos {
    private GitRepos() {
    }

    /**
     * A bare "origin" at {@code bare} and a clone of it at {@code clone} tracking origin/main,
     * with one pushed commit (README.md) and a local identity.
     */
    public static void cloneWithUpstream(Path bare, Path clone) throws IOException {
        git(bare.getParent(), "init", "-q", "--bare", "-b", "main", bare.toString());
        git(clone.getParent(), "clone", "-q", bare.toString(), clone.toString());
        identity(clone);
        git(clone, "symbolic-ref", "HEAD", "refs/heads/main");
        commitFile(clone, "README.md", "notebooks\n", "initial");
        git(clone, "push", "-q", "-u", "origin", "main");
    }

    /** A repository with commits and no remote at all. */
    public static void initWithoutUpstream(Path dir, int commits) throws IOException {
        Files.createDirectories(dir);
        git(dir, "init", "-q", "-b", "main");
        identity(dir);
        for (int i = 1; i <= commits; i++) {
            commitFile(dir, "file" + i + ".txt", "v" + i + "\n", "commit " + i);
        }
    }

    public static void commitFile(Path repo, String file, String content, String message) throws IOException {
        Path f = repo.resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        git(repo, "add", "--", file);
        git(repo, "commit", "-q", "-m", message);
    }

    public static String head(Path repo) throws IOException {
        return git(repo, "rev-parse", "HEAD").strip();
    }

    /** Runs git in dir; fails the test on a non-zero status. Returns stdout. */
    public static String git(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed in " + dir + ":\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static void identity(Path repo) throws IOException {
        git(repo, "config", "user.name", "Wadal Test");
        git(repo, "config", "user.email", "test@wadal.invalid");
        git(repo, "config", "commit.gpgsign", "false");
    }
}
