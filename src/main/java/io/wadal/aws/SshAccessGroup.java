package io.wadal.aws;

import io.wadal.error.WadalException;
import io.wadal.profile.ProfileKey;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The security group {@value #NAME} wadal manages in a VPC: found by its name and its tag
 * {@value #TAG_KEY}={@value #TAG_VALUE}, made when missing (also tagged for EMR's v2 managed
 * policies: {@link ManagedPolicyTag}), and holding one tcp/22 rule per address range that may SSH
 * to the master. wadal adds rules, never removes any.
 */
public final class SshAccessGroup {
    public static final String NAME = "wadal-ssh";
    public static final String TAG_KEY = "wadal:managed";
    public static final String TAG_VALUE = "ssh";
    public static final int SSH_PORT = 22;
    static final String DESCRIPTION = "wadal: SSH (tcp/22) to EMR master nodes from the addresses of "
            + ProfileKey.SSH_FROM + "; rules are added by wadal create, never removed";
    /** EC2's charset for rule descriptions (besides letters, digits and spaces). */
    private static final String DESCRIPTION_PUNCTUATION = "._-:/()#,@[]+=&;{}!$*";
    private static final int MAX_DESCRIPTION = 255;

    private final Ec2Client ec2;

    public SshAccessGroup(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** What {@link #ensure} did: the group, whether it made it, and the ranges it added (canonical form). */
    public record Outcome(String groupId, String vpc, boolean created, List<String> added) {
    }

    /** The VPC a cluster in this subnet (none: the default VPC) runs in. */
    public String vpcOf(Optional<String> subnet) {
        try {
            if (subnet.isPresent()) {
                List<Subnet> found = ec2.describeSubnets(b -> b.subnetIds(subnet.get())).subnets();
                if (found.isEmpty()) {
                    throw noSubnet(subnet.get());
                }
                return found.get(0).vpcId();
            }
            return ec2.describeVpcs(b -> b.filters(filter("is-default", "true"))).vpcs().stream().map(Vpc::vpcId)
                    .findFirst().orElseThrow(() -> WadalException.failed("the region has no default VPC: set "
                            + ProfileKey.AWS_EMR_SUBNET + " to a subnet of your VPC"));
        } catch (AwsServiceException e) {
            if (code(e).startsWith("InvalidSubnetID")) {
                throw noSubnet(subnet.orElseThrow());
            }
            throw failed("DescribeSubnets", e);
        } catch (SdkException e) {
            throw failed("DescribeSubnets", e);
        }
    }

    /** The group in this VPC, if wadal made it (a group of that name without the tag is not wadal's). */
    public Optional<SecurityGroup> find(String vpc) {
        try {
            return ec2.describeSecurityGroups(b -> b.filters(filter("vpc-id", vpc), filter("group-name", NAME),
                    filter("tag:" + TAG_KEY, TAG_VALUE))).securityGroups().stream()
                    .filter(g -> NAME.equals(g.groupName()) && vpc.equals(g.vpcId())).findFirst();
        } catch (SdkException e) {
            throw failed("DescribeSecurityGroups", e);
        }
    }

    /**
     * Makes sure the group exists in the VPC and allows tcp/22 from each range; a rule that is
     * already there is left as it is.
     *
     * @param ruleDescription the description of each new rule (cut to EC2's charset and length)
     */
    public Outcome ensure(String vpc, List<Cidr> ranges, String ruleDescription) {
        boolean created = false;
        Optional<SecurityGroup> group = find(vpc);
        String id;
        List<IpPermission> inbound;
        if (group.isPresent()) {
            id = group.get().groupId();
            inbound = group.get().ipPermissions();
            if (!ManagedPolicyTag.on(group.get().tags())) {
                tagForManagedPolicies(id);
            }
        } else {
            id = create(vpc);
            created = true;
            inbound = List.of();
        }
        String description = description(ruleDescription);
        List<String> added = new ArrayList<>();
        for (Cidr range : ranges.stream().distinct().toList()) {
            if (allows(inbound, range)) {
                continue;
            }
            IpPermission.Builder rule = IpPermission.builder().ipProtocol("tcp").fromPort(SSH_PORT).toPort(SSH_PORT);
            if (range.ipv6()) {
                rule.ipv6Ranges(Ipv6Range.builder().cidrIpv6(range.toString()).description(description).build());
            } else {
                rule.ipRanges(IpRange.builder().cidrIp(range.toString()).description(description).build());
            }
            try {
                ec2.authorizeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(rule.build()));
                added.add(range.toString());
            } catch (AwsServiceException e) {
                if (code(e).equals("InvalidPermission.Duplicate")) {
                    continue; // added meanwhile, e.g. by another create
                }
                if (code(e).equals("RulesPerSecurityGroupLimitExceeded")) {
                    throw WadalException.failed("security group " + NAME + " (" + id + ") in " + vpc + " has as many rules"
                            + " as EC2 allows; remove old ones (EC2 console, Security Groups: each rule's description"
                            + " says who added it and when), then run create again", e);
                }
                throw failed("AuthorizeSecurityGroupIngress on " + NAME + " (" + id + ")", e);
            } catch (SdkException e) {
                throw failed("AuthorizeSecurityGroupIngress on " + NAME + " (" + id + ")", e);
            }
        }
        return new Outcome(id, vpc, created, added);
    }

    /** Whether some rule of these lets tcp/22 in from exactly this range. */
    public static boolean allows(List<IpPermission> inbound, Cidr range) {
        return inbound.stream().filter(SshAccessGroup::isSshRule).anyMatch(rule ->
                Stream.concat(rule.ipRanges().stream().map(IpRange::cidrIp), rule.ipv6Ranges().stream().map(Ipv6Range::cidrIpv6))
                        .map(Cidr::parse).flatMap(Optional::stream).anyMatch(range::equals));
    }

    private static boolean isSshRule(IpPermission rule) {
        return "tcp".equals(rule.ipProtocol()) && rule.fromPort() != null && rule.toPort() != null
                && rule.fromPort() == SSH_PORT && rule.toPort() == SSH_PORT;
    }

    private String create(String vpc) {
        try {
            return ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName(NAME).description(DESCRIPTION)
                    .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP)
                            .tags(tag -> tag.key(TAG_KEY).value(TAG_VALUE),
                                    tag -> tag.key(ManagedPolicyTag.KEY).value(ManagedPolicyTag.VALUE)))).groupId();
        } catch (AwsServiceException e) {
            if (code(e).equals("InvalidGroup.Duplicate")) {
                // made meanwhile by another create, or a group of that name that is not wadal's
                return find(vpc).map(SecurityGroup::groupId).orElseThrow(() -> WadalException.failed(notWadals(vpc), e));
            }
            throw failed("CreateSecurityGroup " + NAME + " in " + vpc, e);
        } catch (SdkException e) {
            throw failed("CreateSecurityGroup " + NAME + " in " + vpc, e);
        }
    }

    /** A group made before wadal tagged its groups for EMR's v2 managed policies gets the tag now. */
    private void tagForManagedPolicies(String id) {
        try {
            ec2.createTags(b -> b.resources(id).tags(t -> t.key(ManagedPolicyTag.KEY).value(ManagedPolicyTag.VALUE)));
        } catch (SdkException e) {
            throw failed("CreateTags on " + NAME + " (" + id + "), which EMR's v2 managed policies need", e);
        }
    }

    /** The text with every character EC2 refuses in a rule description replaced, cut to its length limit. */
    static String description(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 128 && (Character.isLetterOrDigit(c) || c == ' '
                || DESCRIPTION_PUNCTUATION.indexOf(c) >= 0) ? (char) c : '_'));
        return out.length() > MAX_DESCRIPTION ? out.substring(0, MAX_DESCRIPTION) : out.toString();
    }

    /** What to say of a group named {@value #NAME} in the VPC that wadal did not make. */
    public static String notWadals(String vpc) {
        return "a security group named " + NAME + " exists in " + vpc + " but is not wadal's (it has no tag "
                + TAG_KEY + "=" + TAG_VALUE + "); add that tag to it, or rename it, or set "
                + ProfileKey.SSH_FROM + "=off and allow SSH in a group of " + ProfileKey.ADDITIONAL_MASTER_SECURITY_GROUPS;
    }

    /** Whether wadal made this group (it carries the tag). */
    public static boolean isWadals(SecurityGroup g) {
        return g.tags().stream().anyMatch(t -> TAG_KEY.equals(t.key()) && TAG_VALUE.equals(t.value()));
    }

    private static WadalException noSubnet(String subnet) {
        return WadalException.failed("subnet " + subnet + " does not exist: fix " + ProfileKey.AWS_EMR_SUBNET
                + " (VPC console, Subnets)");
    }

    private static WadalException failed(String call, SdkException e) {
        return WadalException.failed("EC2 " + call + " failed: " + AwsFailure.why(e), e);
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
