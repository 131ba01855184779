package io.wadal.workspace;

import io.wadal.ssh.RemoteShell.ExecResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the master says of its autosave reaches the terminal only when it is a branch and a sha, never its other text. */
class AutosaveAnswersTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void onlyWellFormedBranchesOfEarlierClustersAreNamed() {
        String out = SHA + " wadal/autosave/j-2AXXXXXXGAPLF\n"
                + SHA + " wadal/autosave/j-EVIL\u001b]0;owned\u0007\n"
                + "not-a-sha wadal/autosave/j-3\n"
                + SHA + " main\n";
        assertEquals(List.of(new Autosave.Branch(SHA, "wadal/autosave/j-2AXXXXXXGAPLF")), Autosave.branches(out));
    }

    @Test
    void theLastSnapshotIsBelievedOnlyWithAPlainAgeAndBranch() {
        assertEquals(Optional.of(new Autosave.Snapshot(Duration.ofSeconds(240), "wadal/autosave/j-1")),
                Autosave.status(new ExecResult(0, "pushed_at=1\nage=240\nbranch=wadal/autosave/j-1\nloop=running\n", "")));
        assertEquals("autosaved 4 min ago to branch wadal/autosave/j-1",
                Autosave.status(new ExecResult(0, "age=240\nbranch=wadal/autosave/j-1\n", "")).orElseThrow().describe());
        assertEquals(Optional.empty(), Autosave.status(new ExecResult(0, "age=240\nbranch=wadal/autosave/j-1\u001b[2J\n", "")));
        assertEquals(Optional.empty(), Autosave.status(new ExecResult(0, "age=soon\nbranch=wadal/autosave/j-1\n", "")));
    }
}
