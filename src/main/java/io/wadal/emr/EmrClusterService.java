package io.wadal.emr;

import io.wadal.aws.AwsFailure;
import io.wadal.error.WadalException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterSummary;
import software.amazon.awssdk.services.emr.model.EmrException;
import software.amazon.awssdk.services.emr.model.Instance;
import software.amazon.awssdk.services.emr.model.InstanceGroupType;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.Tag;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The EMR calls wadal makes. SDK failures become {@link WadalException}s (exit 1) whose
 * message names the call and the reason.
 */
public class EmrClusterService {
    public static final List<ClusterState> ACTIVE_STATES = List.of(
            ClusterState.STARTING, ClusterState.BOOTSTRAPPING, ClusterState.RUNNING, ClusterState.WAITING);

    private final EmrClient emr;

    public EmrClusterService(EmrClient emr) {
        this.emr = emr;
    }

    /**
     * One RunJobFlow attempt, never retried by the SDK: RunJobFlow is not idempotent, so a retry
     * after an answer was lost launches a second cluster. {@link ClusterLauncher} decides what next.
     */
    String runJobFlowOnce(RunJobFlowRequest request) {
        RunJobFlowRequest once = request.toBuilder().overrideConfiguration(o -> o.addPlugin(config ->
                config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build()))).build();
        return emr.runJobFlow(once).jobFlowId();
    }

    public ClusterInfo describe(String clusterId) {
        return describeIfExists(clusterId).orElseThrow(() -> WadalException.failed(
                "EMR DescribeCluster: cluster " + clusterId + " does not exist in this region/account"));
    }

    /** The cluster, or empty when EMR no longer knows it (deleted long ago, or another account/region). */
    public Optional<ClusterInfo> describeIfExists(String clusterId) {
        try {
            return Optional.of(toInfo(emr.describeCluster(b -> b.clusterId(clusterId)).cluster()));
        } catch (EmrException e) {
            String msg = String.valueOf(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
            if (e.statusCode() == 400 && (msg.contains("not valid") || msg.contains("not found")
                    || msg.contains("does not exist") || msg.contains("Cluster id"))) {
                return Optional.empty();
            }
            throw translate("DescribeCluster", e);
        } catch (SdkException e) {
            throw translate("DescribeCluster", e);
        }
    }

    /** The master instance's addresses (a running one first, for clusters with three masters), or empty when EMR lists none yet. */
    public Optional<MasterAddresses> masterAddresses(String clusterId) {
        List<Instance> masters = call("ListInstances", () -> {
            List<Instance> all = new ArrayList<>();
            emr.listInstancesPaginator(b -> b.clusterId(clusterId).instanceGroupTypes(InstanceGroupType.MASTER))
                    .instances().forEach(all::add);
            return all;
        });
        return masters.stream()
                .sorted((a, b) -> Boolean.compare(!running(a), !running(b)))
                .findFirst()
                .map(i -> new MasterAddresses(i.publicDnsName(), i.publicIpAddress(), i.privateDnsName(), i.privateIpAddress()));
    }

    private static boolean running(Instance i) {
        return i.status() != null && "RUNNING".equals(i.status().stateAsString());
    }

    /**
     * The host to reach the master at for a MASTER_ADDRESS mode: public-dns is DescribeCluster's
     * MasterPublicDnsName (no further call), the others come from ListInstances; auto falls back
     * to MasterPublicDnsName when ListInstances cannot be asked or lists no master. Null when not known yet.
     */
    public String masterHost(ClusterInfo info, String mode) {
        if (mode.equals(MasterAddresses.PUBLIC_DNS)) {
            return info.masterPublicDns();
        }
        Optional<MasterAddresses> addresses;
        try {
            addresses = masterAddresses(info.id());
        } catch (WadalException e) {
            if (mode.equals(MasterAddresses.AUTO)) {
                return info.masterPublicDns();
            }
            throw e;
        }
        if (addresses.isEmpty()) {
            return mode.equals(MasterAddresses.AUTO) ? info.masterPublicDns() : null;
        }
        return addresses.get().choose(mode);
    }

    public void terminate(String clusterId) {
        call("TerminateJobFlows", () -> emr.terminateJobFlows(b -> b.jobFlowIds(clusterId)));
    }

    /** Active clusters carrying the given tag key, with the tag's value, described in full. */
    public List<ClusterInfo> activeClustersTagged(String tagKey) {
        List<ClusterSummary> summaries = call("ListClusters", () -> {
            List<ClusterSummary> all = new ArrayList<>();
            emr.listClustersPaginator(b -> b.clusterStates(ACTIVE_STATES)).clusters().forEach(all::add);
            return all;
        });
        List<ClusterInfo> tagged = new ArrayList<>();
        for (ClusterSummary s : summaries) {
            describeIfExists(s.id()).filter(c -> c.tags().containsKey(tagKey)).ifPresent(tagged::add);
        }
        return tagged;
    }

    /** The active cluster carrying {@code key=value}, if any. */
    public Optional<ClusterInfo> activeClusterTagged(String key, String value) {
        return activeClustersTagged(key).stream().filter(c -> value.equals(c.tags().get(key))).findFirst();
    }

    private static ClusterInfo toInfo(Cluster c) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag t : c.tags()) {
            tags.put(t.key(), t.value());
        }
        var status = c.status();
        var reason = status.stateChangeReason();
        var timeline = status.timeline();
        return new ClusterInfo(c.id(), c.name(), status.stateAsString(),
                reason == null ? null : reason.codeAsString(), reason == null ? null : reason.message(),
                c.masterPublicDnsName(),
                timeline == null ? null : timeline.creationDateTime(),
                timeline == null ? null : timeline.endDateTime(),
                c.normalizedInstanceHours(), tags, c.logUri());
    }

    private static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(operation, e);
        }
    }

    /**
     * True when the failure of a call may pass if it is made again later: throttling (429,
     * ThrottlingException, RequestLimitExceeded…), a 5xx, or the network (a timeout, a dropped
     * connection). Access denied, validation errors and missing credentials are not.
     */
    public static boolean isTransient(WadalException e) {
        Throwable cause = e.getCause();
        if (cause instanceof AwsServiceException a) {
            return a.isThrottlingException() || a.statusCode() >= 500;
        }
        if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        if (cause instanceof SdkClientException) {
            for (Throwable t = cause.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
                if (t instanceof IOException) {
                    return true;
                }
            }
        }
        return false;
    }

    static WadalException translate(String operation, SdkException e) {
        String why = e.getMessage();
        if (e instanceof EmrException emrEx && emrEx.awsErrorDetails() != null) {
            why = emrEx.awsErrorDetails().errorCode() + ": " + emrEx.awsErrorDetails().errorMessage();
        } else {
            why = AwsFailure.why(e);
        }
        return WadalException.failed("EMR " + operation + " failed: " + firstLine(why), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
