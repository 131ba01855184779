package io.wadal.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteState;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.util.List;
import java.util.Optional;

/**
 * Whether a subnet is public, as EMR means it: its route table (its own, else its VPC's main one)
 * sends 0.0.0.0/0 to an internet gateway. Only there does EMR give the master a public name; in
 * a private subnet the master is reached from inside the VPC or through a jump host.
 */
public final class SubnetRoutes {
    private final Ec2Client ec2;

    public SubnetRoutes(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Public or not; empty when EC2 could not say (no such subnet, no permission, no answer). */
    public Optional<Boolean> isPublic(String subnetId) {
        try {
            List<Subnet> subnets = ec2.describeSubnets(b -> b.subnetIds(subnetId)).subnets();
            if (subnets.isEmpty()) {
                return Optional.empty();
            }
            String vpc = subnets.get(0).vpcId();
            List<RouteTable> tables = ec2.describeRouteTables(b -> b.filters(filter("vpc-id", vpc))).routeTables();
            Optional<RouteTable> table = tables.stream()
                    .filter(t -> t.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId()))).findFirst()
                    .or(() -> tables.stream().filter(t -> t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main())))
                            .findFirst());
            return Optional.of(table.map(t -> t.routes().stream()
                    .filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()) && r.state() != RouteState.BLACKHOLE)
                    .anyMatch(r -> r.gatewayId() != null && r.gatewayId().startsWith("igw-"))).orElse(false));
        } catch (SdkException e) {
            return Optional.empty();
        }
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
