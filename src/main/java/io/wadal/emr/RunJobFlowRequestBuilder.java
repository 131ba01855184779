package io.wadal.emr;

import io.wadal.assets.AssetCatalog;
import io.wadal.assets.PipConfig;
import io.wadal.aws.ManagedPolicyTag;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.S3Uri;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.Application;
import software.amazon.awssdk.services.emr.model.AutoTerminationPolicy;
import software.amazon.awssdk.services.emr.model.BootstrapActionConfig;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.EbsBlockDeviceConfig;
import software.amazon.awssdk.services.emr.model.EbsConfiguration;
import software.amazon.awssdk.services.emr.model.HadoopJarStepConfig;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.JobFlowInstancesConfig;
import software.amazon.awssdk.services.emr.model.MarketType;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.ScriptBootstrapActionConfig;
import software.amazon.awssdk.services.emr.model.StepConfig;
import software.amazon.awssdk.services.emr.model.Tag;
import software.amazon.awssdk.services.emr.model.VolumeSpecification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The RunJobFlow request {@code create} sends for a profile. Secrets never go into
 * it: anyone allowed {@code elasticmapreduce:Describe*} can read every field back, so the repository is
 * cloned over SSH later instead of by a step.
 */
public final class RunJobFlowRequestBuilder {
    public static final String PROFILE_TAG = "wadal:profile";
    /** A new value for every create: finds the cluster again when RunJobFlow's answer is lost. */
    public static final String LAUNCH_TAG = "wadal:launch";
    /** The STS caller ARN of whoever ran create: --adopt takes only the caller's own clusters. */
    public static final String CREATOR_TAG = "wadal:creator";
    /** EMR's v2 managed policies let EMR create instances only for a cluster with this tag set to true. */
    public static final String MANAGED_POLICIES_TAG = ManagedPolicyTag.KEY;
    // What plan shows (it calls nothing): create fills in the real values.
    static final String LAUNCH_PLACEHOLDER = "<new at each create>";
    static final String CREATOR_PLACEHOLDER = "<your AWS caller ARN, resolved at create>";
    public static final String COPY_ASSETS_STEP = "wadal: copy assets";
    public static final String JUPYTER_STEP = "wadal: configure Jupyter";
    /** run_jupyter.sh configure's option for KERNEL_IDLE_TIMEOUT, in seconds (0: off). */
    public static final String KERNEL_IDLE_OPTION = "--kernel-idle-timeout";
    public static final String BOOTSTRAP_ACTION = "wadal bootstrap";
    /** EMR's smallest root volume from emr-6.10.0 on, also its default there; 10 GiB before (Management Guide, custom AMIs). */
    static final int MIN_ROOT_EBS_FROM_6_10 = 15;
    static final int MIN_ROOT_EBS_BEFORE_6_10 = 10;
    /** Additional security groups EMR takes for the master node (EMR Management Guide, "Specifying … security groups"). */
    public static final int MAX_ADDITIONAL_MASTER_GROUPS = 4;

    private final Consumer<String> warnings;

    public RunJobFlowRequestBuilder(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    public RunJobFlowRequest build(Profile p, String region, List<Configuration> configurations,
                                   BootstrapScript bootstrap) {
        String label = p.emrLabel().orElseThrow(() -> required(p, ProfileKey.AWS_EMR_LABEL, "emr-7.5.0"));
        S3Uri assets = p.initAssetDir().orElseThrow(() -> required(p, ProfileKey.INIT_ASSET_DIR_S3, "s3://my-bucket/wadal"));
        if (region == null || region.isBlank()) {
            throw WadalException.usage("no AWS region: set " + ProfileKey.AWS_REGION + " in profiles/" + p.name()
                    + " or in the environment");
        }
        int major = p.emrVersion().orElseThrow()[0];

        RunJobFlowRequest.Builder b = RunJobFlowRequest.builder()
                .name(p.clusterName())
                .releaseLabel(label)
                .serviceRole(p.serviceRole())
                .jobFlowRole(p.ec2Role())
                .visibleToAllUsers(true)
                .applications(p.applications().stream().map(a -> Application.builder().name(a).build()).toList())
                .configurations(configurations)
                .instances(instances(p, major))
                .bootstrapActions(BootstrapActionConfig.builder()
                        .name(BOOTSTRAP_ACTION)
                        .scriptBootstrapAction(ScriptBootstrapActionConfig.builder().path(bootstrap.s3Uri())
                                .args(bootstrapArgs(p, assets, bootstrap)).build())
                        .build())
                .steps(steps(p, region, assets))
                .tags(tags(p));
        p.logDir().ifPresent(log -> b.logUri(log.toString()));
        rootVolume(p, label).ifPresent(b::ebsRootVolumeSize);
        idleTimeout(p, label).ifPresent(t ->
                b.autoTerminationPolicy(AutoTerminationPolicy.builder().idleTimeout(t.getSeconds()).build()));
        return b.build();
    }

    private static WadalException required(Profile p, ProfileKey key, String example) {
        return WadalException.usage(key + " is required to create a cluster; set it in profiles/" + p.name()
                + ", e.g. " + example);
    }

    private static JobFlowInstancesConfig instances(Profile p, int emrMajor) {
        List<InstanceGroupConfig> groups = new ArrayList<>();
        groups.add(InstanceGroupConfig.builder()
                .name("Master").instanceRole(InstanceRoleType.MASTER).market(MarketType.ON_DEMAND)
                .instanceCount(1).instanceType(p.masterEc2Type())
                .build());
        if (p.coreInstances() > 0) {
            groups.add(InstanceGroupConfig.builder()
                    .name("Core").instanceRole(InstanceRoleType.CORE).market(MarketType.ON_DEMAND)
                    .instanceCount(p.coreInstances()).instanceType(p.coreEc2Type())
                    // unset: no EbsConfiguration, so EMR gives the instance type its default storage
                    .ebsConfiguration(p.coreEbsSizeGb().isPresent() ? coreEbs(p.coreEbsSizeGb().getAsInt(), emrMajor) : null)
                    .build());
        }
        if (p.taskInstances() > 0) {
            InstanceGroupConfig.Builder task = InstanceGroupConfig.builder()
                    .name("Task").instanceRole(InstanceRoleType.TASK)
                    .instanceCount(p.taskInstances()).instanceType(p.taskEc2Type());
            p.taskSpotBidPrice().ifPresentOrElse(
                    bid -> task.market(MarketType.SPOT).bidPrice(bid),
                    () -> task.market(MarketType.ON_DEMAND));
            groups.add(task.build());
        }
        JobFlowInstancesConfig.Builder b = JobFlowInstancesConfig.builder()
                .instanceGroups(groups)
                .keepJobFlowAliveWhenNoSteps(true)
                .terminationProtected(false);
        p.keyPairName().ifPresent(b::ec2KeyName);
        p.subnet().ifPresent(b::ec2SubnetId);
        masterGroups(p).ifPresent(b::additionalMasterSecurityGroups);
        return b.build();
    }

    /**
     * ADDITIONAL_MASTER_SECURITY_GROUPS (create puts wadal-ssh first). EMR takes up to four
     * (EC2's five groups per network interface, EMR's own included); wadal-ssh counts as one.
     */
    private static Optional<List<String>> masterGroups(Profile p) {
        List<String> groups = p.additionalMasterSecurityGroups();
        boolean managed = p.sshFrom().managed(p.proxyJump().isPresent());
        if (groups.size() + (managed ? 1 : 0) > MAX_ADDITIONAL_MASTER_GROUPS) {
            throw WadalException.usage(p.whereSet(ProfileKey.ADDITIONAL_MASTER_SECURITY_GROUPS) + ": "
                    + ProfileKey.ADDITIONAL_MASTER_SECURITY_GROUPS + " has " + groups.size() + " groups"
                    + (managed ? " and wadal adds its own (wadal-ssh, for " + ProfileKey.SSH_FROM + ")" : "") + ": EMR takes up to "
                    + MAX_ADDITIONAL_MASTER_GROUPS + " additional groups for the master"
                    + (managed ? "; use fewer, or set " + ProfileKey.SSH_FROM + "=off" : "; use fewer"));
        }
        return groups.isEmpty() ? Optional.empty() : Optional.of(groups);
    }

    /** The request with these groups on the master before the profile's own (create's wadal-ssh). */
    public static RunJobFlowRequest withMasterSecurityGroups(RunJobFlowRequest request, List<String> first) {
        if (first.isEmpty()) {
            return request;
        }
        List<String> groups = new ArrayList<>(first);
        request.instances().additionalMasterSecurityGroups().stream().filter(g -> !first.contains(g)).forEach(groups::add);
        return request.toBuilder().instances(request.instances().toBuilder().additionalMasterSecurityGroups(groups).build())
                .build();
    }

    // gp3 is cheaper and faster; the original's emr-5 clusters used gp2, which older releases expect
    private static EbsConfiguration coreEbs(int sizeGb, int emrMajor) {
        return EbsConfiguration.builder()
                .ebsBlockDeviceConfigs(EbsBlockDeviceConfig.builder()
                        .volumeSpecification(VolumeSpecification.builder()
                                .volumeType(emrMajor >= 6 ? "gp3" : "gp2")
                                .sizeInGB(sizeGb)
                                .build())
                        .volumesPerInstance(1)
                        .build())
                .build();
    }

    /** ROOT_EBS_SIZE (or boot_eda.sh's 30 GiB), refused below the smallest root volume the release takes. */
    private static Optional<Integer> rootVolume(Profile p, String label) {
        if (p.rootEbsSizeGb().isEmpty()) {
            return Optional.empty();
        }
        int size = p.rootEbsSizeGb().getAsInt();
        int min = minRootVolumeGb(p.emrVersion().orElseThrow());
        if (size < min) {
            throw WadalException.usage(p.whereSet(ProfileKey.ROOT_EBS_SIZE) + ": " + ProfileKey.ROOT_EBS_SIZE + "=" + size + " is below the " + min
                    + " GiB root volume EMR requires from emr-6.10.0 on (this profile: " + label + "): set "
                    + ProfileKey.ROOT_EBS_SIZE + " to " + min + " or more, or remove it");
        }
        return Optional.of(size);
    }

    /** EMR's smallest root volume, which is also its default, for a release. */
    public static int minRootVolumeGb(int[] v) {
        return v[0] > 6 || v[0] == 6 && v[1] >= 10 ? MIN_ROOT_EBS_FROM_6_10 : MIN_ROOT_EBS_BEFORE_6_10;
    }

    /** A bundled bootstrap (boot_*.sh in the asset dir) is told whether to use the dir's pip.conf; a script of yours gets no argument. */
    private static List<String> bootstrapArgs(Profile p, S3Uri assets, BootstrapScript bootstrap) {
        boolean bundled = bootstrap.localFile().isEmpty()
                && AssetCatalog.BOOT_SCRIPTS.stream().anyMatch(name -> assets.resolve(name).equals(bootstrap.s3Uri()));
        return bundled ? List.of(PipConfig.flag(p)) : List.of();
    }

    private static List<StepConfig> steps(Profile p, String region, S3Uri assets) {
        List<String> jupyter = new ArrayList<>(List.of(assets.resolve("run_jupyter.sh"), "configure",
                "--port", Integer.toString(p.jupyterPort()), "--mode", p.jupyterMode()));
        p.gitRepoName().ifPresent(repo -> jupyter.addAll(List.of("--repo", repo)));
        if (p.jupyterPublic()) {
            jupyter.add("--public");
        }
        jupyter.addAll(List.of(KERNEL_IDLE_OPTION, Long.toString(kernelIdleSeconds(p))));
        return List.of(
                scriptStep(COPY_ASSETS_STEP, region, List.of(assets.resolve("cp_assets.sh"))),
                scriptStep(JUPYTER_STEP, region, jupyter));
    }

    /** KERNEL_IDLE_TIMEOUT in seconds as run_jupyter.sh configure takes it; 0 when off. */
    public static long kernelIdleSeconds(Profile p) {
        return p.kernelIdleTimeout().map(Duration::getSeconds).orElse(0L);
    }

    private static StepConfig scriptStep(String name, String region, List<String> args) {
        return StepConfig.builder()
                .name(name)
                .actionOnFailure(ActionOnFailure.CONTINUE)
                .hadoopJarStep(HadoopJarStepConfig.builder()
                        .jar("s3://" + region + ".elasticmapreduce/libs/script-runner/script-runner.jar")
                        .args(args)
                        .build())
                .build();
    }

    private List<Tag> tags(Profile p) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", p.clusterName());
        tags.put(PROFILE_TAG, p.name());
        tags.put(LAUNCH_TAG, LAUNCH_PLACEHOLDER);
        tags.put(CREATOR_TAG, CREATOR_PLACEHOLDER);
        tags.put(MANAGED_POLICIES_TAG, ManagedPolicyTag.VALUE);
        p.tags().forEach((k, v) -> {
            if (tags.containsKey(k)) {
                warnings.accept("tag " + k + "=" + v + " ignored: wadal sets " + k + "=" + tags.get(k));
            } else {
                tags.put(k, v);
            }
        });
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** The request with its launch and creator tags filled in, as create sends it. */
    public static RunJobFlowRequest withLaunchTags(RunJobFlowRequest request, String launchId, String creatorArn) {
        List<Tag> tags = request.tags().stream().map(t -> switch (t.key()) {
            case LAUNCH_TAG -> t.toBuilder().value(launchId).build();
            case CREATOR_TAG -> t.toBuilder().value(creatorArn).build();
            default -> t;
        }).toList();
        return request.toBuilder().tags(tags).build();
    }

    /** The request's launch tag, unless it is plan's placeholder. */
    public static Optional<String> launchId(RunJobFlowRequest request) {
        return request.tags().stream().filter(t -> t.key().equals(LAUNCH_TAG)).map(Tag::value)
                .filter(v -> !v.equals(LAUNCH_PLACEHOLDER)).findFirst();
    }

    private Optional<Duration> idleTimeout(Profile p, String label) {
        Optional<Duration> timeout = p.idleTimeout();
        if (timeout.isPresent() && !supportsAutoTermination(p.emrVersion().orElseThrow())) {
            warnings.accept(ProfileKey.IDLE_TIMEOUT + " ignored: EMR supports auto-termination from emr-5.30.0 / emr-6.1.0; "
                    + label + " has none — terminate the cluster yourself");
            return Optional.empty();
        }
        return timeout;
    }

    public static boolean supportsAutoTermination(int[] v) {
        return switch (v[0]) {
            case 5 -> v[1] >= 30;
            case 6 -> v[1] >= 1;
            default -> v[0] >= 7;
        };
    }
}
