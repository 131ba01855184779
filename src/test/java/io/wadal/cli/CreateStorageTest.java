package io.wadal.cli;

import io.wadal.testing.MotoServer;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.EbsBlockDevice;
import software.amazon.awssdk.services.emr.model.InstanceGroup;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core nodes' EBS storage and every node's root volume, as create sends them and moto keeps them. */
@ExtendWith(MotoServer.class)
class CreateStorageTest {
    @TempDir
    Path home;
    private MotoServer moto;
    private EmrClient emr;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), """
                AWS_REGION=ap-northeast-2
                AWS_EMR_LABEL=emr-7.5.0
                CORE_EC2_TYPE=r5.4xlarge
                NUM_CORE_INSTANCE=2
                INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
                """);
        emr = EmrClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    @AfterEach
    void tearDown() {
        emr.close();
    }

    private String create(String... overrides) {
        List<String> args = new ArrayList<>(List.of("create", "p"));
        for (String o : overrides) {
            args.addAll(List.of("-p", o));
        }
        Result r = new WadalRun(home).env(moto.env()).run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.toString());
        return r.out().trim();
    }

    private InstanceGroup core(String id) {
        return emr.listInstanceGroups(b -> b.clusterId(id)).instanceGroups().stream()
                .filter(g -> g.instanceGroupTypeAsString().equals("CORE")).findFirst().orElseThrow();
    }

    @Test
    void withoutCoreEbsSizeTheCoreNodesGetEmrsDefaultAndBootEdaGets30GiBOfRoot() {
        String id = create();
        assertEquals(List.of(), core(id).ebsBlockDevices(), "no EbsConfiguration sent: EMR's default for r5.4xlarge");
        assertEquals(30, emr.describeCluster(b -> b.clusterId(id)).cluster().ebsRootVolumeSize());
    }

    @Test
    void coreEbsSizeAndRootEbsSizeAreSentAsSet() {
        String id = create("CORE_EBS_SIZE=100", "ROOT_EBS_SIZE=40");
        List<EbsBlockDevice> devices = core(id).ebsBlockDevices();
        assertEquals(1, devices.size(), devices.toString());
        assertEquals(100, devices.get(0).volumeSpecification().sizeInGB());
        assertEquals("gp3", devices.get(0).volumeSpecification().volumeType());
        assertEquals(40, emr.describeCluster(b -> b.clusterId(id)).cluster().ebsRootVolumeSize());
    }

    @Test
    void anotherBootstrapLeavesTheRootVolumeToEmr() {
        String id = create("BOOTSTRAP_SCRIPT=boot_min.sh");
        assertNull(emr.describeCluster(b -> b.clusterId(id)).cluster().ebsRootVolumeSize());
    }

    @Test
    void aRootVolumeTheReleaseRefusesStopsCreateBeforeAnyCall() {
        Result r = new WadalRun(home).env(moto.env()).run("create", "p", "-p", "ROOT_EBS_SIZE=12");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("wadal: -p ROOT_EBS_SIZE: ROOT_EBS_SIZE=12 is below the 15 GiB root volume EMR requires"
                + " from emr-6.10.0 on"), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertEquals(List.of(), emr.listClusters().clusters());
    }
}
