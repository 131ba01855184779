package io.wadal.emr;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKeys;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.Application;
import software.amazon.awssdk.services.emr.model.BootstrapActionConfig;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.EbsBlockDeviceConfig;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.JobFlowInstancesConfig;
import software.amazon.awssdk.services.emr.model.MarketType;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.StepConfig;
import software.amazon.awssdk.services.emr.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.wadal.emr.TestProfiles.minimal;
import static io.wadal.emr.TestProfiles.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunJobFlowRequestBuilderTest {
    private static final String ASSETS = "s3://wadal-assets/init";
    private static final List<Configuration> CONFIGS = List.of(Configuration.builder()
            .classification("spark").properties(Map.of("maximizeResourceAllocation", "true")).build());

    private final List<String> warnings = new ArrayList<>();
    private final RunJobFlowRequestBuilder builder = new RunJobFlowRequestBuilder(warnings::add);

    private RunJobFlowRequest build(Profile p) {
        return builder.build(p, "ap-northeast-2", CONFIGS, new BootstrapScript(ASSETS + "/boot_eda.sh", Optional.empty()));
    }

    private static String scriptRunner() {
        return "s3://ap-northeast-2.elasticmapreduce/libs/script-runner/script-runner.jar";
    }

    @Test
    void fullProfile() {
        Profile p = TestProfiles.full();
        assertTrue(p.values().keySet().containsAll(ProfileKeys.ALL), "the full profile sets every key");
        RunJobFlowRequest r = builder.build(p, "ap-northeast-2", CONFIGS,
                new BootstrapScript(ASSETS + "/boot_etl.sh", Optional.empty()));

        assertEquals("team analytics", r.name());
        assertEquals("emr-7.5.0", r.releaseLabel());
        assertEquals("s3://wadal-logs/emr", r.logUri());
        assertEquals("TeamEmrRole", r.serviceRole());
        assertEquals("TeamEmrEc2Role", r.jobFlowRole());
        assertEquals(true, r.visibleToAllUsers());
        assertEquals(List.of("Spark", "Hadoop", "Hive", "Livy"), r.applications().stream().map(Application::name).toList());
        assertEquals(CONFIGS, r.configurations());

        JobFlowInstancesConfig inst = r.instances();
        assertEquals("team-key", inst.ec2KeyName());
        assertEquals("subnet-0abc123", inst.ec2SubnetId());
        assertEquals(true, inst.keepJobFlowAliveWhenNoSteps());
        assertEquals(false, inst.terminationProtected());
        List<InstanceGroupConfig> groups = inst.instanceGroups();
        assertEquals(3, groups.size());

        InstanceGroupConfig master = groups.get(0);
        assertEquals("Master", master.name());
        assertEquals(InstanceRoleType.MASTER, master.instanceRole());
        assertEquals(MarketType.ON_DEMAND, master.market());
        assertEquals(1, master.instanceCount());
        assertEquals("m5.xlarge", master.instanceType());
        assertNull(master.bidPrice());
        assertNull(master.ebsConfiguration());

        InstanceGroupConfig core = groups.get(1);
        assertEquals("Core", core.name());
        assertEquals(InstanceRoleType.CORE, core.instanceRole());
        assertEquals(MarketType.ON_DEMAND, core.market());
        assertEquals(2, core.instanceCount());
        assertEquals("r5.xlarge", core.instanceType());
        assertNull(core.bidPrice());
        assertEbs(core, 100, "gp3");

        InstanceGroupConfig task = groups.get(2);
        assertEquals("Task", task.name());
        assertEquals(InstanceRoleType.TASK, task.instanceRole());
        assertEquals(MarketType.SPOT, task.market());
        assertEquals("0.06", task.bidPrice());
        assertEquals(3, task.instanceCount());
        assertEquals("c5.xlarge", task.instanceType());

        assertEquals(1, r.bootstrapActions().size());
        BootstrapActionConfig boot = r.bootstrapActions().get(0);
        assertEquals("wadal bootstrap", boot.name());
        assertEquals(ASSETS + "/boot_etl.sh", boot.scriptBootstrapAction().path());
        assertEquals(List.of("--pip-conf"), boot.scriptBootstrapAction().args(), "the full profile sets the pip keys");

        assertEquals(2, r.steps().size());
        assertStep(r.steps().get(0), "wadal: copy assets", List.of(ASSETS + "/cp_assets.sh"));
        assertStep(r.steps().get(1), "wadal: configure Jupyter", List.of(ASSETS + "/run_jupyter.sh", "configure",
                "--port", "8888", "--mode", "notebook", "--repo", "notebooks", "--public", "--kernel-idle-timeout", "2700"));

        assertEquals(List.of("Name=team analytics", "wadal:profile=analytics", "wadal:launch=<new at each create>", "wadal:creator=<your AWS caller ARN, resolved at create>", "for-use-with-amazon-emr-managed-policies=true", "service=analytics", "owner=alice",
                "team=data", "env=dev"), tags(r));
        assertEquals(5400L, r.autoTerminationPolicy().idleTimeout());
        assertEquals(List.of(), warnings);
    }

    @Test
    void minimalProfileOnEmr7() {
        RunJobFlowRequest r = build(minimal("emr-7.5.0"));

        assertEquals("mini", r.name());
        assertEquals("emr-7.5.0", r.releaseLabel());
        assertEquals(minimal("emr-7.5.0").initAssetDir().orElseThrow().resolve("logs"), r.logUri(),
                "without EMR_LOG_DIR_S3 a failed node's logs still outlive it, under the assets");
        assertNull(build(minimal("emr-7.5.0").with(Map.of("EMR_LOG_DIR_S3", "off"))).logUri(), "off sends no LogUri");
        assertEquals("EMR_DefaultRole", r.serviceRole());
        assertEquals("EMR_EC2_DefaultRole", r.jobFlowRole());
        assertEquals(List.of("Spark", "Hadoop"), r.applications().stream().map(Application::name).toList());

        JobFlowInstancesConfig inst = r.instances();
        assertNull(inst.ec2KeyName());
        assertNull(inst.ec2SubnetId());
        List<InstanceGroupConfig> groups = inst.instanceGroups();
        assertEquals(List.of("Master", "Core"), groups.stream().map(InstanceGroupConfig::name).toList());
        assertEquals("m5.xlarge", groups.get(0).instanceType());
        InstanceGroupConfig core = groups.get(1);
        assertEquals(1, core.instanceCount());
        assertEquals("m5.xlarge", core.instanceType());
        assertEquals(MarketType.ON_DEMAND, core.market());
        assertNull(core.ebsConfiguration(), "no CORE_EBS_SIZE: EMR's default storage for the type");
        assertEquals(30, r.ebsRootVolumeSize(), "boot_eda.sh's root volume");

        assertStep(r.steps().get(1), "wadal: configure Jupyter",
                List.of(ASSETS + "/run_jupyter.sh", "configure", "--port", "8192", "--mode", "lab", "--kernel-idle-timeout", "3600"));
        assertEquals(List.of("Name=mini", "wadal:profile=mini", "wadal:launch=<new at each create>", "wadal:creator=<your AWS caller ARN, resolved at create>", "for-use-with-amazon-emr-managed-policies=true"), tags(r));
        assertEquals(7200L, r.autoTerminationPolicy().idleTimeout());
        assertEquals(List.of(), warnings);
    }

    @Test
    void minimalProfileOnEmr6AddsGangliaAndKeepsGp3() {
        RunJobFlowRequest r = build(minimal("emr-6.15.0").with(Map.of("CORE_EBS_SIZE", "32")));
        assertEquals(List.of("Spark", "Hadoop", "Ganglia"), r.applications().stream().map(Application::name).toList());
        assertEbs(r.instances().instanceGroups().get(1), 32, "gp3");
        assertEquals(7200L, r.autoTerminationPolicy().idleTimeout());
    }

    @Test
    void emr5UsesGp2() {
        RunJobFlowRequest r = build(minimal("emr-5.36.0").with(Map.of("CORE_EBS_SIZE", "32")));
        assertEbs(r.instances().instanceGroups().get(1), 32, "gp2");
        assertEquals(7200L, r.autoTerminationPolicy().idleTimeout());
        assertEquals(List.of(), warnings);
    }

    @Test
    void theRootVolumeIsRootEbsSizeElseBootEdasElseEmrsDefault() {
        assertEquals(40, TestProfiles.full().rootEbsSizeGb().getAsInt());
        assertEquals(40, builder.build(TestProfiles.full(), "ap-northeast-2", CONFIGS,
                new BootstrapScript(ASSETS + "/boot_etl.sh", Optional.empty())).ebsRootVolumeSize());
        assertEquals(30, build(minimal("emr-7.5.0")).ebsRootVolumeSize());
        assertNull(build(minimal("emr-7.5.0").with(Map.of("BOOTSTRAP_SCRIPT", "boot_min.sh"))).ebsRootVolumeSize(),
                "no size: EMR's default");
        assertEquals(100, build(minimal("emr-7.5.0").with(Map.of("ROOT_EBS_SIZE", "100"))).ebsRootVolumeSize());
    }

    @Test
    void aRootVolumeBelowTheReleasesSmallestIsRefusedBeforeLaunch() {
        // 15 GiB from emr-6.10.0 on, 10 GiB before
        WadalException e = assertThrows(WadalException.class,
                () -> build(minimal("emr-7.5.0").with(Map.of("ROOT_EBS_SIZE", "12"))));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().endsWith(": ROOT_EBS_SIZE=12 is below the 15 GiB root volume EMR requires from emr-6.10.0 on "
                + "(this profile: emr-7.5.0): set ROOT_EBS_SIZE to 15 or more, or remove it"), e.getMessage());
        assertThrows(WadalException.class, () -> build(minimal("emr-6.10.0").with(Map.of("ROOT_EBS_SIZE", "14"))));
        assertEquals(15, build(minimal("emr-6.10.0").with(Map.of("ROOT_EBS_SIZE", "15"))).ebsRootVolumeSize());
        assertEquals(12, build(minimal("emr-6.9.0").with(Map.of("ROOT_EBS_SIZE", "12"))).ebsRootVolumeSize());
        assertEquals(10, build(minimal("emr-5.36.0").with(Map.of("ROOT_EBS_SIZE", "10"))).ebsRootVolumeSize());
    }

    @Test
    void noCoreGroupWhenNoCoreInstances() {
        RunJobFlowRequest r = build(minimal("emr-7.5.0").with(Map.of("NUM_CORE_INSTANCE", "0")));
        assertEquals(List.of("Master"), r.instances().instanceGroups().stream().map(InstanceGroupConfig::name).toList());
    }

    @Test
    void taskGroupIsOnDemandWithoutBid() {
        RunJobFlowRequest r = build(minimal("emr-7.5.0").with(Map.of("NUM_TASK_INSTANCE", "2")));
        InstanceGroupConfig task = r.instances().instanceGroups().get(2);
        assertEquals("Task", task.name());
        assertEquals(InstanceRoleType.TASK, task.instanceRole());
        assertEquals(MarketType.ON_DEMAND, task.market());
        assertNull(task.bidPrice());
        assertEquals(2, task.instanceCount());
        assertEquals("m5.xlarge", task.instanceType());
    }

    @Test
    void bidWithoutTaskInstancesMakesNoTaskGroup() {
        RunJobFlowRequest r = build(minimal("emr-7.5.0").with(Map.of("TASK_SPOT_BID_PRICE", "0.1")));
        assertEquals(2, r.instances().instanceGroups().size());
    }

    @Test
    void idleTimeoutOffMeansNoPolicy() {
        RunJobFlowRequest r = build(minimal("emr-7.5.0").with(Map.of("IDLE_TIMEOUT", "off")));
        assertNull(r.autoTerminationPolicy());
        assertEquals(List.of(), warnings);
    }

    @Test
    void kernelIdleTimeoutGoesToTheConfigureStepInSecondsAndOffIsZero() {
        List<String> set = build(minimal("emr-7.5.0").with(Map.of("KERNEL_IDLE_TIMEOUT", "90m"))).steps().get(1)
                .hadoopJarStep().args();
        assertEquals(List.of("--kernel-idle-timeout", "5400"), set.subList(set.size() - 2, set.size()));
        List<String> off = build(minimal("emr-7.5.0").with(Map.of("KERNEL_IDLE_TIMEOUT", "off"))).steps().get(1)
                .hadoopJarStep().args();
        assertEquals(List.of("--kernel-idle-timeout", "0"), off.subList(off.size() - 2, off.size()));
    }

    @Test
    void idleTimeoutInDays() {
        RunJobFlowRequest r = build(minimal("emr-7.5.0").with(Map.of("IDLE_TIMEOUT", "1d")));
        assertEquals(86_400L, r.autoTerminationPolicy().idleTimeout());
    }

    @Test
    void labelsWithoutAutoTerminationWarnOnce() {
        for (String label : List.of("emr-6.0.0", "emr-5.29.0", "emr-4.9.6")) {
            warnings.clear();
            RunJobFlowRequest r = build(minimal(label));
            assertNull(r.autoTerminationPolicy(), label);
            assertEquals(List.of("IDLE_TIMEOUT ignored: EMR supports auto-termination from emr-5.30.0 / emr-6.1.0; "
                    + label + " has none — terminate the cluster yourself"), warnings, label);
        }
    }

    @Test
    void firstLabelsWithAutoTermination() {
        for (String label : List.of("emr-5.30.0", "emr-6.1.0", "emr-7.0.0")) {
            assertEquals(7200L, build(minimal(label)).autoTerminationPolicy().idleTimeout(), label);
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void noWarningWhenIdleTimeoutOffOnOldLabel() {
        build(minimal("emr-5.29.0").with(Map.of("IDLE_TIMEOUT", "off")));
        assertEquals(List.of(), warnings);
    }

    @Test
    void missingLabelIsUsageError() {
        WadalException e = assertThrows(WadalException.class, () ->
                build(profile("nolabel", Map.of("INIT_ASSET_DIR_S3", ASSETS))));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertEquals("AWS_EMR_LABEL is required to create a cluster; set it in profiles/nolabel, e.g. emr-7.5.0",
                e.getMessage());
    }

    @Test
    void missingAssetDirIsUsageError() {
        WadalException e = assertThrows(WadalException.class, () ->
                build(profile("noassets", Map.of("AWS_EMR_LABEL", "emr-7.5.0"))));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("INIT_ASSET_DIR_S3 is required to create a cluster; set it in profiles/noassets"),
                e.getMessage());
    }

    @Test
    void theBundledBootstrapIsToldWhetherToUseThePipConfOfTheAssetDirAndAScriptOfYoursGetsNoArgument() {
        assertEquals(List.of("--no-pip-conf"), build(minimal("emr-7.5.0")).bootstrapActions().get(0).scriptBootstrapAction().args(),
                "without pip keys the nodes use PyPI even if another profile left a pip.conf in a shared asset dir");
        Profile withIndex = minimal("emr-7.5.0").with(Map.of("PIP_INDEX_URL", "https://pypi.example.com/simple/"));
        assertEquals(List.of("--pip-conf"), build(withIndex).bootstrapActions().get(0).scriptBootstrapAction().args());
        RunJobFlowRequest own = builder.build(minimal("emr-7.5.0"), "ap-northeast-2", CONFIGS,
                new BootstrapScript("s3://team-bucket/boot/mine.sh", Optional.empty()));
        assertTrue(own.bootstrapActions().get(0).scriptBootstrapAction().args().isEmpty());
    }

    @Test
    void missingRegionIsUsageError() {
        WadalException e = assertThrows(WadalException.class, () -> builder.build(minimal("emr-7.5.0"), " ",
                CONFIGS, new BootstrapScript(ASSETS + "/boot_eda.sh", Optional.empty())));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("AWS_REGION"), e.getMessage());
    }

    @Test
    void profileTagsCannotReplaceNameOrProfileTag() {
        RunJobFlowRequest r = build(minimal("emr-7.5.0").with(Map.of("TAGS", "Name=other,wadal:profile=x,team=data")));
        assertEquals(List.of("Name=mini", "wadal:profile=mini", "wadal:launch=<new at each create>", "wadal:creator=<your AWS caller ARN, resolved at create>", "for-use-with-amazon-emr-managed-policies=true", "team=data"), tags(r));
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).contains("Name=other"), warnings.get(0));
    }

    @Test
    void noSecretReachesAnyEmrField() {
        Profile p = TestProfiles.full();
        RunJobFlowRequest r = builder.build(p, "ap-northeast-2", CONFIGS,
                BootstrapScript.of(p, java.nio.file.Path.of("does-not-matter"), name -> true));
        String json = SdkJson.toJson(r).toString();
        assertTrue(json.contains("team analytics"), "the JSON holds the request");
        for (String secret : List.of(TestProfiles.GIT_PASS, TestProfiles.S3_SECRET, TestProfiles.S3_ACCESS,
                TestProfiles.TERM_SECRET, TestProfiles.TERM_ACCESS, TestProfiles.NOTEBOOK_ENV_VALUE, TestProfiles.PIP_TOKEN, "codeartifact", "alice@example.com")) {
            assertFalse(json.contains(secret), "request JSON leaks " + secret);
        }
        assertFalse(r.toString().contains(TestProfiles.GIT_PASS));
    }

    private static void assertEbs(InstanceGroupConfig g, int size, String type) {
        List<EbsBlockDeviceConfig> devices = g.ebsConfiguration().ebsBlockDeviceConfigs();
        assertEquals(1, devices.size());
        assertEquals(1, devices.get(0).volumesPerInstance());
        assertEquals(size, devices.get(0).volumeSpecification().sizeInGB());
        assertEquals(type, devices.get(0).volumeSpecification().volumeType());
    }

    private static void assertStep(StepConfig s, String name, List<String> args) {
        assertEquals(name, s.name());
        assertEquals(ActionOnFailure.CONTINUE, s.actionOnFailure());
        assertEquals(scriptRunner(), s.hadoopJarStep().jar());
        assertEquals(args, s.hadoopJarStep().args());
    }

    @Test
    void createFillsInTheLaunchAndCreatorTagsThatPlanShowsAsPlaceholders() {
        RunJobFlowRequest planned = build(minimal("emr-7.5.0").with(Map.of("TAGS", "wadal:launch=mine,wadal:creator=me")));
        assertEquals(java.util.Optional.empty(), RunJobFlowRequestBuilder.launchId(planned));

        RunJobFlowRequest sent = RunJobFlowRequestBuilder.withLaunchTags(planned, "id-1", "arn:aws:iam::1:user/a");

        assertEquals(List.of("Name=mini", "wadal:profile=mini", "wadal:launch=id-1", "wadal:creator=arn:aws:iam::1:user/a", "for-use-with-amazon-emr-managed-policies=true"),
                tags(sent));
        assertEquals(java.util.Optional.of("id-1"), RunJobFlowRequestBuilder.launchId(sent));
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("tag wadal:launch=mine ignored")), warnings.toString());
    }

    private static List<String> tags(RunJobFlowRequest r) {
        return r.tags().stream().map((Tag t) -> t.key() + "=" + t.value()).toList();
    }
}
