package io.wadal.emr;

import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The readable form of a RunJobFlow request that {@code wadal plan} prints. */
public final class PlanSummary {
    private static final int LABEL_WIDTH = 16;

    private PlanSummary() {
    }

    public static String render(RunJobFlowRequest r) {
        return render(r, Optional.empty(), null);
    }

    /** With the profile the request was built from, which says where the root volume's size comes from. */
    public static String render(RunJobFlowRequest r, Profile p) {
        return render(r, Optional.of(p), null);
    }

    /** @param sshAccess what wadal does for SSH to the master (SSH_FROM), or null */
    public static String render(RunJobFlowRequest r, String sshAccess) {
        return render(r, Optional.empty(), sshAccess);
    }

    /** @param sshAccess what wadal does for SSH to the master (SSH_FROM), or null */
    public static String render(RunJobFlowRequest r, Profile p, String sshAccess) {
        return render(r, Optional.of(p), sshAccess);
    }

    private static String render(RunJobFlowRequest r, Optional<Profile> profile, String sshAccess) {
        StringBuilder out = new StringBuilder();
        line(out, "Cluster", List.of(r.name()));
        line(out, "Release", List.of(r.releaseLabel()));
        JobFlowInstancesConfig instances = r.instances();
        if (instances != null) {
            line(out, "Instances", instances.instanceGroups().stream().map(PlanSummary::group).toList());
            line(out, "Root volume", List.of(rootVolume(r, profile)));
            line(out, "Subnet", List.of(orNone(instances.ec2SubnetId(), "default VPC")));
            line(out, "Key pair", List.of(orNone(instances.ec2KeyName(), "none (no SSH access)")));
            if (!instances.additionalMasterSecurityGroups().isEmpty()) {
                line(out, "Master groups", List.of(String.join(", ", instances.additionalMasterSecurityGroups())));
            }
            if (sshAccess != null) {
                line(out, "SSH access", List.of(sshAccess));
            }
        }
        line(out, "Applications", List.of(r.applications().stream().map(Application::name)
                .collect(Collectors.joining(", "))));
        line(out, "Configurations", List.of(r.configurations().isEmpty() ? "none"
                : r.configurations().stream().map(Configuration::classification).collect(Collectors.joining(", "))));
        line(out, "Bootstrap", r.bootstrapActions().stream().map(PlanSummary::bootstrap).toList());
        profile.map(PlanSummary::pipIndexes).filter(s -> !s.isEmpty()).ifPresent(s -> line(out, "Pip index", List.of(s)));
        line(out, "Steps", r.steps().stream().map(PlanSummary::step).toList());
        line(out, "Logs", List.of(orNone(r.logUri(), "not kept (" + ProfileKey.EMR_LOG_DIR_S3 + "=off, or no " + ProfileKey.INIT_ASSET_DIR_S3 + ")")));
        line(out, "Idle timeout", List.of(IdleLifetime.describe(Optional.ofNullable(r.autoTerminationPolicy())
                .map(a -> a.idleTimeout()).map(Duration::ofSeconds), kernelIdleTimeout(r), profile.flatMap(Profile::maxAge))));
        profile.ifPresent(p -> line(out, "Max age", List.of(maxAge(p))));
        line(out, "Tags", List.of(r.tags().stream().map(t -> t.key() + "=" + t.value())
                .collect(Collectors.joining(", "))));
        line(out, "Roles", List.of("service " + r.serviceRole() + ", instance profile " + r.jobFlowRole()));
        return out.toString();
    }

    /** KERNEL_IDLE_TIMEOUT as the configure step sends it; empty when off. */
    private static Optional<Duration> kernelIdleTimeout(RunJobFlowRequest r) {
        for (StepConfig s : r.steps()) {
            List<String> args = s.hadoopJarStep() == null ? List.of() : s.hadoopJarStep().args();
            int at = args.indexOf(RunJobFlowRequestBuilder.KERNEL_IDLE_OPTION);
            if (RunJobFlowRequestBuilder.JUPYTER_STEP.equals(s.name()) && at >= 0 && at + 1 < args.size()
                    && args.get(at + 1).matches("[0-9]{1,9}")) {
                long seconds = Long.parseLong(args.get(at + 1));
                return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
            }
        }
        return Optional.empty();
    }

    private static String group(InstanceGroupConfig g) {
        StringBuilder s = new StringBuilder()
                .append(g.name()).append(' ').append(g.instanceCount()).append(" × ").append(g.instanceType())
                .append(g.market() == MarketType.SPOT ? " spot" : " on-demand");
        if (g.bidPrice() != null) {
            s.append(", bid $").append(g.bidPrice());
        }
        if (g.ebsConfiguration() == null && g.instanceRole() == InstanceRoleType.CORE) {
            s.append(", EMR's default EBS storage for ").append(g.instanceType());
        } else if (g.ebsConfiguration() != null) {
            List<String> volumes = new ArrayList<>();
            for (EbsBlockDeviceConfig d : g.ebsConfiguration().ebsBlockDeviceConfigs()) {
                Integer n = d.volumesPerInstance();
                volumes.add((n != null && n > 1 ? n + " × " : "") + d.volumeSpecification().sizeInGB() + " GiB "
                        + d.volumeSpecification().volumeType());
            }
            if (!volumes.isEmpty()) {
                s.append(", ").append(String.join(" + ", volumes)).append(" each");
            }
        }
        return s.toString();
    }

    private static String rootVolume(RunJobFlowRequest r, Optional<Profile> profile) {
        if (r.ebsRootVolumeSize() == null) {
            return "EMR's default" + profile.flatMap(Profile::emrVersion)
                    .map(v -> ", " + RunJobFlowRequestBuilder.minRootVolumeGb(v) + " GiB on " + r.releaseLabel())
                    .orElse("") + " (" + ProfileKey.ROOT_EBS_SIZE + " to change it)";
        }
        String size = r.ebsRootVolumeSize() + " GiB per node";
        // ROOT_EBS_SIZE unset, yet a size: the bootstrap's own default
        Optional<Profile> unset = profile.filter(p -> p.values().getOrDefault(ProfileKey.ROOT_EBS_SIZE.name(), "").isBlank());
        return unset.map(p -> size + " (" + p.bootstrapScript() + "'s default, for its Python packages)").orElse(size);
    }

    /** MAX_AGE and how the master will act on it; create checks the instance role's policies (plan calls no AWS API). */
    private static String maxAge(Profile p) {
        if (p.maxAge().isEmpty()) {
            return "off (" + ProfileKey.MAX_AGE + ")";
        }
        String at = duration(p.maxAge().get().getSeconds()) + ": at that age the master "
                + (p.gitRepo().isPresent() && p.autosaveInterval().isPresent() ? "takes a final autosave and " : "") + "terminates the cluster, ";
        if (p.emrTermAccessKey().isPresent() != p.emrTermSecretKey().isPresent()) {
            return at + "but only one of " + ProfileKey.EMR_TERM_ACCESS_KEY + " and " + ProfileKey.EMR_TERM_SECRET_KEY
                    + " is set, which create refuses: set both, or neither for the instance role";
        }
        return p.hasEmrTermKeys()
                ? at + "with the IAM user of " + ProfileKey.EMR_TERM_ACCESS_KEY
                : at + "with its instance role (of " + p.ec2Role() + "), if its policies allow elasticmapreduce:TerminateJobFlows: "
                        + "create refuses it otherwise, check tells";
    }

    /** Which pip indexes the nodes use, never their URLs (they may carry a token); empty: PyPI. */
    private static String pipIndexes(Profile p) {
        List<String> set = new ArrayList<>();
        p.pipIndexUrl().ifPresent(u -> set.add(ProfileKey.PIP_INDEX_URL + "=****"));
        p.pipExtraIndexUrl().ifPresent(u -> set.add(ProfileKey.PIP_EXTRA_INDEX_URL + "=****"));
        return set.isEmpty() ? "" : String.join(", ", set) + " (in pip.conf of " + ProfileKey.INIT_ASSET_DIR_S3
                + ", put there by upload-assets; never in an EMR field)";
    }

    private static String bootstrap(BootstrapActionConfig b) {
        String args = String.join(" ", b.scriptBootstrapAction().args());
        return b.scriptBootstrapAction().path() + (args.isEmpty() ? "" : " " + args);
    }

    private static String step(StepConfig s) {
        return s.name() + ": " + String.join(" ", s.hadoopJarStep().args());
    }

    /** {@code 2h}, {@code 1h30m}, {@code 1d}, {@code 45m}, {@code 90s}. */
    public static String duration(long seconds) {
        long d = seconds / 86_400;
        long h = seconds % 86_400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (d > 0) {
            out.append(d).append('d');
        }
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(m).append('m');
        }
        if (s > 0 || out.length() == 0) {
            out.append(s).append('s');
        }
        return out.toString();
    }

    private static String orNone(String value, String none) {
        return value == null || value.isBlank() ? none : value;
    }

    private static void line(StringBuilder out, String label, List<String> values) {
        List<String> lines = values.isEmpty() ? List.of("none") : values;
        for (int i = 0; i < lines.size(); i++) {
            String head = i == 0 ? label : "";
            out.append(head).append(" ".repeat(Math.max(1, LABEL_WIDTH - head.length()))).append(lines.get(i))
                    .append('\n');
        }
    }
}
