package io.wadal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** plan needs no AWS: these runs have no endpoint, no credentials and no region in the environment. */
class PlanCommandTest {
    @TempDir
    Path home;

    @BeforeEach
    void profile() throws IOException {
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), LifecycleCommandsTest.PROFILE
                + "export TAGS=\"team=data,note=pass-$GIT_PASS\"\n");
    }

    @Test
    void refusesAGitRepoThatCreateRefusesWithoutShowingItsPassword() {
        Result r = new WadalRun(home).run("plan", "p", "-p", "GIT_REPO=https://u:secretpw@host/a@b/c.git");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("GIT_REPO"), r.toString());
        assertFalse(r.err().contains("secretpw") || r.out().contains("secretpw"), r.toString());
    }

    @Test
    void printsASummaryOffline() {
        Result r = new WadalRun(home).run("plan", "p");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("ap-northeast-2"), r.out());
        assertTrue(r.out().contains("emr-7.5.0"), r.out());
        assertTrue(r.out().contains("r5.2xlarge"), r.out());
        assertTrue(r.out().contains("Core 2 × r5.2xlarge on-demand, 64 GiB gp3 each"), r.out());
        assertTrue(r.out().contains("Root volume     30 GiB per node (boot_eda.sh's default"), r.out());
        assertFalse(r.out().contains("hunter2"), r.out());
    }

    @Test
    void jsonIsTheFullRequestWithSecretsMasked() throws IOException {
        Result r = new WadalRun(home).run("plan", "--json", "p");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode request = new ObjectMapper().readTree(r.out());
        assertEquals("emr-7.5.0", request.get("ReleaseLabel").asText());
        assertEquals("team etl", request.get("Name").asText());
        assertEquals(7200, request.get("AutoTerminationPolicy").get("IdleTimeout").asLong());
        assertEquals(3, request.get("Instances").get("InstanceGroups").size());
        assertFalse(r.out().contains("hunter2"), r.out());
        assertTrue(r.out().contains("pass-****"), "a secret that reached a tag is shown masked: " + r.out());
    }

    @Test
    void overridesApplyAndBadOnesAreExit2() {
        Result r = new WadalRun(home).run("plan", "--json", "-p", "NUM_TASK_INSTANCE=0", "p");
        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(r.out().contains("\"TASK\""), r.out());

        Result bad = new WadalRun(home).run("plan", "p", "--set", "IDLE_TIMEOUT=soon");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("IDLE_TIMEOUT"), bad.toString());
    }

    @Test
    void aMistypedBootstrapAssetIsCaughtBeforeAnyCluster() {
        Result r = new WadalRun(home).run("plan", "p", "-p", "BOOTSTRAP_SCRIPT=boot_edaa.sh");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("boot_edaa.sh"), r.toString());
        Result ok = new WadalRun(home).run("plan", "p", "-p", "BOOTSTRAP_SCRIPT=boot_min.sh");
        assertTrue(ok.out().contains("s3://wadal-test-bucket/assets/boot_min.sh"), ok.toString());
    }

    @Test
    void aMissingProfileNamesTheAvailableOnes() {
        Result r = new WadalRun(home).run("plan", "nope");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("nope") && r.err().contains("p"), r.toString());
    }
}
