package io.wadal.check;

import io.wadal.aws.ManagedPolicyTag;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

import java.util.ArrayList;
import java.util.List;

import static io.wadal.check.AwsErrors.code;

/**
 * Under AmazonEMRServicePolicy_v2, EMR launches only into a subnet and security groups tagged
 * {@value ManagedPolicyTag#KEY}=true: the cluster gets the tag from wadal, wadal-ssh too, but
 * the subnet and the company's own groups are the account's to tag.
 */
final class PolicyTagCheck {
    private final Profile p;
    private final IamClient iam;
    private final Ec2Client ec2;

    PolicyTagCheck(Profile p, IamClient iam, Ec2Client ec2) {
        this.p = p;
        this.iam = iam;
        this.ec2 = ec2;
    }

    CheckResult policyTags(NetworkChecks.NetworkPlace place) {
        String role = p.serviceRole();
        List<AttachedPolicy> attached;
        try {
            attached = iam.listAttachedRolePoliciesPaginator(b -> b.roleName(role)).attachedPolicies().stream().toList();
        } catch (AwsServiceException e) {
            if (code(e).equals("NoSuchEntity")) {
                return CheckResult.skipped(Items.POLICY_TAGS, "no service role " + role + " (see roles)");
            }
            if (e.statusCode() == 403 || code(e).startsWith("AccessDenied")) {
                return CheckResult.warning(Items.POLICY_TAGS, "could not read the policies of service role " + role
                        + " (iam:ListAttachedRolePolicies): if it uses " + ManagedPolicyTag.V2_POLICY + ", the subnet and your own "
                        + "security groups need the tag " + ManagedPolicyTag.KEY + "=" + ManagedPolicyTag.VALUE);
            }
            throw e;
        }
        if (attached.stream().noneMatch(a -> ManagedPolicyTag.V2_POLICY.equals(a.policyName()))) {
            return CheckResult.skipped(Items.POLICY_TAGS, "service role " + role + " does not use " + ManagedPolicyTag.V2_POLICY
                    + ": no tags needed");
        }
        if (place.vpc().isEmpty()) {
            return CheckResult.skipped(Items.POLICY_TAGS, "no VPC to look in (see subnet)");
        }
        List<String> untagged = new ArrayList<>();
        List<Subnet> subnets = p.subnet().isPresent()
                ? ec2.describeSubnets(b -> b.subnetIds(p.subnet().get())).subnets()
                : ec2.describeSubnets(b -> b.filters(filter("vpc-id", place.vpc().get()), filter("default-for-az", "true"))).subnets();
        subnets.stream().filter(s -> !ManagedPolicyTag.on(s.tags())).map(Subnet::subnetId).sorted().forEach(untagged::add);
        List<String> groups = p.additionalMasterSecurityGroups();
        if (!groups.isEmpty()) {
            ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-id").values(groups).build())).securityGroups()
                    .stream().filter(g -> groups.contains(g.groupId()) && !ManagedPolicyTag.on(g.tags()))
                    .map(SecurityGroup::groupId).sorted().forEach(untagged::add);
        }
        String where = "service role " + role + " uses " + ManagedPolicyTag.V2_POLICY + ", under which EMR launches only into a "
                + "subnet and security groups tagged " + ManagedPolicyTag.KEY + "=" + ManagedPolicyTag.VALUE;
        if (!untagged.isEmpty()) {
            return CheckResult.failed(Items.POLICY_TAGS, where + "; not tagged: " + String.join(", ", untagged)
                    + (p.subnet().isEmpty() ? " (the default VPC's subnets; or set " + ProfileKey.AWS_EMR_SUBNET + ")" : "")
                    + ": run '" + ManagedPolicyTag.fix(untagged) + "'");
        }
        return CheckResult.ok(Items.POLICY_TAGS, where + ": " + String.join(", ", subnets.stream().map(Subnet::subnetId).toList())
                + (groups.isEmpty() ? "" : " and " + String.join(", ", groups)) + " are");
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
