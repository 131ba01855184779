package io.wadal.check;

import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteState;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether the cluster's subnet reaches the internet: the bootstrap's pip and the master's git
 * clone need it. A subnet's routes are those of its route table, else of its VPC's main one.
 */
final class RouteCheck {
    private static final String NEED = "pip and git on the nodes need a way out to the internet (the bootstrap's packages, "
            + "the notebook repository)";

    private final Profile p;
    private final Ec2Client ec2;

    RouteCheck(Profile p, Ec2Client ec2) {
        this.p = p;
        this.ec2 = ec2;
    }

    /** Where a route table's 0.0.0.0/0 goes. */
    private enum Way { INTERNET_GATEWAY, NAT_GATEWAY, OTHER, NONE }

    private record Egress(String subnet, String table, Way way, String target, Optional<String> s3Endpoint) {
    }

    CheckResult route(NetworkChecks.NetworkPlace place) {
        if (place.vpc().isEmpty()) {
            return CheckResult.skipped(Items.ROUTE, "no VPC to look in (see subnet)");
        }
        String vpc = place.vpc().get();
        List<String> subnets = p.subnet().map(List::of).orElseGet(() -> ec2.describeSubnetsPaginator(b -> b.filters(
                filter("vpc-id", vpc))).subnets().stream().map(Subnet::subnetId).sorted().toList());
        if (subnets.isEmpty()) {
            return CheckResult.skipped(Items.ROUTE, "the VPC " + vpc + " has no subnets");
        }
        List<RouteTable> tables = ec2.describeRouteTablesPaginator(b -> b.filters(filter("vpc-id", vpc))).routeTables()
                .stream().toList();
        Optional<RouteTable> main = tables.stream()
                .filter(t -> t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()))).findFirst();
        List<Egress> ways = new ArrayList<>();
        for (String subnet : subnets) {
            Optional<RouteTable> table = tables.stream().filter(t -> t.associations().stream()
                    .map(RouteTableAssociation::subnetId).anyMatch(subnet::equals)).findFirst().or(() -> main);
            ways.add(table.map(t -> egress(subnet, t)).orElse(new Egress(subnet, "none", Way.NONE, "", Optional.empty())));
        }
        String where = p.subnet().isPresent() ? subnets.get(0) : "the default VPC " + vpc + "'s subnets";
        List<Egress> none = ways.stream().filter(w -> w.way() == Way.NONE).toList();
        List<Egress> other = ways.stream().filter(w -> w.way() == Way.OTHER).toList();
        if (!none.isEmpty()) {
            Optional<String> endpoint = none.stream().flatMap(w -> w.s3Endpoint().stream()).findFirst();
            return CheckResult.warning(Items.ROUTE, describe(none, "no route to the internet") + ": " + NEED
                    + "; add a route 0.0.0.0/0 to a NAT gateway (private subnet) or an internet gateway, or use a subnet "
                    + "that has one (" + ProfileKey.AWS_EMR_SUBNET + ")"
                    + endpoint.map(e -> "; the S3 gateway endpoint " + e + " serves S3 only, not PyPI or git hosts").orElse(""));
        }
        if (!other.isEmpty()) {
            return CheckResult.warning(Items.ROUTE, describe(other, "a route 0.0.0.0/0") + ", which wadal cannot follow: "
                    + NEED + ", so make sure that route leads there");
        }
        Map<Way, List<String>> targets = new LinkedHashMap<>();
        ways.forEach(w -> targets.computeIfAbsent(w.way(), k -> new ArrayList<>()).add(w.target()));
        List<String> through = new ArrayList<>();
        targets.forEach((way, ids) -> through.add((way == Way.NAT_GATEWAY ? "NAT gateway " : "internet gateway ")
                + String.join(", ", ids.stream().distinct().toList())));
        return CheckResult.ok(Items.ROUTE, where + " reach" + (p.subnet().isPresent() ? "es" : "")
                + " the internet through " + String.join(" and ", through));
    }

    private static String describe(List<Egress> ways, String what) {
        return String.join("; ", ways.stream().map(w -> w.subnet() + " has " + what
                + (w.way() == Way.OTHER ? " to " + w.target() : "") + " (route table " + w.table() + ")").toList());
    }

    private static Egress egress(String subnet, RouteTable t) {
        Optional<String> s3 = t.routes().stream()
                .filter(r -> r.destinationPrefixListId() != null && r.gatewayId() != null && r.gatewayId().startsWith("vpce-"))
                .map(Route::gatewayId).findFirst();
        Optional<Route> out = t.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                .filter(r -> r.state() != RouteState.BLACKHOLE).findFirst();
        if (out.isEmpty()) {
            return new Egress(subnet, t.routeTableId(), Way.NONE, "", s3);
        }
        Route r = out.get();
        if (r.gatewayId() != null && r.gatewayId().startsWith("igw-")) {
            return new Egress(subnet, t.routeTableId(), Way.INTERNET_GATEWAY, r.gatewayId(), s3);
        }
        if (r.natGatewayId() != null) {
            return new Egress(subnet, t.routeTableId(), Way.NAT_GATEWAY, r.natGatewayId(), s3);
        }
        // a NAT instance, a transit gateway, a peering, a virtual private gateway: somewhere, not visibly the internet
        String target = Stream.of(r.transitGatewayId(), r.vpcPeeringConnectionId(), r.instanceId(), r.networkInterfaceId(),
                r.gatewayId(), r.carrierGatewayId(), r.localGatewayId(), r.coreNetworkArn())
                .filter(Objects::nonNull).findFirst().orElse("an unknown target");
        return new Egress(subnet, t.routeTableId(), Way.OTHER, target, s3);
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
