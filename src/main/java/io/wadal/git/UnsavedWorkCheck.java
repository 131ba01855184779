package io.wadal.git;

import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;
import io.wadal.shell.ShellQuote;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;

import java.util.Optional;

/**
 * Finds the unsaved work in the master's clone {@code works/<repo>} with one remote command:
 * modified, staged and untracked files (not Jupyter's {@code .ipynb_checkpoints/}), and commits
 * not on the upstream (every commit of HEAD when the branch has no upstream).
 */
public final class UnsavedWorkCheck {
    /** Jupyter's autosave copies (written on opening a notebook): not work of the user's to lose. */
    static final String NOT_CHECKPOINTS = ":(exclude,glob)**/.ipynb_checkpoints/**";

    private UnsavedWorkCheck() {
    }

    /**
     * The work tree's status; empty when {@code works/<repo>} does not exist (nothing to lose).
     *
     * @throws WadalException when the folder exists but git could not tell
     */
    public static Optional<WorkTreeStatus> check(RemoteShell master, String repo) {
        ExecResult r = master.run(command(repo), null);
        if (r.ok() && r.out().isEmpty()) {
            return Optional.empty();
        }
        if (!r.ok()) {
            String why = r.lastErrorLine();
            throw WadalException.failed("git status in works/" + repo + " failed (exit status " + r.exitStatus() + "): " + why);
        }
        try {
            return Optional.of(WorkTreeStatus.parse(r.out()));
        } catch (IllegalArgumentException e) {
            throw WadalException.failed("unexpected answer from git in works/" + repo + ": " + ExceptionText.of(e), e);
        }
    }

    /** The remote command; its output is what {@link WorkTreeStatus#parse} reads. */
    static String command(String repo) {
        String dir = ShellQuote.quote("works/" + repo);
        return "cd " + dir + " 2>/dev/null || exit 0; "
                + "[ -e .git ] || { echo " + ShellQuote.quote("works/" + repo + " is not a git work tree") + " >&2; exit 3; }; "
                + "printf '" + WorkTreeStatus.HEADER + "\\000' && "
                + "git --no-optional-locks status --porcelain=v1 -z --untracked-files=all -- . "
                + ShellQuote.quote(NOT_CHECKPOINTS) + " && printf '\\000' || exit 3; "
                + "if ! git rev-parse -q --verify HEAD >/dev/null; then printf 'no-commits\\000'; exit 0; fi; "
                + "if git rev-parse -q --verify '@{u}' >/dev/null 2>&1; "
                + "then printf 'upstream\\000'; range='@{u}..HEAD'; else printf 'no-upstream\\000'; range=HEAD; fi; "
                + "git log -z --reverse --format='%H %s' \"$range\" -- || exit 3";
    }
}
