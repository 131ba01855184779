package io.wadal.cli;

import io.wadal.aws.AwsClients;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.testing.MotoServer;
import io.wadal.testing.SshMaster;
import io.wadal.testing.TestKeys;
import io.wadal.testing.ThrottlingProxy;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commands that cannot reach the master say why, from one DescribeCluster against the emulator (counted by the proxy). */
@ExtendWith(MotoServer.class)
class UnreachableMasterTest {
    private static final String DESCRIBE = "ElasticMapReduce.DescribeCluster";

    @TempDir
    Path home;
    private MotoServer moto;
    private ThrottlingProxy proxy;
    private int closed;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        proxy = ThrottlingProxy.to(moto.endpoint());
        closed = SshMaster.freePort();
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), "AWS_REGION=" + MotoServer.REGION + "\nAWS_EMR_LABEL=emr-7.5.0\n"
                + "INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\nMASTER_HOST=127.0.0.1\nSSH_PORT=" + closed + "\n"
                + "SSH_USER=hadoop\nEC2_KEY_PAIR_PATH=" + TestKeys.copy(TestKeys.RSA, home) + "\n");
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env()).env("AWS_ENDPOINT_URL", proxy.endpoint());
    }

    private String created() {
        Result r = wadal().run("create", "p");
        assertEquals(0, r.exitCode(), r.toString());
        return r.out().trim();
    }

    @Test
    void aTerminatedClusterIsNamedWithWhatToDo() {
        String id = created();
        try (AwsClients aws = new AwsClients(moto.env())) {
            aws.emr(MotoServer.REGION).terminateJobFlows(b -> b.jobFlowIds(id));
        }
        int before = proxy.calls(DESCRIBE);

        for (String[] command : new String[][] {{"ssh", "p", "--", "true"}, {"ls", "p"}}) {
            Result r = wadal().run(command);
            assertEquals(1, r.exitCode(), r.toString());
            assertEquals("wadal: cluster " + id + " is TERMINATED (no reason given by EMR) — run 'wadal create p' for a new one\n",
                    r.err(), r.toString());
        }
        assertEquals(before + 2, proxy.calls(DESCRIBE), "one DescribeCluster per command");
    }

    @Test
    void aClusterThatIsUpGetsTheNetworkReason() {
        String id = created();
        Result r = wadal().run("ssh", "p", "--", "true");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("wadal: cannot connect to the master hadoop@127.0.0.1:" + closed + ": connection refused, "
                + "though cluster " + id + " is WAITING; "), r.toString());
        assertFalse(r.err().contains("null"), r.toString());
    }

    @Test
    void aClusterEmrDoesNotKnowSaysSo() throws IOException {
        new ClusterStore(home.resolve("clusters")).save(new ClusterRecord("j-NOSUCHCLUSTER", "p", MotoServer.REGION, "c",
                "2026-11-21T10:00:00Z", null, null));
        Result r = wadal().run("ls", "p");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("connection refused; EMR does not know cluster j-NOSUCHCLUSTER"), r.toString());
        assertEquals(1, proxy.calls(DESCRIBE));
    }
}
