package io.wadal.check;

import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
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

    private final Profile p;
    private final String region;
    private final Ec2Client ec2;
    private final Clock clock;

    NetworkChecks(Profile p, String region, Ec2Client ec2, Clock clock) {
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
        List<SecurityGroup> groups = ec2.describeSecurityGroups(b -> b.filters(
                filter("vpc-id", vpc), filter("group-name", MASTER_GROUP))).securityGroups();
        Optional<SecurityGroup> group = groups.stream()
                .filter(g -> MASTER_GROUP.equals(g.groupName()) && vpc.equals(g.vpcId())).findFirst();
        if (group.isEmpty()) {
            return CheckResult.ok(Items.SECURITY_GROUP, "no " + MASTER_GROUP + " group in " + vpc
                    + " yet: EMR creates it at the first launch");
        }
        SecurityGroup g = group.get();
        List<Integer> ports = List.of(22, p.jupyterPort());
        List<Integer> open = SecurityGroupExposure.openToEveryone(g.ipPermissions(), ports);
        String where = MASTER_GROUP + " (" + g.groupId() + ") in " + vpc;
        if (!open.isEmpty()) {
            return CheckResult.failed(Items.SECURITY_GROUP, where + " lets anyone on the internet reach port "
                    + open.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + ": remove the 0.0.0.0/0 and ::/0 inbound rules (wadal needs SSH from your address only)");
        }
        return CheckResult.ok(Items.SECURITY_GROUP, where + ": ports "
                + ports.stream().distinct().map(String::valueOf).collect(Collectors.joining(" and ")) + " not open to the internet");
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
