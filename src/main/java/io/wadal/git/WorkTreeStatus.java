package io.wadal.git;

import java.util.ArrayList;
import java.util.List;

/**
 * What would be lost with a git work tree: files modified, staged or untracked, each as
 * {@code git status --short} names it ({@code M nb.ipynb}, {@code ?? new.ipynb},
 * {@code R old -> new}), and commits not pushed ({@code <hash> <subject>}, oldest first).
 */
public record WorkTreeStatus(List<String> files, List<String> commits) {
    /** First field of {@link UnsavedWorkCheck}'s output: says the rest follows this format. */
    static final String HEADER = "wadal-worktree-v1";

    public WorkTreeStatus {
        files = List.copyOf(files);
        commits = List.copyOf(commits);
    }

    public boolean clean() {
        return files.isEmpty() && commits.isEmpty();
    }

    /**
     * Parses NUL-separated fields: the header; {@code git status --porcelain=v1 -z} entries
     * (a rename's or copy's entry is followed by its original path); an empty field; one of
     * {@code upstream}, {@code no-upstream}, {@code no-commits}; then {@code git log -z
     * --format='%H %s'} entries.
     */
    public static WorkTreeStatus parse(String output) {
        String[] fields = output.split("\0", -1);
        if (fields.length == 0 || !fields[0].equals(HEADER)) {
            throw new IllegalArgumentException("not a work tree report: " + abbreviate(output));
        }
        List<String> files = new ArrayList<>();
        int i = 1;
        for (; i < fields.length && !fields[i].isEmpty(); i++) {
            String entry = fields[i];
            if (entry.length() < 4 || entry.charAt(2) != ' ') {
                throw new IllegalArgumentException("unexpected git status entry: " + abbreviate(entry));
            }
            String code = entry.substring(0, 2).strip();
            String path = entry.substring(3);
            if (isRenameOrCopy(entry) && i + 1 < fields.length) {
                path = fields[++i] + " -> " + path;
            }
            files.add(code + " " + path);
        }
        if (i >= fields.length) {
            throw new IllegalArgumentException("work tree report ends before the commits");
        }
        i++;
        String upstream = i < fields.length ? fields[i] : "";
        if (!List.of("upstream", "no-upstream", "no-commits").contains(upstream)) {
            throw new IllegalArgumentException("unexpected upstream marker: " + abbreviate(upstream));
        }
        List<String> commits = new ArrayList<>();
        for (i++; i < fields.length; i++) {
            // git log -z separates commits with NUL; a newline may trail the last one.
            String commit = fields[i].strip();
            if (!commit.isEmpty()) {
                commits.add(commit);
            }
        }
        return new WorkTreeStatus(files, commits);
    }

    /** The original wadal's warning, up to (not including) its question. */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append("There are ").append(files.size()).append(" uncommitted file(s) and ")
                .append(commits.size()).append(" unpushed commit(s)!!\n\n");
        if (!files.isEmpty()) {
            b.append("Uncommitted file(s)\n-------------------\n");
            files.forEach(f -> b.append(f).append('\n'));
            b.append('\n');
        }
        if (!commits.isEmpty()) {
            b.append("Unpushed commit(s)\n-------------------\n");
            commits.forEach(c -> b.append("+ ").append(c).append('\n'));
            b.append('\n');
        }
        return b.toString();
    }

    private static boolean isRenameOrCopy(String entry) {
        char x = entry.charAt(0);
        char y = entry.charAt(1);
        return x == 'R' || x == 'C' || y == 'R' || y == 'C';
    }

    private static String abbreviate(String s) {
        String visible = s.replace('\0', '|');
        return visible.length() > 80 ? visible.substring(0, 80) + "…" : visible;
    }
}
