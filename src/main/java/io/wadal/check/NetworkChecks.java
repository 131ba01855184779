package io.wadal.check;

import io.wadal.aws.Cidr;
import io.wadal.aws.PublicAddress;
import io.wadal.aws.SshAccessGroup;
import io.wadal.aws.SubnetRoutes;
import io.wadal.error.WadalException;
import io.wadal.profile.JumpHost;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.SshFrom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SpotPrice;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.wadal.check.AwsErrors.code;
import static io.wadal.check.AwsErrors.why;

/** Where the cluster would go: the subnet (or default VPC), its master security group, the spot price there. */
final class NetworkChecks {
    static final String MASTER_GROUP = "ElasticMapReduce-master";
    /** EMR's own master group in a private subnet. */
    static final String PRIVATE_MASTER_GROUP = "ElasticMapReduce-Master-Private";

    private final Profile p;
    private final String region;
    private final Ec2Client ec2;
    private final Clock clock;
    private final PublicAddress address;

    NetworkChecks(Profile p, String region, Ec2Client ec2, Clock clock, PublicAddress address) {
        this.address = address;
        this.p = p;
        this.region = region;
        this.ec2 = ec2;
        this.clock = clock;
    }

    /** The subnet the cluster goes into (or the default VPC without one): its check, VPC and zone. */
    record NetworkPlace(CheckResult result, Optional<String> vpc, Optional<String> zone) {
    }

    NetworkPlace place() {
        try {
            if (p.subnet().isEmpty()) {
                Optional<String> vpc = ec2.describeVpcs(b -> b.filters(filter("is-default", "true"))).vpcs().stream()
                        .map(Vpc::vpcId).findFirst();
                return new NetworkPlace(CheckResult.ok(Items.SUBNET, ProfileKey.AWS_EMR_SUBNET + " not set: EMR uses "
                        + vpc.map(v -> "the default VPC " + v).orElse("the region's default VPC (none found)")), vpc, Optional.empty());
            }
            String id = p.subnet().get();
            Subnet s = ec2.describeSubnets(b -> b.subnetIds(id)).subnets().get(0);
            return new NetworkPlace(CheckResult.ok(Items.SUBNET, id + " in " + s.vpcId() + ", " + s.availabilityZone()),
                    Optional.of(s.vpcId()), Optional.of(s.availabilityZone()));
        } catch (AwsServiceException e) {
            if (code(e).startsWith("InvalidSubnetID")) {
                return new NetworkPlace(CheckResult.failed(Items.SUBNET, "subnet " + p.subnet().get() + " does not exist in "
                        + region + ": fix " + ProfileKey.AWS_EMR_SUBNET + " (VPC console, Subnets)"), Optional.empty(), Optional.empty());
            }
            return new NetworkPlace(CheckResult.failed(Items.SUBNET, "EC2 DescribeSubnets failed: " + why(e)),
                    Optional.empty(), Optional.empty());
        } catch (SdkException e) {
            return new NetworkPlace(CheckResult.failed(Items.SUBNET, "EC2 DescribeSubnets failed: " + why(e)),
                    Optional.empty(), Optional.empty());
        }
    }

    CheckResult securityGroup(NetworkPlace place) {
        if (place.vpc().isEmpty()) {
            return CheckResult.skipped(Items.SECURITY_GROUP, "no VPC to look in (see subnet)");
        }
        String vpc = place.vpc().get();
        List<String> problems = new ArrayList<>();
        List<SecurityGroup> additional = additionalGroups();
        for (String id : p.additionalMasterSecurityGroups()) {
            Optional<SecurityGroup> found = additional.stream().filter(g -> id.equals(g.groupId())).findFirst();
            if (found.isEmpty()) {
                problems.add(id + " does not exist");
            } else if (!vpc.equals(found.get().vpcId())) {
                problems.add(id + " is in " + found.get().vpcId() + ", not in " + vpc);
            }
        }
        if (!problems.isEmpty()) {
            return CheckResult.failed(Items.SECURITY_GROUP, ProfileKey.ADDITIONAL_MASTER_SECURITY_GROUPS + ": "
                    + String.join("; ", problems) + " (EMR takes only groups of the cluster's VPC " + vpc
                    + "): fix the ids (EC2 console, Security Groups)");
        }
        List<Integer> ports = List.of(22, p.jupyterPort());
        for (SecurityGroup g : additional) {
            List<Integer> open = SecurityGroupExposure.openToEveryone(g.ipPermissions(), ports);
            if (!open.isEmpty()) {
                return CheckResult.failed(Items.SECURITY_GROUP, label(g) + " of " + ProfileKey.ADDITIONAL_MASTER_SECURITY_GROUPS
                        + " lets anyone on the internet reach port " + open.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + ": remove its 0.0.0.0/0 and ::/0 inbound rules (wadal needs SSH from your address only)");
            }
        }
        String extra = additional.isEmpty() ? "" : "; " + additional.stream().map(NetworkChecks::label)
                .collect(Collectors.joining(", ")) + " too";
        // EMR's master group: ElasticMapReduce-master in a public subnet, -Master-Private in a private one
        List<SecurityGroup> own = ec2.describeSecurityGroups(b -> b.filters(filter("vpc-id", vpc),
                Filter.builder().name("group-name").values(MASTER_GROUP, PRIVATE_MASTER_GROUP).build())).securityGroups().stream()
                .filter(g -> (MASTER_GROUP.equals(g.groupName()) || PRIVATE_MASTER_GROUP.equals(g.groupName())) && vpc.equals(g.vpcId()))
                .sorted(Comparator.comparing(SecurityGroup::groupName)).toList();
        if (own.isEmpty()) {
            return CheckResult.ok(Items.SECURITY_GROUP, "no " + MASTER_GROUP + " group in " + vpc
                    + " yet: EMR creates it at the first launch" + extra);
        }
        for (SecurityGroup g : own) {
            List<Integer> open = SecurityGroupExposure.openToEveryone(g.ipPermissions(), ports);
            if (!open.isEmpty()) {
                return CheckResult.failed(Items.SECURITY_GROUP, label(g) + " in " + vpc + " lets anyone on the internet reach port "
                        + open.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + ": remove the 0.0.0.0/0 and ::/0 inbound rules (wadal needs SSH from your address only)");
            }
        }
        return CheckResult.ok(Items.SECURITY_GROUP, own.stream().map(NetworkChecks::label).collect(Collectors.joining(", "))
                + " in " + vpc + ": ports " + ports.stream().distinct().map(String::valueOf).collect(Collectors.joining(" and "))
                + " not open to the internet" + extra);
    }

    /**
     * Whether SSH can reach the master from here: some group it will have (EMR's own, the
     * additional ones, wadal-ssh) lets this machine's public address in on port 22, or create
     * will add it (SSH_FROM), or a jump host is in between.
     */
    CheckResult sshAccess(NetworkPlace place) {
        SshFrom from = p.sshFrom();
        Optional<JumpHost> jump = p.proxyJump();
        if (jump.isPresent()) {
            return CheckResult.ok(Items.SSH_ACCESS, "through the jump host " + jump.get().host() + " ("
                    + ProfileKey.SSH_PROXY_JUMP + "); a group of the master must let the jump host in on port 22 (not checked)");
        }
        if (place.vpc().isEmpty()) {
            return CheckResult.skipped(Items.SSH_ACCESS, "no VPC to look in (see subnet)");
        }
        String vpc = place.vpc().get();
        boolean privateSubnet = p.subnet().isPresent() && p.masterHost().isEmpty()
                && new SubnetRoutes(ec2).isPublic(p.subnet().get()).map(pub -> !pub).orElse(false);
        if (privateSubnet && !p.masterAddress().startsWith("private")) {
            String why = "subnet " + p.subnet().get() + " is private (its route 0.0.0.0/0 does not go to an internet gateway), so "
                    + "EMR gives the master no public address";
            if (p.masterAddress().equals("public-dns")) {
                return CheckResult.failed(Items.SSH_ACCESS, why + ", and " + ProfileKey.MASTER_ADDRESS + "=public-dns asks for one:"
                        + " set " + ProfileKey.SSH_PROXY_JUMP + " to a bastion, or " + ProfileKey.MASTER_ADDRESS + "=auto from inside the VPC");
            }
            return CheckResult.warning(Items.SSH_ACCESS, why + ": wadal reaches its private IP only from inside the VPC or over a "
                    + "VPN (and " + ProfileKey.SSH_FROM + "=my-ip adds no rule: the master would not see this machine's public address); from "
                    + "anywhere else set " + ProfileKey.SSH_PROXY_JUMP + " to a bastion");
        }
        String me = null;
        String unknown = null;
        try {
            me = address.lookUp();
        } catch (WadalException e) {
            unknown = e.getMessage();
        }
        if (me == null && from.mode() == SshFrom.Mode.MY_IP) {
            return CheckResult.failed(Items.SSH_ACCESS, unknown + "; create needs it for " + ProfileKey.SSH_FROM
                    + "=my-ip: if this machine cannot reach " + address.url() + ", set " + ProfileKey.SSH_FROM
                    + " to your address ranges (e.g. 203.0.113.0/24)");
        }
        if (from.managed(false) && ec2.describeSecurityGroups(b -> b.filters(filter("vpc-id", vpc),
                filter("group-name", SshAccessGroup.NAME))).securityGroups().stream()
                .anyMatch(g -> vpc.equals(g.vpcId()) && !SshAccessGroup.isWadals(g))) {
            return CheckResult.failed(Items.SSH_ACCESS, "create would stop: " + SshAccessGroup.notWadals(vpc));
        }
        List<SecurityGroup> groups = masterGroups(vpc);
        Optional<SecurityGroup> wadalSsh = groups.stream().filter(g -> SshAccessGroup.NAME.equals(g.groupName())).findFirst();
        if (me == null) {
            List<String> open = groups.stream().filter(g -> SecurityGroupExposure.allowsSomeAddress(g.ipPermissions(), SshAccessGroup.SSH_PORT)).map(NetworkChecks::label).toList();
            return CheckResult.warning(Items.SSH_ACCESS, "not compared with this machine's address: " + unknown
                    + (open.isEmpty() ? "; no group of the master allows port 22 from anywhere yet" : "; port 22 is allowed from some"
                    + " addresses by " + String.join(", ", open)));
        }
        String address = me;
        Optional<SecurityGroup> lets = groups.stream()
                .filter(g -> SecurityGroupExposure.allowsFrom(g.ipPermissions(), SshAccessGroup.SSH_PORT, address)).findFirst();
        if (lets.isPresent()) {
            return CheckResult.ok(Items.SSH_ACCESS, label(lets.get()) + " lets this machine (" + me + ") in on port 22");
        }
        String group = SshAccessGroup.NAME + wadalSsh.map(g -> " (" + g.groupId() + ")").orElse(" (made at the first create)");
        if (from.mode() == SshFrom.Mode.MY_IP) {
            return CheckResult.ok(Items.SSH_ACCESS, ProfileKey.SSH_FROM + "=my-ip: create allows this machine (" + me
                    + "/32) in security group " + group + " in " + vpc);
        }
        if (from.mode() == SshFrom.Mode.RANGES && from.ranges().stream().map(Cidr::parse).flatMap(Optional::stream)
                .anyMatch(c -> c.contains(address))) {
            return CheckResult.ok(Items.SSH_ACCESS, ProfileKey.SSH_FROM + " holds this machine (" + me + "): create allows "
                    + String.join(", ", from.ranges()) + " in security group " + group + " in " + vpc);
        }
        String detail = "no security group of the master lets this machine (" + me + ") in on port 22 ("
                + (groups.isEmpty() ? "none exists yet" : "looked in " + groups.stream().map(NetworkChecks::label)
                .collect(Collectors.joining(", "))) + "; EMR's own " + MASTER_GROUP + " has no SSH rule since December 2020): set "
                + ProfileKey.SSH_FROM + "=my-ip (the default)"
                + (from.mode() == SshFrom.Mode.RANGES ? ", add " + me + "/32 to " + ProfileKey.SSH_FROM : "")
                + ", allow it in a group of " + ProfileKey.ADDITIONAL_MASTER_SECURITY_GROUPS + ", or set " + ProfileKey.SSH_PROXY_JUMP;
        // Through a VPN or from inside the VPC the master sees another address than this public one.
        boolean privately = p.masterHost().isPresent() || p.masterAddress().startsWith("private");
        return privately
                ? CheckResult.warning(Items.SSH_ACCESS, detail + " (if you reach the master through a VPN or from inside the VPC,"
                + " the address it sees there is what counts)")
                : CheckResult.failed(Items.SSH_ACCESS, detail);
    }

    /** The groups the master gets that exist now in the VPC: EMR's own, wadal-ssh (when wadal manages it), the additional ones. */
    private List<SecurityGroup> masterGroups(String vpc) {
        boolean managed = p.sshFrom().managed(p.proxyJump().isPresent());
        List<SecurityGroup> groups = new ArrayList<>(ec2.describeSecurityGroups(b -> b.filters(filter("vpc-id", vpc),
                Filter.builder().name("group-name").values(MASTER_GROUP, PRIVATE_MASTER_GROUP, SshAccessGroup.NAME).build()))
                .securityGroups().stream()
                .filter(g -> vpc.equals(g.vpcId()))
                .filter(g -> !SshAccessGroup.NAME.equals(g.groupName()) || managed && SshAccessGroup.isWadals(g))
                .toList());
        additionalGroups().stream().filter(g -> vpc.equals(g.vpcId()))
                .filter(g -> groups.stream().noneMatch(h -> h.groupId().equals(g.groupId()))).forEach(groups::add);
        return groups;
    }

    private List<SecurityGroup> additionalGroups() {
        List<String> ids = p.additionalMasterSecurityGroups();
        if (ids.isEmpty()) {
            return List.of();
        }
        // a filter, not GroupIds: one missing id would fail the whole call
        return ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-id").values(ids).build()))
                .securityGroups().stream().filter(g -> ids.contains(g.groupId())).toList();
    }

    private static String label(SecurityGroup g) {
        return g.groupName() + " (" + g.groupId() + ")";
    }

    CheckResult spotPrice(NetworkPlace place) {
        if (p.taskInstances() == 0) {
            return CheckResult.skipped(Items.SPOT_PRICE, "no task nodes (" + ProfileKey.NUM_TASK_INSTANCE + "=0)");
        }
        if (p.taskSpotBidPrice().isEmpty()) {
            return CheckResult.skipped(Items.SPOT_PRICE, ProfileKey.TASK_SPOT_BID_PRICE + " not set: task nodes are on-demand");
        }
        BigDecimal bid = new BigDecimal(p.taskSpotBidPrice().get().trim());
        String type = p.taskEc2Type();
        List<SpotPrice> history = ec2.describeSpotPriceHistory(b -> {
            b.instanceTypesWithStrings(type).productDescriptions("Linux/UNIX", "Linux/UNIX (Amazon VPC)")
                    .startTime(clock.instant());
            place.zone().ifPresent(b::availabilityZone);
        }).spotPriceHistory();
        // The latest Linux price per zone; filtered here too, as not every endpoint filters (moto does not).
        Map<String, SpotPrice> latest = history.stream()
                .filter(s -> type.equals(s.instanceTypeAsString()))
                .filter(s -> s.productDescriptionAsString() != null && s.productDescriptionAsString().startsWith("Linux/UNIX"))
                .filter(s -> place.zone().map(z -> z.equals(s.availabilityZone())).orElse(true))
                .collect(Collectors.toMap(SpotPrice::availabilityZone, s -> s,
                        (a, b) -> a.timestamp() != null && b.timestamp() != null && b.timestamp().isAfter(a.timestamp()) ? b : a));
        String where = type + " in " + place.zone().orElse(region);
        if (latest.isEmpty()) {
            return CheckResult.warning(Items.SPOT_PRICE, "no spot price for " + where + ": is the type offered there?");
        }
        SpotPrice cheapest = latest.values().stream()
                .min(Comparator.comparing(s -> new BigDecimal(s.spotPrice()))).orElseThrow();
        BigDecimal price = new BigDecimal(cheapest.spotPrice());
        String at = type + " in " + cheapest.availabilityZone();
        if (bid.compareTo(price) < 0) {
            return CheckResult.warning(Items.SPOT_PRICE, "bid " + bid.toPlainString() + " USD/h is below the current spot price "
                    + price.stripTrailingZeros().toPlainString() + " of " + at + ": the task nodes may not start");
        }
        return CheckResult.ok(Items.SPOT_PRICE, "bid " + bid.toPlainString() + " USD/h, current spot price "
                + price.stripTrailingZeros().toPlainString() + " (" + at + ")");
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
