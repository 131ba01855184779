package io.wadal.cli;

import io.wadal.aws.AwsClients;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.testing.MotoServer;
import io.wadal.testing.TestKeys;
import io.wadal.testing.ThrottlingProxy;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.emr.model.Instance;
import software.amazon.awssdk.services.emr.model.InstanceGroupType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MASTER_ADDRESS against the emulator: the master's host comes from ListInstances, is cached with
 * its kind, and is looked up again when MASTER_ADDRESS changes; an unreachable private address
 * says the cluster is in a private subnet and names both ways in.
 */
@ExtendWith(MotoServer.class)
class MasterAddressCommandTest {
    private static final String LIST = "ElasticMapReduce.ListInstances";

    @TempDir
    Path home;
    private MotoServer moto;
    private ThrottlingProxy proxy;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        proxy = ThrottlingProxy.to(moto.endpoint());
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), "AWS_REGION=" + MotoServer.REGION + "\nAWS_EMR_LABEL=emr-7.5.0\n"
                + "INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\nSSH_USER=hadoop\n"
                + "EC2_KEY_PAIR_PATH=" + TestKeys.copy(TestKeys.RSA, home) + "\n");
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env()).env("AWS_ENDPOINT_URL", proxy.endpoint());
    }

    private ClusterRecord record() {
        return new ClusterStore(home.resolve("clusters")).find("p").orElseThrow();
    }

    private Instance master(String id) {
        try (AwsClients aws = new AwsClients(moto.env())) {
            return aws.emr(MotoServer.REGION).listInstances(b -> b.clusterId(id).instanceGroupTypes(InstanceGroupType.MASTER))
                    .instances().get(0);
        }
    }

    @Test
    void theHostIsCachedPerAddressKindAndLookedUpAgainWhenTheKindChanges() {
        Result create = wadal().run("create", "p");
        assertEquals(0, create.exitCode(), create.toString());
        String id = create.out().trim();
        Instance master = master(id);

        Result privateDns = wadal().run("-p", "MASTER_ADDRESS=private-dns", "ssh", "p", "--", "true");
        assertEquals(1, privateDns.exitCode(), privateDns.toString());
        assertTrue(privateDns.err().contains("hadoop@" + master.privateDnsName() + ":22: unknown host"), privateDns.toString());
        assertEquals(master.privateDnsName(), record().masterHost());
        assertEquals("private-dns", record().masterAddress());
        int lists = proxy.calls(LIST);

        Result again = wadal().run("-p", "MASTER_ADDRESS=private-dns", "ssh", "p", "--", "true");
        assertEquals(1, again.exitCode(), again.toString());
        assertEquals(lists, proxy.calls(LIST), "the cached host of the same kind needs no ListInstances");

        Result auto = wadal().run("ssh", "p", "--", "true");
        assertEquals(1, auto.exitCode(), auto.toString());
        assertTrue(auto.err().contains("hadoop@" + master.publicDnsName() + ":22: unknown host"), auto.toString());
        assertEquals(lists + 1, proxy.calls(LIST));
        assertEquals(master.publicDnsName(), record().masterHost());
        assertEquals("auto", record().masterAddress());
    }

    @Test
    void anUnreachablePrivateAddressWithoutAJumpHostSaysItWasChosenAndTheWaysIn() {
        Result create = wadal().run("create", "p");
        String id = create.out().trim();
        String name = master(id).privateDnsName();

        // EMR lists a public name too: not "in a private subnet", but the address MASTER_ADDRESS asks for
        Result r = wadal().run("-p", "MASTER_ADDRESS=private-dns", "ls", "p");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("wadal: cannot connect to the master hadoop@" + name + ":22: unknown host; cluster " + id + " is WAITING "
                + "and wadal connects to its private address, as MASTER_ADDRESS=private-dns asks, which is reachable only from "
                + "inside the VPC, over a VPN into it, or through a jump host: set SSH_PROXY_JUMP=[user@]host[:port] (a bastion in "
                + "the VPC), or MASTER_ADDRESS=auto for its public address when it has one\n", r.err());

        Result host = wadal().run("-p", "MASTER_HOST=ip-10-250-0-5.ec2.internal", "ls", "p");
        assertEquals(1, host.exitCode(), host.toString());
        assertTrue(host.err().contains("is WAITING and wadal connects to the address MASTER_HOST gives, which is reachable only "
                + "from inside the VPC"), host.toString());
        assertTrue(host.err().endsWith("(a bastion in the VPC)\n"), host.toString());

        Result publicName = wadal().run("ls", "p");
        assertEquals(1, publicName.exitCode(), publicName.toString());
        assertTrue(publicName.err().contains(", though cluster " + id + " is WAITING;"), publicName.toString());
    }
}
