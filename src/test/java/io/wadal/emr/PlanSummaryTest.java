package io.wadal.emr;

import io.wadal.profile.Profile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanSummaryTest {
    private static RunJobFlowRequest build(io.wadal.profile.Profile p) {
        return new RunJobFlowRequestBuilder(w -> { }).build(p, "ap-northeast-2",
                List.of(Configuration.builder().classification("spark").build(),
                        Configuration.builder().classification("spark-env").build()),
                new BootstrapScript("s3://wadal-assets/init/boot_eda.sh", Optional.empty()));
    }

    @Test
    void fullProfile() {
        String s = PlanSummary.render(build(TestProfiles.full().with(Map.of("IDLE_TIMEOUT", "2h"))));
        List<String> lines = s.lines().toList();
        assertEquals("Cluster         team analytics", lines.get(0));
        assertEquals("Release         emr-7.5.0", lines.get(1));
        assertEquals("Instances       Master 1 × m5.xlarge on-demand", lines.get(2));
        assertEquals("                Core 2 × r5.xlarge on-demand, 100 GiB gp3 each", lines.get(3));
        assertEquals("                Task 3 × c5.xlarge spot, bid $0.06", lines.get(4));
        assertEquals("Root volume     40 GiB per node", lines.get(5));
        assertTrue(lines.contains("Subnet          subnet-0abc123"), s);
        assertTrue(lines.contains("Key pair        team-key"), s);
        assertTrue(lines.contains("Applications    Spark, Hadoop, Hive, Livy"), s);
        assertTrue(lines.contains("Configurations  spark, spark-env"), s);
        assertTrue(lines.contains("Bootstrap       s3://wadal-assets/init/boot_eda.sh --pip-conf"), s);
        assertTrue(lines.contains("Steps           wadal: copy assets: s3://wadal-assets/init/cp_assets.sh"), s);
        assertTrue(lines.contains("                wadal: configure Jupyter: s3://wadal-assets/init/run_jupyter.sh "
                + "configure --port 8888 --mode notebook --repo notebooks --public --kernel-idle-timeout 2700"), s);
        assertTrue(lines.contains("Logs            s3://wadal-logs/emr"), s);
        assertTrue(lines.contains("Idle timeout    terminates after 2h idle; kernels end after 45m idle, so a forgotten "
                + "cluster lives at most 2h45m"), s);
        assertTrue(lines.contains("Tags            Name=team analytics, wadal:profile=analytics, wadal:launch=<new at each create>, "
                + "wadal:creator=<your AWS caller ARN, resolved at create>, for-use-with-amazon-emr-managed-policies=true, service=analytics, "
                + "owner=alice, team=data, env=dev"), s);
        assertTrue(lines.contains("Roles           service TeamEmrRole, instance profile TeamEmrEc2Role"), s);
        assertFalse(s.contains(TestProfiles.GIT_PASS));
    }

    @Test
    void minimalProfile() {
        String s = PlanSummary.render(build(TestProfiles.minimal("emr-7.5.0").with(Map.of("IDLE_TIMEOUT", "off"))));
        assertTrue(s.contains("Instances       Master 1 × m5.xlarge on-demand\n"
                + "                Core 1 × m5.xlarge on-demand, EMR's default EBS storage for m5.xlarge\n"), s);
        assertFalse(s.contains("Task"), s);
        assertTrue(s.contains("Subnet          default VPC\n"), s);
        assertTrue(s.contains("Logs            " + TestProfiles.minimal("emr-7.5.0").initAssetDir().orElseThrow().resolve("logs") + "\n"), s);
        String off = PlanSummary.render(build(TestProfiles.minimal("emr-7.5.0").with(Map.of("EMR_LOG_DIR_S3", "off"))));
        assertTrue(off.contains("Logs            not kept (EMR_LOG_DIR_S3=off, or no INIT_ASSET_DIR_S3)\n"), off);
        assertTrue(s.contains("Idle timeout    no auto-termination: a forgotten cluster lives until you terminate it\n"), s);
        assertTrue(s.contains("Roles           service EMR_DefaultRole, instance profile EMR_EC2_DefaultRole\n"), s);
    }

    @Test
    void withKernelsKeptForeverTheIdleTimeoutLineSaysTheClusterMayLiveForever() {
        String s = PlanSummary.render(build(TestProfiles.minimal("emr-7.5.0").with(Map.of("KERNEL_IDLE_TIMEOUT", "off"))));
        assertTrue(s.contains("Idle timeout    terminates after 2h idle, but KERNEL_IDLE_TIMEOUT=off: an open kernel holds a "
                + "YARN application, which EMR counts as activity, so a forgotten cluster may live forever\n"), s);
        String defaults = PlanSummary.render(build(TestProfiles.minimal("emr-7.5.0")));
        assertTrue(defaults.contains("Idle timeout    terminates after 2h idle; kernels end after 1h idle, so a forgotten "
                + "cluster lives at most 3h\n"), defaults);
    }

    @Test
    void maxAgeBoundsEveryClusterAndThePlanSaysHowTheMasterEndsIt() {
        Profile keys = TestProfiles.full().with(Map.of("IDLE_TIMEOUT", "2h", "KERNEL_IDLE_TIMEOUT", "1h", "MAX_AGE", "12h"));
        String s = PlanSummary.render(build(keys), keys);
        assertTrue(s.contains("Idle timeout    terminates after 2h idle; kernels end after 1h idle, so a forgotten cluster lives at most 3h, "
                + "and any cluster at most 12h (MAX_AGE)\n"), s);
        assertTrue(s.contains("Max age         12h: at that age the master takes a final autosave and terminates the cluster, "
                + "with the IAM user of EMR_TERM_ACCESS_KEY\n"), s);
        Profile role = TestProfiles.minimal("emr-7.5.0").with(Map.of("MAX_AGE", "2h", "KERNEL_IDLE_TIMEOUT", "off"));
        String r = PlanSummary.render(build(role), role);
        assertTrue(r.contains("so a forgotten cluster may live until MAX_AGE ends it at 2h\n"), r);
        assertTrue(r.contains("Max age         2h: at that age the master terminates the cluster, with its "
                + "instance role (of EMR_EC2_DefaultRole), if its policies allow elasticmapreduce:TerminateJobFlows"), r);
        Profile shorter = TestProfiles.minimal("emr-7.5.0").with(Map.of("MAX_AGE", "90m"));
        assertTrue(PlanSummary.render(build(shorter), shorter).contains("so a forgotten cluster lives at most 1h30m, and any cluster at most "
                + "1h30m (MAX_AGE)"));
        Profile off = TestProfiles.minimal("emr-7.5.0");
        assertTrue(PlanSummary.render(build(off), off).contains("Max age         off (MAX_AGE)\n"));
    }

    @Test
    void thePipIndexesAreNamedButNeverShown() {
        Profile p = TestProfiles.full();
        String s = PlanSummary.render(build(p), p);
        assertTrue(s.contains("Pip index       PIP_INDEX_URL=****, PIP_EXTRA_INDEX_URL=**** (in pip.conf of INIT_ASSET_DIR_S3"), s);
        assertFalse(s.contains(TestProfiles.PIP_TOKEN) || s.contains("codeartifact") || s.contains("pypi.acme"), s);
        Profile none = TestProfiles.minimal("emr-7.5.0");
        assertFalse(PlanSummary.render(build(none), none).contains("Pip index"));
    }

    @Test
    void theCoreStorageAndTheRootVolumeSayWhereTheirSizeComesFrom() {
        Profile eda = TestProfiles.minimal("emr-7.5.0").with(Map.of("CORE_EC2_TYPE", "r5.4xlarge"));
        String s = PlanSummary.render(build(eda), eda);
        assertTrue(s.contains("                Core 1 × r5.4xlarge on-demand, EMR's default EBS storage for r5.4xlarge\n"), s);
        assertTrue(s.contains("Root volume     30 GiB per node (boot_eda.sh's default, for its Python packages)\n"), s);

        Profile set = eda.with(Map.of("CORE_EBS_SIZE", "100", "ROOT_EBS_SIZE", "30"));
        String sized = PlanSummary.render(build(set), set);
        assertTrue(sized.contains("                Core 1 × r5.4xlarge on-demand, 100 GiB gp3 each\n"), sized);
        assertTrue(sized.contains("Root volume     30 GiB per node\n"), "set, so no one's default: " + sized);

        Profile min = TestProfiles.minimal("emr-7.5.0").with(Map.of("BOOTSTRAP_SCRIPT", "boot_min.sh"));
        String emrs = PlanSummary.render(build(min), min);
        assertTrue(emrs.contains("Root volume     EMR's default, 15 GiB on emr-7.5.0 (ROOT_EBS_SIZE to change it)\n"), emrs);
        Profile old = TestProfiles.minimal("emr-6.9.0").with(Map.of("BOOTSTRAP_SCRIPT", "boot_min.sh"));
        assertTrue(PlanSummary.render(build(old), old).contains("Root volume     EMR's default, 10 GiB on emr-6.9.0"));
    }

    @Test
    void onDemandTaskGroup() {
        String s = PlanSummary.render(build(TestProfiles.minimal("emr-7.5.0").with(Map.of("NUM_TASK_INSTANCE", "4"))));
        assertTrue(s.contains("                Task 4 × m5.xlarge on-demand\n"), s);
    }

    @Test
    void durations() {
        assertEquals("2h", PlanSummary.duration(7200));
        assertEquals("1h30m", PlanSummary.duration(5400));
        assertEquals("1d", PlanSummary.duration(86_400));
        assertEquals("1d2h", PlanSummary.duration(93_600));
        assertEquals("1m30s", PlanSummary.duration(90));
        assertEquals("0s", PlanSummary.duration(0));
    }
}
