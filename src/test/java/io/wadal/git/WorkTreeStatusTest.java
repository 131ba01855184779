package io.wadal.git;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkTreeStatusTest {
    private static String report(String... fields) {
        return String.join("\0", fields);
    }

    @Test
    void readsStatusCodesAsGitStatusShortShowsThem() {
        WorkTreeStatus s = WorkTreeStatus.parse(report("wadal-worktree-v1", " M muo2/gp/etl.ipynb", "M  staged.py",
                "MM both.py", "A  added.py", " D gone.py", "?? new notebook.ipynb", "", "upstream", ""));
        assertEquals(List.of("M muo2/gp/etl.ipynb", "M staged.py", "MM both.py", "A added.py", "D gone.py",
                "?? new notebook.ipynb"), s.files());
        assertTrue(s.commits().isEmpty());
        assertFalse(s.clean());
    }

    @Test
    void aRenameShowsWhereItCameFrom() {
        WorkTreeStatus s = WorkTreeStatus.parse(report("wadal-worktree-v1", "R  new.py", "old.py", "?? x", "", "upstream", ""));
        assertEquals(List.of("R old.py -> new.py", "?? x"), s.files());
    }

    @Test
    void commitsKeepTheirOrderAndSubjects() {
        WorkTreeStatus s = WorkTreeStatus.parse(report("wadal-worktree-v1", "", "no-upstream",
                "97c378a961216683ae76bc6c8b914567b1a45665 test", "1111111111111111111111111111111111111111 fix: a  b", ""));
        assertEquals(List.of("97c378a961216683ae76bc6c8b914567b1a45665 test",
                "1111111111111111111111111111111111111111 fix: a  b"), s.commits());
    }

    @Test
    void aCleanTreeIsClean() {
        assertTrue(WorkTreeStatus.parse(report("wadal-worktree-v1", "", "upstream", "")).clean());
        assertTrue(WorkTreeStatus.parse(report("wadal-worktree-v1", "", "no-commits", "")).clean());
        assertTrue(WorkTreeStatus.parse(report("wadal-worktree-v1", "", "upstream")).clean());
    }

    @Test
    void aPathMayHoldNewlinesAndArrows() {
        WorkTreeStatus s = WorkTreeStatus.parse(report("wadal-worktree-v1", "?? a\nb -> c", "", "upstream", ""));
        assertEquals(List.of("?? a\nb -> c"), s.files());
    }

    @Test
    void somethingElseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WorkTreeStatus.parse("fatal: not a git repository\n"));
        assertThrows(IllegalArgumentException.class, () -> WorkTreeStatus.parse(report("wadal-worktree-v1", " M x")));
        assertThrows(IllegalArgumentException.class, () -> WorkTreeStatus.parse(report("wadal-worktree-v1", "", "maybe", "")));
        assertThrows(IllegalArgumentException.class, () -> WorkTreeStatus.parse(report("wadal-worktree-v1", "Mx", "", "upstream")));
    }

    @Test
    void theReportIsTheOriginalsLayout() {
        WorkTreeStatus s = new WorkTreeStatus(List.of("M muo2/gp/etl.ipynb"), List.of("97c378a961216683ae76bc6c8b914567b1a45665 test"));
        assertEquals("""
                There are 1 uncommitted file(s) and 1 unpushed commit(s)!!

                Uncommitted file(s)
                -------------------
                M muo2/gp/etl.ipynb

                Unpushed commit(s)
                -------------------
                + 97c378a961216683ae76bc6c8b914567b1a45665 test

                """, s.report());
    }

    @Test
    void anEmptySectionIsLeftOut() {
        assertEquals("""
                There are 0 uncommitted file(s) and 2 unpushed commit(s)!!

                Unpushed commit(s)
                -------------------
                + a one
                + b two

                """, new WorkTreeStatus(List.of(), List.of("a one", "b two")).report());
        assertEquals("""
                There are 1 uncommitted file(s) and 0 unpushed commit(s)!!

                Uncommitted file(s)
                -------------------
                ?? new.ipynb

                """, new WorkTreeStatus(List.of("?? new.ipynb"), List.of()).report());
    }
}
