package io.wadal.cli;

import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.testing.FakeMaster;
import io.wadal.testing.GitHttpServer;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wait-ready's MAX_AGE: the fake master (its {@code aws} a recorder) is told when to end its
 * cluster, with terminate_cluster's keys or its instance role, and the record says when.
 */
@ExtendWith({MotoServer.class, FakeMaster.class})
@Slow
class MaxAgeCommandTest {
    private static final String USER = "alice";
    private static final String PASS = "gitpass-MaxAge-S3cret-5";
    private static final String ACCESS = "AKIATERMONLY0000MAXA";
    private static final String SECRET = "termSecret/MaxAge+Key-8";

    @TempDir
    Path home;
    private MotoServer moto;
    private SshMaster master;
    private GitHttpServer git;
    private int port;

    @BeforeEach
    void setUp(MotoServer moto, SshMaster master) throws IOException {
        this.moto = moto;
        this.master = master;
        git = GitHttpServer.start(USER, PASS);
        git.createRepo("notebooks");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stopGit() {
        git.close();
    }

    private WadalRun wadal() {
        // terminate_cluster goes under the master's sysroot/, never this machine's /usr/bin
        return new WadalRun(home).env(moto.env()).env("WADAL_MASTER_ROOT", "sysroot");
    }

    /** Launches the cluster in moto without MAX_AGE (create's own rules for it are not this test's), then sets it. */
    private String created(String extra, String maxAgeLines) throws IOException {
        Files.createDirectories(home.resolve("profiles"));
        Path profile = home.resolve("profiles/p");
        Files.writeString(profile, "AWS_REGION=" + MotoServer.REGION + "\nAWS_EMR_LABEL=emr-7.5.0\nINIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\n"
                + master.profileLines() + "JUPYTER_PORT=" + port + "\n"
                + "GIT_REPO=" + git.url("notebooks") + "\nGIT_USER=" + USER + "\nGIT_PASS=" + PASS + "\nGIT_MAIL=alice@example.com\n" + extra);
        Result r = wadal().run("create", "p");
        assertEquals(0, r.exitCode(), r.toString());
        Files.writeString(profile, Files.readString(profile) + maxAgeLines);
        Files.setPosixFilePermissions(profile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return r.out().trim();
    }

    /** The record says the cluster was created then (wadal's clock stands still in tests; the master's runs). */
    private void createdAt(Instant created) {
        ClusterRecord was = record();
        new ClusterStore(home.resolve("clusters")).update(new ClusterRecord(was.id(), was.profile(), was.region(), was.clusterName(),
                created == null ? null : created.toString(), was.masterHost(), was.hostKeyFingerprint(), was.workspaceReadyAt(), was.masterAddress(), null));
    }

    private ClusterRecord record() {
        return new ClusterStore(home.resolve("clusters")).find("p").orElseThrow();
    }

    private Map<String, String> settings() throws IOException {
        Map<String, String> values = new java.util.HashMap<>();
        for (String line : Files.readAllLines(master.home().resolve(".wadal/terminate.env"))) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    private static String minute(Instant at) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(at);
    }

    /** Polls the master's real loop until it logs that it asked EMR (or the deadline passes). */
    private void awaitTerminationAsked() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Path log = master.home().resolve(".wadal/terminate.log");
        while (!(Files.exists(log) && Files.readString(log).contains("asked EMR to terminate")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private void assertNoSecretOnTheMaster(Result... results) {
        for (String command : master.commands()) {
            for (String secret : List.of(ACCESS, SECRET, PASS)) {
                assertFalse(command.contains(secret), "a secret on the master's command line: " + command);
            }
        }
        for (Result r : results) {
            assertFalse(r.toString().contains(ACCESS) || r.toString().contains(SECRET), r.toString());
        }
    }

    @Test
    void waitReadySchedulesTheEndAtCreationPlusMaxAgeWithTheInstanceRoleAndOffTurnsItOff() throws Exception {
        String id = created("", "MAX_AGE=12h\n");
        createdAt(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Instant deadline = Instant.parse(record().createdAt()).plus(Duration.ofHours(12));

        Result r = wadal().run("wait-ready", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("MAX_AGE: the master terminates cluster " + id + " at " + minute(deadline)
                + " (12h after it was created), after a final autosave, with its instance role (log: ~/.wadal/terminate.log)."), r.toString());
        // moto has no instance profile, so this role cannot end the cluster: create would have refused; wait-ready warns
        assertTrue(r.err().contains("warning: MAX_AGE=12h needs a way for the master to terminate its own cluster, and it has none: "
                + "instance profile EMR_EC2_DefaultRole does not exist."), r.toString());
        assertTrue(r.err().contains("; scheduled anyway: the master's attempts will show in 'wadal logs p terminate'"), r.toString());
        Map<String, String> settings = settings();
        assertEquals(id, settings.get("TERMINATE_CLUSTER"));
        assertEquals(MotoServer.REGION, settings.get("TERMINATE_REGION"));
        assertEquals(Long.toString(deadline.getEpochSecond()), settings.get("TERMINATE_AT"));
        assertEquals("''", settings.get("TERMINATE_COMMAND"), "the instance role: no command");
        assertEquals(deadline.toString(), record().terminatesAt());
        Result status = new WadalRun(home).run("ssh", "p", "--", "bash .wadal/wadal_terminate.sh status");
        assertEquals("at=" + deadline.getEpochSecond() + "\nvia=role\nloop=running\n", status.out(), status.toString());
        assertEquals(List.of(), master.calls("aws"), "the deadline is hours away");
        assertFalse(Files.exists(master.home().resolve("sysroot/usr/bin/terminate_cluster")) || Files.exists(master.home().resolve("bin/terminate_cluster")),
                "no keys, no terminate_cluster");

        Result off = wadal().run("wait-ready", "p", "--set", "MAX_AGE=off");

        assertEquals(0, off.exitCode(), off.toString());
        assertFalse(off.err().contains("MAX_AGE:"), off.toString());
        assertTrue(off.err().contains("MAX_AGE is off: the master no longer ends cluster " + id + " at its age."), off.toString());
        assertEquals("0", settings().get("TERMINATE_AT"));
        assertNull(record().terminatesAt());
        assertNoSecretOnTheMaster(r, off);
    }

    @Test
    void withBothKeysTerminateClusterIsInstalledAndPassedAndNoKeyIsOnACommandLine() throws Exception {
        Files.createDirectories(master.home().resolve("sysroot/usr/bin"));
        String id = created("EMR_TERM_ACCESS_KEY=" + ACCESS + "\nEMR_TERM_SECRET_KEY=" + SECRET + "\nAUTOSAVE_INTERVAL=off\n", "MAX_AGE=90m\n");
        createdAt(Instant.now());

        Result r = wadal().run("wait-ready", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("MAX_AGE: the master terminates cluster " + id + " at "), r.toString());
        assertTrue(r.err().contains(" (1h30m after it was created), with EMR_TERM_ACCESS_KEY's IAM user (log: ~/.wadal/terminate.log)."),
                "autosave off: no final autosave promised " + r);
        Path installed = master.home().resolve("sysroot/usr/bin/terminate_cluster");
        assertTrue(Files.readString(installed).contains(" --cluster-ids '" + id + "'"), "terminate_cluster ends this cluster");
        assertEquals(master.home().resolve("sysroot/usr/bin/terminate_cluster").toString(), settings().get("TERMINATE_COMMAND"));
        Result status = new WadalRun(home).run("ssh", "p", "--", "bash .wadal/wadal_terminate.sh status");
        assertTrue(status.out().contains("via=keys\nloop=running\n"), status.toString());
        assertNoSecretOnTheMaster(r, status);
    }

    @Test
    void aClusterAlreadyOlderThanMaxAgeIsEndedAtOnceAfterItsFinalAutosave() throws Exception {
        String id = created("", "MAX_AGE=12h\n");
        // 13 hours before wadal's (standing) clock, so long before the master's too
        Instant created = Instant.parse("2026-11-21T10:00:00Z").minus(Duration.ofHours(13));
        createdAt(created);

        Result r = wadal().run("wait-ready", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("MAX_AGE: cluster " + id + " is older than 12h (created " + minute(created)
                + "): the master terminates it now, after a final autosave, with its instance role (log: ~/.wadal/terminate.log)."), r.toString());
        awaitTerminationAsked();
        List<Map<String, String>> calls = master.calls("aws");
        assertEquals(1, calls.size(), calls.toString());
        assertEquals(String.join("\n", "emr", "terminate-clusters", "--region", MotoServer.REGION, "--cluster-ids", id), calls.get(0).get("args"));
        assertFalse(calls.get(0).containsKey("AWS_ACCESS_KEY_ID"), "the instance role's credentials, not any in the environment");
        assertEquals(created.plus(Duration.ofHours(12)).toString(), record().terminatesAt());
    }

    @Test
    void aRecordWithoutACreationTimeTakesEmrsSoAnotherWaitReadyDoesNotMoveTheDeadline() throws Exception {
        String id = created("", "MAX_AGE=12h\n");
        createdAt(null);
        Instant atEmr;
        try (EmrClient emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
            atEmr = emr.describeCluster(b -> b.clusterId(id)).cluster().status().timeline().creationDateTime();
        }

        Result r = wadal().run("wait-ready", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(atEmr, Instant.parse(record().createdAt()), "EMR's creation time, noted in the record");
        assertEquals(atEmr.plus(Duration.ofHours(12)).toString(), record().terminatesAt());
        assertTrue(r.err().contains("(12h after it was created)"), r.toString());
        Result again = wadal().run("wait-ready", "p");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(atEmr.plus(Duration.ofHours(12)).toString(), record().terminatesAt(), "the same deadline");
    }
}
