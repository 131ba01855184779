package io.wadal.workspace;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.RemoteShell;
import io.wadal.testing.FakeTime;
import io.wadal.testing.LocalShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The setup's timeouts, scripted (a master whose Jupyter never gets ready within the time
 * given), and its clone step run by a local shell with a scripted git.
 */
class WorkspaceSetupTest {
    private static final int PORT = 8192;
    private static final WorkspaceSpec NO_REPO = new WorkspaceSpec(Optional.empty(), null, null, Map.of(), Map.of(), PORT,
            "lab", false, List.of());

    @TempDir
    Path home;
    private final FakeTime time = new FakeTime();
    private final List<String> progress = new ArrayList<>();
    private final WorkspaceSetup setup = new WorkspaceSetup("#!/bin/bash\n".getBytes(StandardCharsets.UTF_8), time,
            time::sleep, progress::add);

    private static RemoteShell master(ExecResult start, ExecResult list, ExecResult probe) {
        RemoteShell master = mock(RemoteShell.class);
        when(master.exec(anyString(), any(), any(), any())).thenReturn(0);
        when(master.run(anyString(), any())).thenReturn(new ExecResult(0, "", ""));
        when(master.run(contains("run_jupyter.sh start"), any())).thenReturn(start);
        when(master.run(contains("jupyter server list --json"), any())).thenReturn(list);
        when(master.run(contains("api/status"), any())).thenReturn(probe);
        return master;
    }

    @Test
    void aJupyterThatDoesNotListenBeforeTheTimeoutIsExit4() {
        RemoteShell master = master(new ExecResult(124, "", "Jupyter (pid 7) does not listen on port 8192 after 60s"),
                new ExecResult(0, "", ""), new ExecResult(0, "0\n", ""));

        WadalException e = assertThrows(WadalException.class, () -> setup.ensureReady(master, NO_REPO, Duration.ofMinutes(1)));

        assertEquals(ExitCodes.TIMED_OUT, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("longer --timeout"), e.getMessage());
    }

    @Test
    void aJupyterThatNeverAnswersIsExit4OnceTheTimeRunsOutNotAfterAllAttempts() {
        String listed = "{\"port\": 8192, \"token\": \"t\", \"base_url\": \"/\", \"hostname\": \"localhost\", \"pid\": 7}\n";
        RemoteShell master = master(new ExecResult(0, "", ""), new ExecResult(0, listed, ""), new ExecResult(0, "403\n", ""));

        WadalException e = assertThrows(WadalException.class, () -> setup.ensureReady(master, NO_REPO, Duration.ofSeconds(3)));

        assertEquals(ExitCodes.TIMED_OUT, e.exitCode(), e.getMessage());
        assertEquals(3, time.sleeps.size(), "it stopped at the deadline: " + time.sleeps);
    }

    @Test
    void aJupyterThatNeverAnswersWithinTheTimeGivenIsExit1AfterItsAttempts() {
        String listed = "{\"port\": 8192, \"token\": \"t\", \"base_url\": \"/\", \"hostname\": \"localhost\", \"pid\": 7}\n";
        RemoteShell master = master(new ExecResult(0, "", ""), new ExecResult(0, listed, ""), new ExecResult(0, "403\n", ""));

        WadalException e = assertThrows(WadalException.class, () -> setup.ensureReady(master, NO_REPO, Duration.ofHours(1)));

        assertEquals(ExitCodes.FAILED, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("does not answer with its token (HTTP 403)"), e.getMessage());
    }

    @Test
    void aCloneThatAnotherSetupFinishedMeanwhileIsKeptAndNothingIsNestedInIt() throws IOException {
        // This git clones, but another wadal's clone reaches works/nb first.
        Path bin = fakeGit("mkdir -p works/nb/.git && echo theirs > works/nb/README; mkdir -p \"$dest/.git\"");
        ExecResult r = clone(bin);

        assertEquals(0, r.exitStatus(), r.toString());
        assertEquals("present", r.out().strip());
        assertEquals("theirs\n", Files.readString(home.resolve("works/nb/README")));
        try (var files = Files.list(home.resolve("works/nb"))) {
            assertEquals(List.of(".git", "README"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        try (var files = Files.list(home.resolve("works"))) {
            assertEquals(List.of("nb"), files.map(f -> f.getFileName().toString()).toList(), "the temporary folder is gone");
        }
    }

    @Test
    void aCloneIsRenamedIntoPlaceAndAFailedOneLeavesNothing() throws IOException {
        ExecResult r = clone(fakeGit("mkdir -p \"$dest/.git\""));
        assertEquals("cloned", r.out().strip(), r.toString());
        assertTrue(Files.isDirectory(home.resolve("works/nb/.git")));

        Files.walk(home.resolve("works")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        r = clone(fakeGit("echo 'fatal: Remote branch dev not found' >&2; exit 128"));
        assertEquals(128, r.exitStatus(), r.toString());
        assertFalse(Files.exists(home.resolve("works/nb")));
        try (var files = Files.list(home.resolve("works"))) {
            assertEquals(List.of(), files.toList(), "the temporary folder is gone");
        }
    }

    private ExecResult clone(Path bin) throws IOException {
        Files.createDirectories(home.resolve("works"));
        GitRemote g = GitRemote.of("https://git.example.com/team/nb.git", "dev", null, null, "p");
        return new LocalShell(home, Map.of("PATH", bin + ":/usr/bin:/bin")).run(WorkspaceSetup.cloneCommand(g, 60), null);
    }

    /** A git whose clone runs BODY with $dest the clone's target folder. */
    private Path fakeGit(String body) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin-" + System.nanoTime()));
        Path git = bin.resolve("git");
        Files.writeString(git, "#!/bin/sh\nfor a; do dest=$a; done\n" + body + "\n");
        Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
