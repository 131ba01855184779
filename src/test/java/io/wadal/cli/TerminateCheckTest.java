package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.GitRepos;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** terminate's unsaved-work check: a real moto cluster, a real git clone on the fake master. */
@ExtendWith({MotoServer.class, FakeMaster.class})
@Slow
class TerminateCheckTest {
    private static final String QUESTION = "Are you sure to terminate (y/N)? ";

    @TempDir
    Path home;
    @TempDir
    Path origins;
    private MotoServer moto;
    private SshMaster master;
    private EmrClient emr;
    private Path clone;

    @BeforeEach
    void setUp(MotoServer moto, SshMaster master) throws IOException {
        this.moto = moto;
        this.master = master;
        this.clone = master.works().resolve("notebooks");
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), """
                export CLUSTER_NAME="team nb"
                export AWS_REGION=ap-northeast-2
                export AWS_EMR_LABEL=emr-7.5.0
                export INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
                export GIT_REPO=https://git.example.com/team/notebooks.git
                """ + master.profileLines());
        emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env());
    }

    private String create() {
        Result r = wadal().run("create", "p");
        assertEquals(0, r.exitCode(), r.toString());
        return r.out().trim();
    }

    private String state(String id) {
        return emr.describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString();
    }

    private void assertTerminated(String id, Result r) {
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("Cluster " + id + " terminated.\n", r.out());
        assertEquals("TERMINATED", state(id));
        assertFalse(Files.exists(home.resolve("clusters/p.json")));
    }

    private void assertKeptRunning(String id, Result r) {
        assertEquals(5, r.exitCode(), r.toString());
        assertEquals("", r.out());
        assertEquals("WAITING", state(id));
        assertTrue(Files.exists(home.resolve("clusters/p.json")));
    }

    @Test
    void aCleanWorkTreeTerminatesAtOnceAfterOneCommandOnTheMaster() throws IOException {
        GitRepos.cloneWithUpstream(origins.resolve("notebooks.git"), clone);
        String id = create();
        WadalRun run = wadal().terminal("n");

        Result r = run.run("terminate", "p");

        assertTerminated(id, r);
        assertEquals(List.of(), run.questions());
        assertEquals("", r.err());
        assertEquals(1, master.commands().size(), master.commands().toString());
    }

    @Test
    void unsavedWorkIsSnapshotToTheAutosaveBranchFirstAndTheListingSaysSo() throws IOException {
        // in the master's home: the master's user must be able to push to it (a real sshd logs in as another user)
        Path origin = Files.createDirectories(master.home().resolve("origins")).resolve("notebooks.git");
        GitRepos.cloneWithUpstream(origin, clone);
        Files.writeString(clone.resolve("README.md"), "changed\n");
        Files.writeString(clone.resolve("new.ipynb"), "{}\n");
        Path script = Files.createDirectories(master.home().resolve(".wadal")).resolve("wadal_autosave.sh");
        Files.copy(Path.of("assets/wadal_autosave.sh"), script);
        String id = create();
        WadalRun run = wadal().terminal("n");

        Result r = run.run("terminate", "p");

        assertKeptRunning(id, r);
        assertTrue(r.err().contains("?? new.ipynb\n\nThe work tree was autosaved less than a minute ago to branch wadal/autosave/"
                + id + ".\n\n"), r.toString());
        assertEquals("changed\n", GitRepos.git(origin, "-c", "safe.directory=*", "show", "wadal/autosave/" + id + ":README.md"));
        assertEquals("{}\n", GitRepos.git(origin, "-c", "safe.directory=*", "show", "wadal/autosave/" + id + ":new.ipynb"));
        assertEquals(" M README.md\n?? new.ipynb\n", GitRepos.git(clone, "-c", "safe.directory=*", "status", "--porcelain"),
                "the clone is as it was");
    }

    @Test
    void withoutAutosaveOnTheMasterTheListingSaysTheWorkIsLost() throws IOException {
        GitRepos.cloneWithUpstream(origins.resolve("notebooks.git"), clone);
        Files.writeString(clone.resolve("README.md"), "changed\n");
        String id = create();

        Result r = wadal().terminal("n").run("terminate", "p");

        assertKeptRunning(id, r);
        assertTrue(r.err().contains("Not autosaved: this master has no autosave"), r.toString());
    }

    @Test
    void withAutosaveOffNoFinalSnapshotIsPushed() throws IOException {
        Path origin = origins.resolve("notebooks.git");
        GitRepos.cloneWithUpstream(origin, clone);
        Files.writeString(clone.resolve("README.md"), "changed\n");
        Files.copy(Path.of("assets/wadal_autosave.sh"), Files.createDirectories(master.home().resolve(".wadal")).resolve("wadal_autosave.sh"));
        String id = create();

        Result r = wadal().terminal("n").run("terminate", "p", "--set", "AUTOSAVE_INTERVAL=off");

        assertKeptRunning(id, r);
        assertTrue(r.err().contains("Not autosaved: AUTOSAVE_INTERVAL is off; this work is lost with the cluster."), r.toString());
        assertEquals("", GitRepos.git(origin, "-c", "safe.directory=*", "for-each-ref", "refs/heads/wadal/"), "nothing pushed");
    }

    @Test
    void jupyterCheckpointsAloneAskNothing() throws IOException {
        GitRepos.cloneWithUpstream(origins.resolve("notebooks.git"), clone);
        Files.createDirectories(clone.resolve(".ipynb_checkpoints"));
        Files.writeString(clone.resolve(".ipynb_checkpoints/README-checkpoint.ipynb"), "{}");
        String id = create();
        WadalRun run = wadal().terminal("n");

        Result r = run.run("terminate", "p");

        assertTerminated(id, r);
        assertEquals(List.of(), run.questions());
    }

    @Test
    void aModifiedFileIsListedAndNoKeepsTheCluster() throws IOException {
        GitRepos.cloneWithUpstream(origins.resolve("notebooks.git"), clone);
        Files.writeString(clone.resolve("README.md"), "changed\n");
        String id = create();
        WadalRun run = wadal().terminal("n");

        Result r = run.run("terminate", "p");

        assertKeptRunning(id, r);
        assertTrue(r.err().startsWith("""
                There are 1 uncommitted file(s) and 0 unpushed commit(s)!!

                Uncommitted file(s)
                -------------------
                M README.md

                """), r.toString());
        assertEquals(List.of(QUESTION), run.questions());
        assertTrue(r.err().contains("keeps running"), r.toString());
    }

    @Test
    void aStagedFileIsListedAndYesTerminates() throws IOException {
        GitRepos.cloneWithUpstream(origins.resolve("notebooks.git"), clone);
        Files.createDirectories(clone.resolve("muo2/gp"));
        Files.writeString(clone.resolve("muo2/gp/etl.ipynb"), "{}");
        GitRepos.git(clone, "add", "muo2/gp/etl.ipynb");
        String id = create();
        WadalRun run = wadal().terminal("y");

        Result r = run.run("terminate", "p");

        assertTerminated(id, r);
        assertEquals("""
                There are 1 uncommitted file(s) and 0 unpushed commit(s)!!

                Uncommitted file(s)
                -------------------
                A muo2/gp/etl.ipynb

                Not autosaved: this master has no autosave ('wadal wait-ready p' starts it); this work is lost with the cluster.

                """, r.err());
        assertEquals(List.of(QUESTION), run.questions());
    }

    @Test
    void anUntrackedNotebookWithoutATerminalRefusesWithExit5() throws IOException {
        GitRepos.cloneWithUpstream(origins.resolve("notebooks.git"), clone);
        Files.createDirectories(clone.resolve("new"));
        Files.writeString(clone.resolve("new/analysis.ipynb"), "{}");
        String id = create();
        WadalRun run = wadal();

        Result r = run.run("terminate", "p");

        assertKeptRunning(id, r);
        assertTrue(r.err().startsWith("""
                There are 1 uncommitted file(s) and 0 unpushed commit(s)!!

                Uncommitted file(s)
                -------------------
                ?? new/analysis.ipynb

                """), r.toString());
        assertTrue(r.err().contains("no terminal") && r.err().contains("--force"), r.toString());
        assertEquals(List.of(), run.questions());
    }

    @Test
    void modifiedFilesAndUnpushedCommitsInTheOriginalsLayout() throws IOException {
        GitRepos.cloneWithUpstream(origins.resolve("notebooks.git"), clone);
        GitRepos.commitFile(clone, "muo2/gp/etl.ipynb", "{}", "test");
        String commit = GitRepos.head(clone);
        Files.writeString(clone.resolve("muo2/gp/etl.ipynb"), "{\"cells\": []}");
        String id = create();
        WadalRun run = wadal().terminal("");

        Result r = run.run("terminate", "p");

        assertKeptRunning(id, r);
        assertTrue(r.err().startsWith("""
                There are 1 uncommitted file(s) and 1 unpushed commit(s)!!

                Uncommitted file(s)
                -------------------
                M muo2/gp/etl.ipynb

                Unpushed commit(s)
                -------------------
                + %s test

                """.formatted(commit)), r.toString());
        assertEquals(List.of(QUESTION), run.questions());
    }

    @Test
    void withoutAnUpstreamEveryCommitIsUnpushed() throws IOException {
        GitRepos.initWithoutUpstream(clone, 1);
        String first = GitRepos.head(clone);
        GitRepos.commitFile(clone, "second.py", "2\n", "second commit");
        String second = GitRepos.head(clone);
        String id = create();
        WadalRun run = wadal().terminal("n");

        Result r = run.run("terminate", "p");

        assertKeptRunning(id, r);
        assertTrue(r.err().startsWith("""
                There are 0 uncommitted file(s) and 2 unpushed commit(s)!!

                Unpushed commit(s)
                -------------------
                + %s commit 1
                + %s second commit

                """.formatted(first, second)), r.toString());
    }

    @Test
    void anUnreachableMasterIsSaidAndAskedAbout() throws IOException {
        String id = create();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }

        Result refused = wadal().run("terminate", "p", "-p", "SSH_PORT=" + closed);
        assertKeptRunning(id, refused);
        assertTrue(refused.err().startsWith("could not check the master for unsaved work: cannot connect to the master "),
                refused.toString());
        assertTrue(refused.err().contains("connection refused") && refused.err().contains("--force"), refused.toString());
        assertFalse(refused.err().contains("wait-ready"), "a cluster being terminated is not one to wait for: " + refused);

        WadalRun no = wadal().terminal("n");
        assertKeptRunning(id, no.run("terminate", "p", "-p", "SSH_PORT=" + closed));
        assertEquals(List.of("Terminate cluster " + id + " (team nb) anyway? (y/N) "), no.questions());

        assertTerminated(id, wadal().terminal("y").run("terminate", "p", "-p", "SSH_PORT=" + closed));
    }

    @Test
    void forceDoesNotTouchTheMaster() throws IOException {
        GitRepos.cloneWithUpstream(origins.resolve("notebooks.git"), clone);
        Files.writeString(clone.resolve("README.md"), "changed\n");
        String id = create();

        assertTerminated(id, wadal().run("terminate", "--force", "p"));
        assertEquals(List.of(), master.commands());
    }

    @Test
    void withoutAClonedRepositoryThereIsNothingToLose() {
        String id = create();
        assertTerminated(id, wadal().run("terminate", "p"));
        assertEquals(1, master.commands().size());
    }

    @Test
    void withoutGitRepoTheMasterIsNotAsked() throws IOException {
        Path profile = home.resolve("profiles/p");
        Files.writeString(profile, Files.readString(profile).replaceAll("(?m)^export GIT_REPO=.*\n", ""));
        String id = create();
        assertTerminated(id, wadal().run("terminate", "p"));
        assertEquals(List.of(), master.commands());
    }
}
