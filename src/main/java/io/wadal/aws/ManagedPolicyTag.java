package io.wadal.aws;

import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.List;

/**
 * The tag EMR's v2 managed policies (AmazonEMRServicePolicy_v2, which AWS recommends for the
 * service role) look for: EMR may launch a cluster's instances only when the cluster, its subnet
 * and every security group EMR did not make carry it, set to true (EMR Management Guide, "Tagging
 * resources to use managed policies"). Harmless under the v1 policy.
 */
public final class ManagedPolicyTag {
    public static final String KEY = "for-use-with-amazon-emr-managed-policies";
    public static final String VALUE = "true";
    /** The service-role policy that asks for it. */
    public static final String V2_POLICY = "AmazonEMRServicePolicy_v2";

    private ManagedPolicyTag() {
    }

    /** Whether an EC2 resource with these tags carries it. */
    public static boolean on(List<Tag> tags) {
        return tags.stream().anyMatch(t -> KEY.equals(t.key()) && VALUE.equals(t.value()));
    }

    /** The AWS CLI line that puts it on these resources. */
    public static String fix(List<String> resources) {
        return "aws ec2 create-tags --resources " + String.join(" ", resources) + " --tags Key=" + KEY + ",Value=" + VALUE;
    }
}
