package io.wadal.emr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterStatus;
import software.amazon.awssdk.services.emr.model.ClusterTimeline;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdkJsonTest {
    private static RunJobFlowRequest request() {
        return new RunJobFlowRequestBuilder(w -> { }).build(TestProfiles.full(), "us-east-1",
                List.of(Configuration.builder().classification("spark-env")
                        .configurations(Configuration.builder().classification("export")
                                .properties(Map.of("PYSPARK_PYTHON", "python3")).build())
                        .build()),
                new BootstrapScript("s3://wadal-assets/init/boot_eda.sh", Optional.empty()));
    }

    @Test
    void usesApiMemberNames() {
        ObjectNode json = SdkJson.toJson(request());
        assertEquals("emr-7.5.0", json.get("ReleaseLabel").asText());
        assertEquals("team analytics", json.get("Name").asText());
        assertTrue(json.get("VisibleToAllUsers").isBoolean());
        JsonNode groups = json.get("Instances").get("InstanceGroups");
        assertEquals(3, groups.size());
        assertEquals("MASTER", groups.get(0).get("InstanceRole").asText());
        assertEquals("SPOT", groups.get(2).get("Market").asText());
        assertEquals("0.06", groups.get(2).get("BidPrice").asText());
        JsonNode volume = groups.get(1).get("EbsConfiguration").get("EbsBlockDeviceConfigs").get(0);
        assertEquals(100, volume.get("VolumeSpecification").get("SizeInGB").intValue());
        assertEquals(1, volume.get("VolumesPerInstance").intValue());
        assertEquals(5400L, json.get("AutoTerminationPolicy").get("IdleTimeout").longValue());
        assertTrue(json.get("AutoTerminationPolicy").get("IdleTimeout").isIntegralNumber());
        assertEquals("CONTINUE", json.get("Steps").get(0).get("ActionOnFailure").asText());
        assertEquals("s3://us-east-1.elasticmapreduce/libs/script-runner/script-runner.jar",
                json.get("Steps").get(0).get("HadoopJarStep").get("Jar").asText());
        assertEquals("Name", json.get("Tags").get(0).get("Key").asText());
        assertEquals("python3", json.get("Configurations").get(0).get("Configurations").get(0)
                .get("Properties").get("PYSPARK_PYTHON").asText());
    }

    @Test
    void leavesUnsetMembersOut() {
        ObjectNode json = SdkJson.toJson(request());
        for (String unset : List.of("AmiVersion", "AdditionalInfo", "SupportedProducts", "NewSupportedProducts",
                "SecurityConfiguration", "PlacementGroupConfigs", "ManagedScalingPolicy")) {
            assertFalse(json.has(unset), unset);
        }
        assertFalse(json.get("Instances").has("InstanceFleets"));
        assertFalse(json.get("Instances").has("Ec2SubnetIds"));
        JsonNode master = json.get("Instances").get("InstanceGroups").get(0);
        assertFalse(master.has("BidPrice"));
        assertFalse(master.has("EbsConfiguration"));
        assertFalse(master.has("Configurations"));
        JsonNode script = json.get("BootstrapActions").get(0).get("ScriptBootstrapAction");
        assertEquals("s3://wadal-assets/init/boot_eda.sh", script.get("Path").asText());
        assertEquals("[\"--pip-conf\"]", script.get("Args").toString(), "the bootstrap's one argument (this profile has pip keys), no secret");
        assertFalse(json.get("Configurations").get(0).has("Properties"));
    }

    @Test
    void explicitEmptyListIsKept() {
        ObjectNode json = SdkJson.toJson(RunJobFlowRequest.builder().name("x").steps(List.of()).build());
        assertEquals("{\"Name\":\"x\",\"Steps\":[]}", json.toString());
    }

    @Test
    void instantsAreIsoStrings() {
        Cluster c = Cluster.builder().id("j-1").status(ClusterStatus.builder().state("WAITING")
                .timeline(ClusterTimeline.builder().creationDateTime(Instant.parse("2024-05-01T10:15:30Z")).build())
                .build()).build();
        ObjectNode json = SdkJson.toJson(c);
        assertEquals("2024-05-01T10:15:30Z", json.get("Status").get("Timeline").get("CreationDateTime").asText());
        assertEquals("WAITING", json.get("Status").get("State").asText());
        assertEquals("j-1", json.get("Id").asText());
    }
}
