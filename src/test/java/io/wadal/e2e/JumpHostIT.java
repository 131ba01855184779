package io.wadal.e2e;

import io.wadal.aws.AwsClients;
import io.wadal.testing.FakeTime;
import io.wadal.testing.GitRepos;
import io.wadal.testing.JumpNetwork;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import io.wadal.testing.SshMaster;
import io.wadal.testing.SshdProcess.ClientKey;
import io.wadal.testing.SshdProcess;
import io.wadal.testing.TestFiles;
import io.wadal.testing.WadalRun.Background;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.emr.model.InstanceGroupType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A day on a cluster in a private subnet, through a bastion: two real OpenSSH sshd's, the bastion
 * in one network namespace and the master in another that only the bastion reaches ({@link JumpNetwork});
 * AWS is moto, and the master's address is the private IP EMR lists for it (MASTER_ADDRESS=private-ip),
 * given to the master's namespace. Skipped where namespaces cannot be made — failing when CI=true.
 */
@ExtendWith(MotoServer.class)
@Slow
class JumpHostIT {
    private static final String ID_LINE = "j-[0-9A-Z]+";

    @TempDir
    Path home;
    private MotoServer moto;
    private JumpNetwork net;
    private SshdProcess bastion;
    private SshdProcess master;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        Optional<String> why = JumpNetwork.whyUnavailable();
        try {
            if (why.isEmpty()) {
                net = JumpNetwork.create();
                bastion = SshdProcess.startIn(net.bastionNamespace(), JumpNetwork.BASTION, 22);
                master = SshdProcess.startIn(net.masterNamespace(), "0.0.0.0", 22);
            }
        } catch (IOException | RuntimeException e) {
            tearDown();
            why = Optional.of("cannot make the bastion's network: " + e.getMessage());
        }
        if (why.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why.get());
            }
            Assumptions.abort(why.get());
        }
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {master, bastion, net}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // cleaning up
            }
        }
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(moto.env());
    }

    private String privateIp(String id) {
        try (AwsClients aws = new AwsClients(moto.env())) {
            return aws.emr(MotoServer.REGION).listInstances(b -> b.clusterId(id).instanceGroupTypes(InstanceGroupType.MASTER))
                    .instances().get(0).privateIpAddress();
        }
    }

    private String state(String id) {
        try (AwsClients aws = new AwsClients(moto.env())) {
            return aws.emr(MotoServer.REGION).describeCluster(b -> b.clusterId(id)).cluster().status().stateAsString();
        }
    }

    @Test
    void aDayThroughTheBastion() throws Exception {
        Path bare = master.home().resolve("origin/notebooks.git");
        Files.createDirectories(bare.getParent());
        GitRepos.cloneWithUpstream(bare, home.resolve("seed"));
        int jupyterPort = SshMaster.freePort();
        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/p"), "AWS_REGION=" + MotoServer.REGION + "\nAWS_EMR_LABEL=emr-7.5.0\n"
                + "INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets\n"
                + "SSH_USER=" + master.user() + "\nEC2_KEY_PAIR_PATH=" + master.keyFile(ClientKey.ED25519) + "\n"
                + "SSH_PROXY_JUMP=" + bastion.user() + "@" + JumpNetwork.BASTION + "\n"
                + "SSH_PROXY_JUMP_KEY=" + bastion.keyFile(ClientKey.ED25519) + "\n"
                + "MASTER_ADDRESS=private-ip\nJUPYTER_PORT=" + jupyterPort + "\n"
                + "GIT_REPO=file://" + bare + "\n");

        Result create = wadal().run("create", "p");
        assertEquals(0, create.exitCode(), create.toString());
        String id = create.out().trim();
        assertTrue(id.matches(ID_LINE), create.toString());
        String ip = privateIp(id);
        assertTrue(ip.startsWith("10."), "moto's private IP: " + ip);
        net.addMasterAddress(ip);
        // The direct path is closed: only the bastion reaches the master.
        assertThrows(IOException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, 22), 3000);
            }
        });

        // time that passes as wadal sleeps: a master it cannot reach ends wait-ready at its timeout, not never
        Result ready = wadal().time(new FakeTime()).run("wait-ready", "p");
        assertEquals(0, ready.exitCode(), ready + "\n--- bastion\n" + bastion.log() + "\n--- master\n" + master.log());
        assertTrue(ready.err().contains("Jupyter up on port"), ready.toString());
        assertTrue(Files.exists(master.home().resolve("works").resolve("notebooks/README.md")), "the notebook repository is cloned");
        assertTrue(bastion.fullLog().contains("target " + ip + " port 22"), "the bastion forwarded to the master:\n" + bastion.fullLog());
        assertTrue(Files.exists(home.resolve("known_jump_hosts")));

        Background tunnel = wadal().start("jupyter", "p", "--no-browser");
        String url = tunnel.awaitOut("(http://\\S+)");
        HttpResponse<String> status = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url.replace("/?", "/api/status?"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode(), status.body());
        Result closed = tunnel.interrupt().result();
        assertEquals(130, closed.exitCode(), closed.toString());

        Path data = home.resolve("data.bin");
        TestFiles.random(data, 4L << 20, 7);
        Result up = wadal().run("upload", "p", data.toString(), "data/data.bin");
        assertEquals(0, up.exitCode(), up.toString());
        assertArrayEquals(Files.readAllBytes(data), Files.readAllBytes(master.home().resolve("works").resolve("data/data.bin")));
        Result down = wadal().run("download", "p", "data/data.bin", "--to", home.resolve("back").toString());
        assertEquals(0, down.exitCode(), down.toString());
        assertArrayEquals(Files.readAllBytes(data), Files.readAllBytes(home.resolve("back/data.bin")));

        Files.writeString(master.home().resolve("works").resolve("notebooks/README.md"), "changed on the master\n");
        Result no = wadal().terminal("n").run("terminate", "p");
        assertEquals(5, no.exitCode(), no.toString());
        assertTrue((no.out() + no.err()).contains("There are 1 uncommitted file(s)"), no.toString());
        assertEquals("WAITING", state(id));
        Result yes = wadal().terminal("y").run("terminate", "p");
        assertEquals(0, yes.exitCode(), yes.toString());
        assertEquals("TERMINATED", state(id));
    }
}
