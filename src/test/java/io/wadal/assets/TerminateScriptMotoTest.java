package io.wadal.assets;

import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.ssh.TermCommandInstaller;
import io.wadal.testing.LocalShell;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ClusterState;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * wadal_terminate.sh with the machine's real AWS CLI against the emulator: the request the
 * script makes (through add-termcmd's terminate_cluster, keys in its environment) really ends the
 * cluster. Skipped when {@code aws} is not installed.
 */
@ExtendWith(MotoServer.class)
@Slow
class TerminateScriptMotoTest {
    @TempDir
    Path home;

    private static Optional<Path> realAws() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path aws = Path.of(dir, "aws");
            if (!dir.isEmpty() && Files.isExecutable(aws)) {
                return Optional.of(aws);
            }
        }
        return Optional.empty();
    }

    @Test
    void theRealAwsCliTerminatesTheClusterWithTerminateClustersKeys(MotoServer moto) throws Exception {
        Optional<Path> real = realAws();
        Assumptions.assumeTrue(real.isPresent(), "the AWS CLI is not installed");
        try (EmrClient emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
            String id = emr.runJobFlow(b -> b.name("max-age").releaseLabel("emr-7.5.0").serviceRole("EMR_DefaultRole")
                    .jobFlowRole("EMR_EC2_DefaultRole")
                    .instances(i -> i.instanceCount(1).masterInstanceType("m5.xlarge").keepJobFlowAliveWhenNoSteps(true))).jobFlowId();
            // AWS CLI v1 (1.45 here) ignores AWS_ENDPOINT_URL: its one way to the emulator is --endpoint-url, added by this
            // wrapper; the arguments, keys and call are the script's.
            Path bin = Files.createDirectories(home.resolve("bin"));
            Path aws = bin.resolve("aws");
            Files.writeString(aws, "#!/bin/sh\nexec '" + real.get() + "' --endpoint-url '" + moto.endpoint() + "' \"$@\"\n");
            Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwx------"));
            LocalShell master = new LocalShell(home, Map.of("HOME", home.toString(), "PATH", bin + ":" + System.getenv("PATH"),
                    "AWS_MAX_ATTEMPTS", "1", "AWS_ACCESS_KEY_ID", "", "AWS_SECRET_ACCESS_KEY", ""));
            String installed = TermCommandInstaller.install(master, new MasterRoot(home.resolve("sysroot").toString()), id,
                    MotoServer.REGION, new TermCommandInstaller.Keys("testing", "testing"));

            ExecResult r = master.run("bash '" + TerminateScriptTest.SCRIPT + "' now --cluster " + id + " --region " + MotoServer.REGION
                    + " --command '" + installed + "' --reason 'MAX_AGE test'", null);

            assertEquals(0, r.exitStatus(), r + "\n" + Files.readString(home.resolve(".wadal/terminate.log")));
            assertEquals(ClusterState.TERMINATED, emr.describeCluster(b -> b.clusterId(id)).cluster().status().state());
        }
    }
}
