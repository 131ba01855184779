package io.wadal.app;

import io.wadal.aws.Cidr;
import io.wadal.aws.PublicAddress;
import io.wadal.aws.SshAccessGroup;
import io.wadal.aws.SubnetRoutes;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.SshFrom;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * SSH_FROM at work: the security group {@value SshAccessGroup#NAME} that lets this machine (my-ip)
 * or the profile's ranges reach the master's port 22, made or updated by create before the
 * cluster is launched, and updated again when the laptop has moved.
 */
public final class SshAccess {
    private final Function<String, Ec2Client> ec2;
    private final Supplier<PublicAddress> address;
    private final String user;
    private final Clock clock;
    private final Consumer<String> progress;

    /**
     * @param ec2  EC2 of a region
     * @param user the local user name, for the rules' descriptions
     */
    public SshAccess(Function<String, Ec2Client> ec2, Supplier<PublicAddress> address, String user, Clock clock,
                     Consumer<String> progress) {
        this.ec2 = ec2;
        this.address = address;
        this.user = user;
        this.clock = clock;
        this.progress = progress;
    }

    /** Whether wadal manages {@value SshAccessGroup#NAME} for this profile. */
    public static boolean managed(Profile p) {
        return p.sshFrom().managed(p.proxyJump().isPresent());
    }

    /** What plan says of SSH access (it calls nothing: my-ip is looked up at create). */
    public static String describe(Profile p) {
        SshFrom from = p.sshFrom();
        if (p.proxyJump().isPresent() && from.mode() != SshFrom.Mode.RANGES) {
            return "through the jump host " + p.proxyJump().get().host() + " (" + ProfileKey.SSH_PROXY_JUMP + "); no rule from wadal"
                    + " (a group of the master must let the jump host in)";
        }
        return switch (from.mode()) {
            case MY_IP -> "tcp/22 from this machine's public IPv4 address (/32, looked up at create), in security group "
                    + SshAccessGroup.NAME + " of the cluster's VPC";
            case RANGES -> "tcp/22 from " + from.ranges().stream().map(r -> Cidr.parse(r).map(Cidr::toString).orElse(r))
                    .distinct().collect(Collectors.joining(", ")) + ", in security group " + SshAccessGroup.NAME
                    + " of the cluster's VPC";
            case OFF -> "no rule from wadal (" + ProfileKey.SSH_FROM + "=off): a group of the master must let you in on port 22";
        };
    }

    /**
     * Before RunJobFlow: makes sure {@value SshAccessGroup#NAME} exists in the cluster's VPC and
     * allows SSH_FROM, and returns the groups wadal adds to the master (none when it manages none).
     * A failure launches nothing.
     */
    public List<String> prepare(Profile p, String region) {
        if (!managed(p)) {
            if (p.proxyJump().isPresent()) {
                progress.accept("SSH access: " + describe(p) + ".");
            }
            return List.of();
        }
        if (p.sshFrom().mode() == SshFrom.Mode.MY_IP && privateSubnet(p, region)) {
            progress.accept("SSH access: subnet " + p.subnet().orElseThrow() + " is private, so the master gets no public address"
                    + " and wadal adds no rule for this machine's public one: reach it from inside the VPC or over a VPN (a group of "
                    + ProfileKey.ADDITIONAL_MASTER_SECURITY_GROUPS + " letting you in), or set " + ProfileKey.SSH_PROXY_JUMP + ".");
            return List.of();
        }
        try {
            List<Cidr> ranges = ranges(p);
            SshAccessGroup group = new SshAccessGroup(ec2.apply(region));
            String vpc = group.vpcOf(p.subnet());
            SshAccessGroup.Outcome o = group.ensure(vpc, ranges, ruleDescription(p));
            progress.accept("SSH access: security group " + SshAccessGroup.NAME + " (" + o.groupId()
                    + (o.created() ? ", made now" : "") + ") in " + vpc + " allows port 22 from "
                    + String.join(", ", ranges.stream().map(Cidr::toString).toList())
                    + (o.added().isEmpty() || o.created() ? "" : " (added " + String.join(", ", o.added()) + ")") + ".");
            return List.of(o.groupId());
        } catch (WadalException e) {
            throw new WadalException(e.exitCode(), e.getMessage() + "; nothing was launched", e);
        }
    }

    /**
     * For a master that did not answer: when SSH_FROM=my-ip and this machine's address is not in
     * {@value SshAccessGroup#NAME} (the laptop moved), adds its /32 there and says so in one line.
     * Whether it added one; a failure on the way counts as none (the caller reports its own error).
     */
    public boolean allowCurrentAddress(Profile p, String region) {
        if (p.sshFrom().mode() != SshFrom.Mode.MY_IP || !managed(p)) {
            return false;
        }
        try {
            String ip = address.get().lookUp();
            Cidr mine = Cidr.parse(ip + "/32").orElseThrow();
            SshAccessGroup group = new SshAccessGroup(ec2.apply(region));
            String vpc = group.vpcOf(p.subnet());
            Optional<SecurityGroup> existing = group.find(vpc);
            if (existing.isEmpty() || SshAccessGroup.allows(existing.get().ipPermissions(), mine)) {
                return false;
            }
            SshAccessGroup.Outcome o = group.ensure(vpc, List.of(mine), ruleDescription(p));
            progress.accept("This machine's address is now " + ip + ": allowed " + mine + " in security group "
                    + SshAccessGroup.NAME + " (" + o.groupId() + "); connecting again.");
            return true;
        } catch (WadalException e) {
            return false;
        }
    }

    /** A subnet EMR gives no public address in (a master at MASTER_HOST is wherever it is; EC2 not saying counts as public). */
    private boolean privateSubnet(Profile p, String region) {
        return p.subnet().isPresent() && p.masterHost().isEmpty()
                && new SubnetRoutes(ec2.apply(region)).isPublic(p.subnet().get()).map(pub -> !pub).orElse(false);
    }

    private List<Cidr> ranges(Profile p) {
        SshFrom from = p.sshFrom();
        if (from.mode() == SshFrom.Mode.MY_IP) {
            String ip;
            try {
                ip = address.get().lookUp();
            } catch (PublicAddress.Failed e) {
                throw WadalException.failed(e.getMessage() + "; " + ProfileKey.SSH_FROM + "=my-ip needs it: set "
                        + ProfileKey.SSH_FROM + " to your address ranges (e.g. 203.0.113.0/24), or to off with a group"
                        + " of your own in " + ProfileKey.ADDITIONAL_MASTER_SECURITY_GROUPS, e);
            }
            return List.of(Cidr.parse(ip + "/32").orElseThrow());
        }
        return from.ranges().stream().map(r -> Cidr.parse(r).orElseThrow(() -> WadalException.usage(
                ProfileKey.SSH_FROM + ": not an address range: " + r))).distinct().toList();
    }

    /** Who added the rule and when, for whoever tidies the group up (EC2's charset is applied by the group). */
    private String ruleDescription(Profile p) {
        SshFrom from = p.sshFrom();
        return "wadal " + ProfileKey.SSH_FROM + "=" + (from.mode() == SshFrom.Mode.MY_IP ? SshFrom.MY_IP : "ranges")
                + ", user " + user + ", profile " + p.name() + ", " + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
