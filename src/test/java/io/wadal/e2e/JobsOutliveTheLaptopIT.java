package io.wadal.e2e;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run-* jobs through the built launcher, where a laptop leaves them: a pipe whose reader ends
 * ({@code | head -1}), and a wadal killed with SIGKILL while its --terminate-after job runs.
 */
@ExtendWith({MotoServer.class, FakeMaster.class})
@Slow
class JobsOutliveTheLaptopIT {
    @TempDir
    Path home;
    private MotoServer moto;
    private FakeMaster master;

    @BeforeEach
    void setUp(MotoServer moto, FakeMaster master) {
        this.moto = moto;
        this.master = master;
        assertTrue(Files.isExecutable(LauncherIT.LAUNCHER), "mvn package builds " + LauncherIT.LAUNCHER);
    }

    private ProcessBuilder launcher(String shellLine) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", shellLine).directory(home.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("PROFILE") || k.startsWith("WADAL_"));
        pb.environment().putAll(moto.env());
        // terminate_cluster goes under the master's sysroot/, never this machine's /usr/bin
        pb.environment().put("WADAL_MASTER_ROOT", "sysroot");
        pb.environment().put("WADAL", LauncherIT.LAUNCHER.toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb;
    }

    @Test
    void aPipeWhoseReaderEndsStopsTheFollowAtOnceAndTheJobGoesOn() throws Exception {
        Records.profileWithCluster(home, "p", "", master);
        Path script = master.bin().resolve("spark-submit");
        Files.writeString(script, "#!/bin/sh\ni=1\nwhile [ $i -le 100 ]; do echo \"line $i\"; i=$((i + 1)); sleep 0.05; done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path err = home.resolve("err");
        ProcessBuilder pb = launcher("\"$WADAL\" run-pyspark p job.py 2>err | head -1; exit ${PIPESTATUS[0]}");

        long start = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "wadal ended");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        String stderr = Files.readString(err);
        assertEquals("line 1\n", out);
        assertEquals(141, p.exitValue(), stderr);
        assertTrue(seconds < 30, "no reconnect tries for a closed pipe (" + seconds + " s): " + stderr);
        assertTrue(stderr.contains("wadal: the output was closed (what read it has ended); job py-") && stderr.contains("goes on on the master"),
                stderr);
        assertTrue(!stderr.contains("Reconnecting"), stderr);

        Process jobs = launcher("\"$WADAL\" jobs p").start();
        String listed = new String(jobs.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jobs.waitFor(60, TimeUnit.SECONDS));
        assertTrue(listed.matches("(?s).*py-\\d{8}-\\d{4}-job\\s+pyspark\\s+job\\.py\\s+(running|succeeded).*"), listed);

        // kept by this machine (no keys, no instance profile in the emulator), a closed output is a detach: nothing is terminated
        Process kept = launcher("\"$WADAL\" run-pyspark p job.py --terminate-after 2>err | head -1; exit ${PIPESTATUS[0]}").start();
        assertEquals("line 1\n", new String(kept.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(kept.waitFor(90, TimeUnit.SECONDS), "wadal ended");
        stderr = Files.readString(err);
        assertEquals(141, kept.exitValue(), stderr);
        assertTrue(stderr.contains("this machine terminates it when the job ends") && stderr.contains("the cluster is not terminated "
                + "(--terminate-after needs the run attached)")
                && !stderr.contains("could not terminate") && !stderr.contains(" terminated."), stderr);
    }

    @Test
    void aLaptopKilledWithSigkillLeavesTheTerminateAfterToTheMasterWhichEndsTheClusterInTheEmulator() throws Exception {
        Optional<Path> aws = onPath("aws");
        assertTrue(aws.isPresent(), "the AWS CLI (the master's own) is on PATH");
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), "AWS_REGION=" + MotoServer.REGION + "\nAWS_EMR_LABEL=emr-7.5.0\n"
                + "INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\n" + master.profileLines()
                + "EMR_TERM_ACCESS_KEY=AKIAJOBSOUTLIVE00001\nEMR_TERM_SECRET_KEY=outlive/Secret+Key-1\n");
        Files.setPosixFilePermissions(home.resolve("profiles/p"), PosixFilePermissions.fromString("rw-------"));
        Process create = launcher("\"$WADAL\" create p").start();
        String id = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(create.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, create.exitValue(), new String(create.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        Records.markWorkspaceReady(home, "p");
        // the master's aws is the real AWS CLI, pointed at the emulator (v1 takes no endpoint from the environment)
        Path wrapper = master.bin().resolve("aws");
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + aws.get() + "' --endpoint-url '" + moto.endpoint() + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        master.holdTool("spark-submit");

        Process run = launcher("exec \"$WADAL\" run-pyspark p job.py --terminate-after >out 2>&1").start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (master.calls("spark-submit").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, master.calls("spark-submit").size(), "the job started: " + Files.readString(home.resolve("out")));
        run.destroyForcibly(); // SIGKILL: no shutdown hook, no last word to the master
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        assertEquals("WAITING", state(id), "nothing ends the cluster while the job runs");

        master.release("spark-submit");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!state(id).equals("TERMINATED") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Path log = master.home().resolve(".wadal/terminate.log");
        assertEquals("TERMINATED", state(id), "the master's own call reached the emulator: "
                + (Files.exists(log) ? Files.readString(log) : "no terminate.log"));
        for (String c : master.commands()) {
            assertTrue(!c.contains("outlive/Secret+Key-1") && !c.contains("AKIAJOBSOUTLIVE00001"), c);
        }
    }

    private String state(String id) {
        try (EmrClient emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
            return emr.describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString();
        }
    }

    private static Optional<Path> onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
