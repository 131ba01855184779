package io.wadal.cli;

import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import io.wadal.testing.TestFiles;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broken record of one profile, in each form it takes, against the AWS emulator: that
 * profile's commands stop with exit 2 naming the file and the fix, the listings, --adopt and
 * --prune go on with the others, and --repair lets the profile be used again.
 */
@ExtendWith(MotoServer.class)
@Slow
class BrokenRecordsTest {
    @TempDir
    Path home;
    private MotoServer moto;
    private EmrClient emr;

    /** How p's record is broken; {@code file} is the one that is. */
    enum Form {
        EMPTY("p.json"), TRUNCATED("p.json"), NOT_JSON("p.json"), NUL_FILLED("p.json"), ARRAY("p.json"),
        SYMLINK("p.json"), ID_NOT_A_CLUSTER_ID("p.json"), ID_FILE_NOT_A_CLUSTER_ID("p_cluster.id");

        final String file;

        Form(String file) {
            this.file = file;
        }
    }

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        Files.createDirectories(home.resolve("profiles"));
        for (String p : new String[] {"p", "q", "r"}) {
            TestFiles.writePrivate(home.resolve("profiles/" + p), LifecycleCommandsTest.PROFILE.replace("team etl", "cluster " + p));
        }
        emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env());
    }

    private String create(String profile) {
        Result r = wadal().run("create", profile);
        assertEquals(0, r.exitCode(), r.toString());
        return r.out().trim();
    }

    private String state(String id) {
        return emr.describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString();
    }

    private void breakRecord(Form form) throws IOException {
        Path json = home.resolve("clusters/p.json");
        switch (form) {
            case EMPTY -> Files.writeString(json, "");
            case TRUNCATED -> Files.writeString(json, Files.readString(json).substring(0, 20));
            case NOT_JSON -> Files.writeString(json, "id=j-123\n");
            case NUL_FILLED -> Files.write(json, new byte[512]);
            case ARRAY -> Files.writeString(json, "[\"j-123\"]");
            case SYMLINK -> {
                // A link to a record that would be usable: still not followed.
                Path elsewhere = home.resolve("elsewhere.json");
                Files.move(json, elsewhere);
                Files.createSymbolicLink(json, elsewhere);
            }
            case ID_NOT_A_CLUSTER_ID -> Files.writeString(json, Files.readString(json)
                    .replaceFirst("\"id\" : \"j-[0-9A-Z]+\"", "\"id\" : \"not-a-cluster\\\\u001b[2J\""));
            case ID_FILE_NOT_A_CLUSTER_ID -> {
                // The bash original's file alone, as it is after a migration.
                Files.delete(json);
                Files.writeString(home.resolve("clusters/p_cluster.id"), "j-123 ; rm -rf ~\n");
            }
        }
    }

    private static void assertNamesTheFileAndTheFix(Result r, Path file) {
        String line = "the record of profile 'p' is broken: " + file;
        assertTrue(r.err().contains(line), r.toString());
        assertTrue(r.err().contains("run 'wadal clusters --repair p' (moves it aside) or remove the file"), r.toString());
        assertTrue(r.err().chars().noneMatch(c -> c < 0x20 && c != '\n'), "no control characters reach the terminal: " + r);
        assertFalse(r.err().contains("jackson") || r.err().contains("Exception"), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void aBrokenRecordStopsItsProfileWithExit2AndNeverTheOthers(Form form) throws IOException {
        String p = create("p");
        String q = create("q");
        String r = create("r");
        Files.delete(home.resolve("clusters/r.json"));
        Files.delete(home.resolve("clusters/r_cluster.id"));
        breakRecord(form);
        Path broken = home.resolve("clusters/" + form.file);
        byte[] brokenBytes = Files.readAllBytes(broken);
        String key = "EC2_KEY_PAIR_PATH=" + Files.writeString(home.resolve("key.pem"), "not read");

        // That profile's commands: exit 2, one line, before any AWS call (nothing listens on port 9).
        for (String[] args : new String[][] {{"state", "p"}, {"terminate", "--force", "p"}, {"terminate", "p"},
                {"create", "p"}, {"wait-ready", "p", "-p", key}, {"url", "p", "-p", key}, {"ssh", "p", "-p", key}}) {
            Result res = wadal().env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").run(args);
            assertEquals(2, res.exitCode(), String.join(" ", args) + ": " + res);
            assertEquals(1, res.err().lines().count(), res.toString());
            assertNamesTheFileAndTheFix(res, broken);
        }
        Result forced = wadal().run("terminate", "--force", "p");
        assertEquals(2, forced.exitCode(), forced.toString());
        assertEquals("WAITING", state(p));
        assertTrue(Files.exists(broken, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the broken record is kept");
        assertEquals(3, emr.listClusters().clusters().size(), "create launched nothing");

        // Listings: a warning and a row for p, the others as usual.
        Result profiles = wadal().run("profiles");
        assertEquals(0, profiles.exitCode(), profiles.toString());
        assertTrue(profiles.out().lines().anyMatch(l -> l.matches("p +\\(broken record\\)")), profiles.out());
        assertTrue(profiles.out().lines().anyMatch(l -> l.matches("q +" + q)), profiles.out());
        assertNamesTheFileAndTheFix(profiles, broken);
        Result profilesJson = wadal().run("profiles", "--json");
        assertEquals(0, profilesJson.exitCode(), profilesJson.toString());
        assertTrue(profilesJson.out().contains("\"brokenRecord\" : \"the record of profile 'p' is broken: "), profilesJson.out());
        assertTrue(profilesJson.out().contains("\"cluster\" : \"" + q + "\""), profilesJson.out());

        Result adopt = wadal().run("clusters", "--adopt");
        assertEquals(0, adopt.exitCode(), adopt.toString());
        assertTrue(adopt.err().contains("Adopted " + r), adopt.toString());
        assertTrue(adopt.err().contains("warning: not adopting " + p), adopt.toString());
        assertTrue(adopt.out().lines().anyMatch(l -> l.matches("p +- +BROKEN.*")), adopt.out());
        assertTrue(adopt.out().lines().anyMatch(l -> l.startsWith("q ") && l.contains(q) && l.contains("WAITING")), adopt.out());
        assertTrue(adopt.out().lines().anyMatch(l -> l.startsWith("r ") && l.contains(r) && l.contains("WAITING")), adopt.out());
        assertNamesTheFileAndTheFix(adopt, broken);
        assertTrue(Files.exists(home.resolve("clusters/r.json")));

        Result json = wadal().run("clusters", "--json");
        assertEquals(0, json.exitCode(), json.toString());
        assertTrue(json.out().contains("\"state\" : \"BROKEN\""), json.out());
        assertTrue(json.out().contains("\"brokenRecord\" : \"the record of profile 'p' is broken: "), json.out());
        assertTrue(json.out().contains("\"id\" : \"" + q + "\""), json.out());

        emr.terminateJobFlows(b -> b.jobFlowIds(q));
        Result prune = wadal().run("clusters", "--prune");
        assertEquals(0, prune.exitCode(), prune.toString());
        assertTrue(prune.err().contains("Pruned q"), prune.toString());
        assertFalse(Files.exists(home.resolve("clusters/q.json")));
        assertTrue(Files.exists(broken, java.nio.file.LinkOption.NOFOLLOW_LINKS), "a broken record is never pruned");

        // --repair: moved aside, byte for byte; then p can be used again.
        Result repair = wadal().env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").run("clusters", "--repair", "p");
        assertEquals(0, repair.exitCode(), repair.toString());
        Path aside = home.resolve("clusters/" + form.file + ".broken-20261121T100000Z");
        assertTrue(repair.err().contains("Moved " + broken + " aside to " + aside + ": it "), repair.toString());
        assertFalse(Files.exists(broken, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals(new String(brokenBytes, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(Files.readAllBytes(aside), java.nio.charset.StandardCharsets.ISO_8859_1));
        if (form == Form.ID_FILE_NOT_A_CLUSTER_ID) {
            assertTrue(repair.err().contains("'wadal clusters --adopt' records its cluster again"), repair.toString());
            Result readopt = wadal().run("clusters", "--adopt");
            assertTrue(readopt.err().contains("Adopted " + p), readopt.toString());
        } else {
            // The id file wadal wrote with the record still holds p's cluster.
            assertTrue(repair.err().contains("now uses cluster " + p), repair.toString());
        }
        Result after = wadal().run("state", "p");
        assertEquals(0, after.exitCode(), after.toString());
        assertTrue(after.out().contains("WAITING"), after.toString());
        Result again = wadal().run("clusters", "--repair", "p");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("nothing to repair"), again.toString());
    }

    @Test
    void aListingWithOneBrokenAndOneGoodProfileShowsBoth() throws IOException {
        String q = create("q");
        Files.createDirectories(home.resolve("clusters"));
        Files.writeString(home.resolve("clusters/p.json"), "{\"id\" : \"j-");

        Result list = wadal().run("clusters");

        assertEquals(0, list.exitCode(), list.toString());
        assertEquals(3, list.out().lines().count(), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.matches("p +- +BROKEN +- +- +- +")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("q ") && l.contains(q) && l.contains("WAITING")), list.out());
        assertEquals("warning: the record of profile 'p' is broken: " + home.resolve("clusters/p.json")
                + " is truncated (it ends in the middle of the JSON); run 'wadal clusters --repair p' (moves it aside)"
                + " or remove the file\n", list.err());
    }

    @Test
    void repairWithoutARecordOrWithOtherOptions() throws IOException {
        Result none = wadal().run("clusters", "--repair", "p");
        assertEquals(0, none.exitCode(), none.toString());
        assertTrue(none.err().contains("No record of profile 'p'"), none.toString());

        Result mixed = wadal().run("clusters", "--repair", "p", "--prune");
        assertEquals(2, mixed.exitCode(), mixed.toString());

        Result hostile = wadal().run("clusters", "--repair", "../p");
        assertEquals(2, hostile.exitCode(), hostile.toString());
        assertTrue(hostile.err().contains("invalid profile name"), hostile.toString());
    }

    @Test
    void recordsWrittenByCreateAreOwnerOnly() throws IOException {
        create("q");
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("clusters"))));
        for (String f : new String[] {"q.json", "q_cluster.id", ".q.lock"}) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(home.resolve("clusters/" + f))), f);
        }
    }
}
