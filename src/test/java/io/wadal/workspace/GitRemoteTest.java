package io.wadal.workspace;

import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GitRemoteTest {
    @Test
    void credentialsInTheUrlMoveOutOfIt() {
        GitRemote g = GitRemote.of("https://bob:p%40ss@git.example.com/team/notebooks.git/", null, null, null, "p");
        assertEquals("https://git.example.com/team/notebooks.git/", g.url());
        assertEquals("notebooks", g.dirName());
        assertEquals("bob", g.user());
        assertEquals("p@ss", g.password());
        assertTrue(g.usesPassword());
        assertEquals("url=https://git.example.com/team/notebooks.git/\nusername=bob\npassword=p@ss\n\n", g.credentialInput());
        assertFalse(g.toString().contains("p@ss"));
    }

    @Test
    void theUserInfoEndsAtTheLastAtOfTheHostPart() {
        GitRemote g = GitRemote.of("https://bob:p@ss@git.example.com:8443/team/notebooks.git", null, null, null, "p");
        assertEquals("https://git.example.com:8443/team/notebooks.git", g.url());
        assertEquals("bob", g.user());
        assertEquals("p@ss", g.password());
    }

    @Test
    void anAtAfterTheHostIsRefusedWithoutShowingWhatMayBeAPassword() {
        WadalException e = assertThrows(WadalException.class,
                () -> GitRemote.of("https://bob:pa/ss-9f3k@git.example.com/team/notebooks.git", null, null, null, "p"));
        assertEquals(2, e.exitCode());
        assertFalse(e.getMessage().contains("ss-9f3k"), e.getMessage());
        assertTrue(e.getMessage().contains("%2F"), e.getMessage());
    }

    @Test
    void anEncodedLineBreakInTheUrlsPasswordIsRefused() {
        WadalException e = assertThrows(WadalException.class,
                () -> GitRemote.of("https://bob:tok%0Ahost=evil@git.example.com/team/notebooks.git", null, null, null, "p"));
        assertEquals(2, e.exitCode());
        assertFalse(e.getMessage().contains("tok"), e.getMessage());
    }

    @Test
    void theProfilesUserAndPasswordWinAndATokenAloneLogsInAsGit() {
        GitRemote g = GitRemote.of("https://x:y@h/r", "dev", "alice", "secret", "p");
        assertEquals("alice", g.user());
        assertEquals("secret", g.password());
        assertEquals("dev", g.branch());
        assertEquals(GitRemote.DEFAULT_USER, GitRemote.of("https://h/r.git", null, null, "token", "p").user());
        assertNull(GitRemote.of("https://h/r.git", null, "alice", null, "p").password());
    }

    @Test
    void sshUrlsStoreNoPassword() {
        GitRemote g = GitRemote.of("git@github.com:team/notebooks.git", null, "alice", "secret", "p");
        assertEquals("notebooks", g.dirName());
        assertFalse(g.usesPassword());
    }

    @Test
    void thePasswordIsMaskedInEveryEncodingGitMayShow() {
        GitRemote g = GitRemote.of("https://h/r.git", null, "u", "a b/c~ü", "p");
        assertEquals(java.util.List.of("a b/c~ü", "a%20b%2Fc~%C3%BC", "a%20b%2fc~%c3%bc", "a+b%2Fc%7E%C3%BC", "a%20b%2Fc%7E%C3%BC"),
                g.passwordForms());
    }

    @Test
    void valuesGitOrTheShellCannotTakeAreUsageErrors() {
        assertThrows(WadalException.class, () -> GitRemote.of("https://h/my notebooks.git", null, null, null, "p"));
        assertThrows(WadalException.class, () -> GitRemote.of("https://h/..", null, null, null, "p"));
        assertThrows(WadalException.class, () -> GitRemote.of("https://h/r.git", "-x", null, null, "p"));
        WadalException e = assertThrows(WadalException.class, () -> GitRemote.of("https://h/r.git", null, "u", "a\nb", "p"));
        assertEquals(2, e.exitCode());
        assertFalse(e.getMessage().contains("a\nb"));
    }

    @Test
    void theSpecSendsTheNotebookEnvironmentAndS3KeysToJupyterAndMasksThem() {
        Profile p = new Profile("p", null, Map.of("RUN_NOTEBOOK_ENVS", "A=1 TOKEN=\"tok en-value\"", "AWS_S3_ACCESS_KEY", "AKIA123",
                "AWS_S3_SECRET_KEY", "s3secret", "JUPYTER_PORT", "9999", "JUPYTER_PUBLIC", "true"));
        WorkspaceSpec spec = WorkspaceSpec.of(p);
        assertEquals("A=1\nTOKEN=tok en-value\nAWS_S3_ACCESS_KEY=AKIA123\nAWS_S3_SECRET_KEY=s3secret\n", spec.notebookEnvLines());
        assertTrue(spec.secrets().containsAll(java.util.List.of("tok en-value", "AKIA123", "s3secret")), spec.secrets().toString());
        assertTrue(spec.git().isEmpty());
        assertEquals(9999, spec.jupyterPort());
        assertTrue(spec.jupyterPublic());
    }
}
