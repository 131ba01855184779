package io.wadal.cli;

import io.wadal.testing.CheckIpServer;
import io.wadal.testing.TestFiles;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every value create cannot send is refused before any call: exit 2, one line naming the key, and
 * not one connection to the AWS endpoint, which is a listener that counts connections and drops them.
 */
class LocalValidationTest {
    static final String PROFILE = """
            export CLUSTER_NAME="team etl"
            export AWS_REGION=ap-northeast-2
            export AWS_EMR_LABEL=emr-7.5.0
            export EC2_TYPE=m5.xlarge
            export NUM_TASK_INSTANCE=2
            export TASK_SPOT_BID_PRICE=0.10
            export INIT_ASSET_DIR_S3=s3://wadal-test-bucket/assets
            export GIT_REPO=https://git.example.com/team/notebooks.git
            export OWNER_TAG=alice
            export TAGS=team=data,env=dev
            """;

    private static ServerSocket endpoint;
    private static final AtomicInteger connections = new AtomicInteger();

    @TempDir
    Path home;

    @BeforeAll
    static void startEndpoint() throws IOException {
        endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!endpoint.isClosed()) {
                try (Socket s = endpoint.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "counting AWS endpoint");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stopEndpoint() throws IOException {
        endpoint.close();
    }

    @BeforeEach
    void writeProfile() throws IOException {
        Files.createDirectories(home.resolve("profiles"));
        TestFiles.writePrivate(home.resolve("profiles/p"), PROFILE);
    }

    private WadalRun wadal() {
        return new WadalRun(home).env(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + endpoint.getLocalPort(),
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_REGION", "ap-northeast-2",
                "AWS_MAX_ATTEMPTS", "1", "WADAL_CHECKIP_URL", CheckIpServer.shared().url()));
    }

    static List<String[]> badValues() {
        String n257 = "n".repeat(257);
        return List.of(
                new String[] {"EC2_TYPE", "m5"}, new String[] {"EC2_TYPE", "m5."}, new String[] {"EC2_TYPE", ".xlarge"},
                new String[] {"EC2_TYPE", "m5 xlarge"}, new String[] {"EC2_TYPE", "m5.xlarge;x"},
                new String[] {"MASTER_EC2_TYPE", "M5.XLARGE"}, new String[] {"CORE_EC2_TYPE", "m5..xlarge"},
                new String[] {"TASK_EC2_TYPE", "r5"},
                new String[] {"TASK_SPOT_BID_PRICE", "1e99"}, new String[] {"TASK_SPOT_BID_PRICE", "0.06USD"},
                new String[] {"TASK_SPOT_BID_PRICE", "-1"}, new String[] {"TASK_SPOT_BID_PRICE", "0"},
                new String[] {"TASK_SPOT_BID_PRICE", "."},
                new String[] {"TAGS", "k".repeat(129) + "=v"}, new String[] {"TAGS", "team=" + "v".repeat(257)},
                new String[] {"TAGS", "aws:x=1"}, new String[] {"TAGS", "team=a,AWS:Name=y"},
                new String[] {"SERVICE_TAG", "s".repeat(257)}, new String[] {"OWNER_TAG", "o".repeat(300)},
                new String[] {"CLUSTER_NAME", n257}, new String[] {"CLUSTER_NAME", "a\u0000b"},
                new String[] {"CLUSTER_NAME", "a\u001b[31mred"}, new String[] {"CLUSTER_NAME", "two\nlines"},
                new String[] {"GIT_USER", "al\u0007ice"}, new String[] {"EMR_SERVICE_ROLE", "Role\tX"},
                new String[] {"GIT_BRANCH", "-dev"}, new String[] {"GIT_BRANCH", "a..b"}, new String[] {"GIT_BRANCH", "a b"},
                new String[] {"GIT_BRANCH", "x.lock"}, new String[] {"GIT_BRANCH", "@"}, new String[] {"GIT_BRANCH", "HEAD"},
                new String[] {"GIT_BRANCH", "feat/"}, new String[] {"GIT_BRANCH", "/x"}, new String[] {"GIT_BRANCH", "x//y"},
                new String[] {"GIT_BRANCH", "a@{b"}, new String[] {"GIT_BRANCH", ".x"}, new String[] {"GIT_BRANCH", "a~1"},
                new String[] {"GIT_BRANCH", "a:b"},
                new String[] {"GIT_REPO", "http://h:8765/"}, new String[] {"GIT_REPO", "https://host/"},
                new String[] {"GIT_REPO", "https://host"}, new String[] {"GIT_REPO", "git@host:"},
                new String[] {"MASTER_HOST", "-oProxyCommand=touch /tmp/pwned"}, new String[] {"MASTER_HOST", "my host"},
                new String[] {"MASTER_HOST", "-x"}, new String[] {"MASTER_HOST", "host;id"},
                new String[] {"MASTER_HOST", "[::1"}, new String[] {"SSH_USER", "-oProxyCommand=x"},
                new String[] {"SSH_USER", "had oop"}, new String[] {"SSH_USER", "-l"}, new String[] {"SSH_USER", "root@host"},
                new String[] {"GIT_PASS", "p"}, new String[] {"GIT_PASS", "etl"});
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void createRefusesItWithOneLineNamingTheKeyBeforeAnyCall(String key, String value) throws IOException {
        TestFiles.writePrivate(home.resolve("profiles/p"), PROFILE + key + "='" + value + "'\n");
        int before = connections.get();

        Result r = wadal().run("create", "p");

        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("", r.out(), r.toString());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + r);
        assertTrue(err.startsWith("wadal: ") && err.contains(key), r.toString());
        assertFalse(err.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)), "no raw control character: " + r);
        if (key.equals("GIT_PASS")) {
            assertFalse(err.contains("'" + value + "'"), r.toString());
        }
        assertEquals(before, connections.get(), "no connection to AWS: " + r);
        assertFalse(Files.exists(home.resolve("clusters/p.json")), r.toString());
    }

    @ParameterizedTest(name = "-p {0}={1}")
    @MethodSource("badValues")
    void anOverrideIsCheckedAsTheFileIs(String key, String value) {
        if (value.chars().anyMatch(c -> c < 0x20)) {
            return; // a command-line word cannot hold these in the first place
        }
        int before = connections.get();
        Result r = wadal().run("create", "p", "-p", key + "=" + value);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().strip().startsWith("wadal: ") && r.err().contains(key) && !r.err().strip().contains("\n"),
                r.toString());
        assertEquals(before, connections.get(), "no connection to AWS: " + r);
    }

    @Test
    void theEndpointCountsTheCallsOfAValidProfile() {
        int before = connections.get();
        Result r = wadal().run("create", "p");
        assertNotEquals(0, r.exitCode(), r.toString());
        assertNotEquals(2, r.exitCode(), r.toString());
        assertTrue(connections.get() > before, "the listener saw create's call: " + r);
    }
}
