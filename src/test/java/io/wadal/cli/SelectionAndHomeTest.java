package io.wadal.cli;

import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Home resolution and profile selection, through the offline plan command. */
class SelectionAndHomeTest {
    @TempDir
    Path dir;

    private static final String PROFILE = """
            AWS_REGION=eu-west-1
            AWS_EMR_LABEL=emr-7.5.0
            INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
            """;

    @BeforeEach
    void profiles() throws IOException {
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/p"), PROFILE + "CLUSTER_NAME=from-p\n");
        Files.writeString(dir.resolve("profiles/q"), PROFILE + "CLUSTER_NAME=from-q\n");
    }

    private Result plan(WadalRun run, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "plan";
        System.arraycopy(args, 0, all, 1, args.length);
        return run.run(all);
    }

    private static String clusterOf(Result r) {
        assertEquals(0, r.exitCode(), r.toString());
        return r.out().lines().filter(l -> l.startsWith("Cluster ")).findFirst().orElseThrow().substring(8).trim();
    }

    @Test
    void aCommandOnAProfileWithoutARecordSaysWhetherTheProfileExists() {
        Result known = new WadalRun(dir).run("state", "p");
        assertEquals(2, known.exitCode(), known.toString());
        assertTrue(known.err().contains("no cluster recorded for profile 'p'") && known.err().contains("wadal create p"),
                known.toString());

        Result typo = new WadalRun(dir).run("state", "nosuch");
        assertEquals(2, typo.exitCode(), typo.toString());
        assertTrue(typo.err().contains("no profile 'nosuch' in " + dir.resolve("profiles")), typo.toString());
        assertTrue(typo.err().contains("'wadal profiles' lists the profiles"), typo.toString());
        assertFalse(typo.err().contains("wadal create nosuch"), typo.toString());
    }

    @Test
    void theProfileComesFromDashPThenTheArgumentThenTheEnvironment() {
        assertEquals("from-p", clusterOf(plan(new WadalRun(dir), "p")));
        assertEquals("from-q", clusterOf(plan(new WadalRun(dir), "-P", "q")));
        assertEquals("from-q", clusterOf(new WadalRun(dir).run("-P", "q", "plan")));
        assertEquals("from-q", clusterOf(new WadalRun(dir).run("--profile=q", "plan")));
        assertEquals("from-p", clusterOf(plan(new WadalRun(dir).env("PROFILE", "p"))));
        assertEquals("from-q", clusterOf(plan(new WadalRun(dir).env("WADAL_PROFILE", "q"))));
        assertEquals("from-q", clusterOf(plan(new WadalRun(dir).env("PROFILE", "p"), "q")), "an argument beats $PROFILE");
    }

    @Test
    void aProfileGivenTwiceIsAUsageError() {
        Result r = plan(new WadalRun(dir), "-P", "p", "q");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("profile given twice"), r.toString());
    }

    @Test
    void overridesWorkBeforeAndAfterTheCommandName() {
        assertEquals("cli", clusterOf(new WadalRun(dir).run("-p", "CLUSTER_NAME=cli", "plan", "p")));
        assertEquals("cli2", clusterOf(new WadalRun(dir).run("-p", "CLUSTER_NAME=cli", "plan", "--set", "CLUSTER_NAME=cli2", "p")));
    }

    @Test
    void homeComesFromTheOptionThenWadalHomeThenTheCurrentDirectory(@TempDir Path other) throws IOException {
        Files.createDirectories(other.resolve("profiles"));
        Files.writeString(other.resolve("profiles/p"), PROFILE + "CLUSTER_NAME=other-home\n");

        assertEquals("from-p", clusterOf(plan(new WadalRun(dir), "p")), "the current directory has profiles/");
        assertEquals("other-home", clusterOf(plan(new WadalRun(dir).env("WADAL_HOME", other.toString()), "p")));
        assertEquals("other-home", clusterOf(plan(new WadalRun(dir), "--home", other.toString(), "p")));
        assertEquals("from-p", clusterOf(new WadalRun(other).env("WADAL_HOME", other.toString())
                .run("--home", dir.toString(), "plan", "p")), "--home beats WADAL_HOME");
    }

    @Test
    void aHomeThatIsNotADirectoryIsAUsageError() {
        Result r = plan(new WadalRun(dir), "--home", dir.resolve("nope").toString(), "p");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("nope"), r.toString());
    }

    @Test
    void withoutProfilesHereTheHomeIsAPrivateDotWadal(@TempDir Path elsewhere) throws IOException {
        // WadalRun's user home is <cwd>/user-home; this cwd has no profiles/.
        Result r = new WadalRun(elsewhere).run("profiles");
        assertEquals(0, r.exitCode(), r.toString());
        Path home = elsewhere.resolve("user-home/.wadal");
        assertTrue(Files.isDirectory(home.resolve("profiles")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertTrue(r.err().contains("copy profile.template"), r.toString());
    }

    @Test
    void verboseErrorsCarryTheStackTraceAndPlainOnesDoNot() throws IOException {
        Files.writeString(dir.resolve("profiles/bad"), "NUM_CORE_INSTANCE=two\n");
        Result plain = plan(new WadalRun(dir), "bad");
        assertEquals(2, plain.exitCode());
        assertEquals(1, plain.err().lines().count(), plain.err());
        Result verbose = plan(new WadalRun(dir), "-v", "bad");
        assertEquals(2, verbose.exitCode());
        assertTrue(verbose.err().contains("\tat io.wadal."), verbose.err());
    }

    @Test
    void profilesListsEveryProfile() {
        Result r = new WadalRun(dir).run("profiles", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("\"name\" : \"p\"") && r.out().contains("\"name\" : \"q\""), r.out());
        assertFalse(r.out().contains("\"cluster\" : \"j-"), r.out());
    }

    @Test
    void completionScriptCoversTheCommands() {
        Result r = new WadalRun(dir).run("generate-completion");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("wait-ready") && r.out().contains("upload-assets"), "completion script");
    }

    @Test
    void noCommandPrintsUsageAndExits2() {
        Result r = new WadalRun(dir).run();
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Usage: wadal"), r.toString());
    }
}
