package io.wadal.app;

import io.wadal.aws.PublicAddress;
import io.wadal.profile.Profile;
import io.wadal.ssh.MasterUnreachable;
import io.wadal.state.ClusterRecord;
import io.wadal.testing.CheckIpServer;
import io.wadal.testing.MotoServer;
import io.wadal.testing.Slow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The laptop moved: after a connection timed out, SSH_FROM=my-ip's group gets the new address
 * once, in moto's EC2. The timeout itself is a mock (a real one costs MINA's 15 s connect timeout).
 */
@ExtendWith(MotoServer.class)
@Slow
class SshAccessRefreshTest {
    private Ec2Client ec2;
    private CheckIpServer checkip;
    private final List<String> progress = new ArrayList<>();
    private final Profile profile = new Profile("p", null, Map.of("AWS_REGION", MotoServer.REGION));
    private final ClusterRecord record = new ClusterRecord("j-1", "p", MotoServer.REGION, "c", "2026-11-21T10:00:00Z", null, null);
    private static final String PUBLIC = "ec2-3-35-140-7.ap-northeast-2.compute.amazonaws.com";
    private final MasterUnreachable timedOut = mock(MasterUnreachable.class);
    private final MasterUnreachable refused = mock(MasterUnreachable.class);
    private SshAccess access;

    @BeforeEach
    void setUp(MotoServer moto) {
        ec2 = Ec2Client.builder().region(Region.of(MotoServer.REGION)).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
        checkip = new CheckIpServer("203.0.113.9\n");
        access = new SshAccess(r -> ec2, () -> new PublicAddress(URI.create(checkip.url()), Duration.ofSeconds(5)), "alice",
                Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC), progress::add);
        when(timedOut.timedOut()).thenReturn(true);
        when(refused.timedOut()).thenReturn(false);
        // what create did: wadal-ssh lets 203.0.113.9 in
        access.prepare(profile, MotoServer.REGION);
        progress.clear();
    }

    @AfterEach
    void tearDown() {
        checkip.close();
        ec2.close();
    }

    private SshAccessRefresh refresh() {
        return new SshAccessRefresh(() -> access, r -> r.region());
    }

    private SecurityGroup group() {
        return ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values("wadal-ssh").build()))
                .securityGroups().get(0);
    }

    private List<String> ranges() {
        return group().ipPermissions().stream().flatMap(p -> p.ipRanges().stream()).map(IpRange::cidrIp).toList();
    }

    @Test
    void aNewAddressIsAddedOnceSaidInOneLineAndTriedAgain() {
        checkip.answer("198.51.100.7\n");
        SshAccessRefresh refresh = refresh();

        assertTrue(refresh.retry(profile, record, PUBLIC, timedOut));

        assertEquals(List.of("203.0.113.9/32", "198.51.100.7/32"), ranges());
        assertEquals(List.of("This machine's address is now 198.51.100.7: allowed 198.51.100.7/32 in security group wadal-ssh ("
                + group().groupId() + "); connecting again."), progress);
        int asked = checkip.requests();
        checkip.answer("192.0.2.44\n");
        assertFalse(refresh.retry(profile, record, PUBLIC, timedOut), "once per command");
        assertEquals(asked, checkip.requests());
        assertEquals(2, ranges().size());
    }

    @Test
    void anAddressAlreadyAllowedIsNoReasonToTryAgain() {
        assertFalse(refresh().retry(profile, record, PUBLIC, timedOut));

        assertEquals(List.of("203.0.113.9/32"), ranges());
        assertEquals(List.of(), progress);
    }

    @Test
    void onlyATimeoutWithMyIpAndNoJumpHostLooksTheAddressUp() {
        checkip.answer("198.51.100.7\n");
        int before = checkip.requests();

        assertFalse(refresh().retry(profile, record, PUBLIC, refused), "refused: the group let it through");
        assertFalse(refresh().retry(profile.with(Map.of("SSH_FROM", "203.0.113.0/24")), record, PUBLIC, timedOut));
        assertFalse(refresh().retry(profile.with(Map.of("SSH_FROM", "off")), record, PUBLIC, timedOut));
        assertFalse(refresh().retry(profile.with(Map.of("SSH_PROXY_JUMP", "bastion.example.com")), record, PUBLIC, timedOut));
        assertFalse(SshAccessRefresh.none().retry(profile, record, PUBLIC, timedOut));

        assertEquals(before, checkip.requests());
        assertEquals(List.of("203.0.113.9/32"), ranges());
    }

    @Test
    void aPrivateAddressIsNoReasonToAddAPublicOne() {
        checkip.answer("198.51.100.7\n");
        int before = checkip.requests();

        for (String host : List.of("10.250.0.5", "172.20.1.9", "192.168.1.2", "169.254.10.1", "fd12:3456::5", "fe80::1",
                "ip-10-250-0-5.ap-northeast-2.compute.internal")) {
            assertFalse(refresh().retry(profile, record, host, timedOut), host);
        }
        for (String kind : List.of("private-ip", "private-dns")) {
            assertFalse(refresh().retry(profile.with(Map.of("MASTER_ADDRESS", kind)), record, "master.corp.example", timedOut), kind);
        }

        assertEquals(before, checkip.requests());
        assertEquals(List.of("203.0.113.9/32"), ranges());
        assertTrue(refresh().retry(profile, record, "3.35.140.7", timedOut), "a public IP still is");
    }

    @Test
    void aLookupThatFailsIsNoRetryAndNoError() {
        checkip.answer("garbage");
        assertFalse(refresh().retry(profile, record, PUBLIC, timedOut));
        assertEquals(List.of("203.0.113.9/32"), ranges());
    }
}
