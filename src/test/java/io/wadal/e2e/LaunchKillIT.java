package io.wadal.e2e;

import io.wadal.testing.FaultProxy;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ClusterSummary;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 of the built launcher after EMR accepted RunJobFlow and before the record: the next create finds it. */
@ExtendWith(MotoServer.class)
@Slow
class LaunchKillIT {
    @TempDir
    Path home;
    private MotoServer moto;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        assertTrue(Files.isExecutable(LauncherIT.LAUNCHER), "mvn package builds " + LauncherIT.LAUNCHER);
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/e2e"), """
                export CLUSTER_NAME="e2e cluster"
                export AWS_REGION=ap-northeast-2
                export AWS_EMR_LABEL=emr-7.5.0
                export INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
                """);
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(LauncherIT.LAUNCHER.toString()).directory(home.toFile());
        pb.command().addAll(List.of(args));
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("PROFILE") || k.startsWith("WADAL_"));
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(home.resolve("out-" + args[0] + System.nanoTime()).toFile());
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private List<ClusterSummary> clustersInMoto() {
        try (EmrClient emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            return emr.listClusters().clusters();
        }
    }

    @Test
    void aCreateKilledBetweenRunJobFlowAndItsRecordIsRecordedByTheNextCreate() throws Exception {
        try (FaultProxy proxy = new FaultProxy(moto.endpoint())) {
            proxy.fail("RunJobFlow", FaultProxy.Fault.HANG_AFTER);
            Map<String, String> env = new HashMap<>(moto.env());
            env.put("AWS_ENDPOINT_URL", proxy.endpoint());
            Process create = start(env, "create", "e2e");

            assertTrue(proxy.awaitHeld("RunJobFlow", 120), "the emulator processed RunJobFlow");
            assertTrue(Files.exists(home.resolve("clusters/.e2e.launch")), "the intent is written before RunJobFlow");
            create.descendants().forEach(ProcessHandle::destroyForcibly);
            create.destroyForcibly();  // SIGKILL
            assertTrue(create.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, create.exitValue());
        }
        assertEquals(1, clustersInMoto().size());
        assertFalse(Files.exists(home.resolve("clusters/e2e_cluster.id")), "killed before its record");
        String orphan = clustersInMoto().get(0).id();

        Process again = start(moto.env(), "create", "e2e");
        assertTrue(again.waitFor(120, TimeUnit.SECONDS));
        String out = Files.list(home).filter(p -> p.getFileName().toString().startsWith("out-create"))
                .map(p -> {
                    try {
                        return Files.readString(p, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).reduce("", String::concat);

        assertEquals(0, again.exitValue(), out);
        assertTrue(out.contains("Recorded cluster " + orphan), out);
        assertEquals(1, clustersInMoto().size(), "no second cluster");
        assertEquals(orphan + "\n", Files.readString(home.resolve("clusters/e2e_cluster.id")));
    }
}
