package io.wadal.emr;

import io.wadal.aws.AwsClients;
import io.wadal.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Instance;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MASTER_ADDRESS: which of the master's addresses wadal connects to, from ListInstances (moto) and DescribeCluster. */
@ExtendWith(MotoServer.class)
class MasterAddressesTest {
    // What EC2 gives an instance in a private subnet: no public name, no public IP (moto always gives both).
    private static final MasterAddresses PRIVATE = new MasterAddresses("", null, "ip-10-0-1-5.ec2.internal", "10.0.1.5");

    @Test
    void autoIsThePrivateIpInAPrivateSubnet() {
        assertFalse(PRIVATE.isPublic());
        assertEquals("10.0.1.5", PRIVATE.choose(MasterAddresses.AUTO));
        assertEquals("10.0.1.5", PRIVATE.choose(MasterAddresses.PRIVATE_IP));
        assertEquals("ip-10-0-1-5.ec2.internal", PRIVATE.choose(MasterAddresses.PRIVATE_DNS));
    }

    @Test
    void autoIsThePublicNameWhenThereIsOneElseThePublicIp() {
        MasterAddresses named = new MasterAddresses("ec2-3-4-5-6.compute.amazonaws.com", "3.4.5.6", "ip-10-0-1-5.ec2.internal", "10.0.1.5");
        assertTrue(named.isPublic());
        assertEquals("ec2-3-4-5-6.compute.amazonaws.com", named.choose(MasterAddresses.AUTO));
        // a VPC without DNS host names: a public IP and no public name
        assertEquals("3.4.5.6", new MasterAddresses(null, "3.4.5.6", "ip-10-0-1-5.ec2.internal", "10.0.1.5").choose(MasterAddresses.AUTO));
    }

    @Test
    void eachModeTakesItsAddressFromEmr(MotoServer moto) {
        try (AwsClients aws = new AwsClients(moto.env())) {
            EmrClient client = aws.emr(MotoServer.REGION);
            String id = client.runJobFlow(b -> b.name("c").releaseLabel("emr-7.5.0").jobFlowRole("r").serviceRole("s")
                    .instances(i -> i.keepJobFlowAliveWhenNoSteps(true).instanceGroups(
                            group(InstanceRoleType.MASTER), group(InstanceRoleType.CORE)))).jobFlowId();
            Instance master = client.listInstances(b -> b.clusterId(id).instanceGroupTypes(
                    software.amazon.awssdk.services.emr.model.InstanceGroupType.MASTER)).instances().get(0);
            EmrClusterService emr = new EmrClusterService(client);
            ClusterInfo info = emr.describe(id);

            MasterAddresses addresses = emr.masterAddresses(id).orElseThrow();
            assertEquals(master.privateIpAddress(), addresses.privateIp());
            assertNotNull(addresses.privateIp());
            assertEquals(info.masterPublicDns(), emr.masterHost(info, MasterAddresses.PUBLIC_DNS));
            assertEquals(master.privateIpAddress(), emr.masterHost(info, MasterAddresses.PRIVATE_IP));
            assertEquals(master.privateDnsName(), emr.masterHost(info, MasterAddresses.PRIVATE_DNS));
            assertEquals(master.publicDnsName(), emr.masterHost(info, MasterAddresses.AUTO), "moto's master has a public name");
        }
    }

    private static InstanceGroupConfig group(InstanceRoleType role) {
        return InstanceGroupConfig.builder().instanceRole(role).instanceType("m5.xlarge").instanceCount(1).build();
    }
}
