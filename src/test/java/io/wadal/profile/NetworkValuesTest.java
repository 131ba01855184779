package io.wadal.profile;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keys of how wadal reaches the master and what the nodes get: SSH_FROM, the jump host, groups, root volume, pip. */
class NetworkValuesTest {
    private static Profile profile(Map<String, String> values) {
        return new Profile("p", Path.of("/h/profiles/p"), values);
    }

    private static WadalException refused(String key, String value) {
        return assertThrows(WadalException.class, () -> profile(Map.of(key, value)));
    }

    @Test
    void sshFromIsMyIpByDefaultOffOrRangesWithBareAddressesAsHosts() {
        assertEquals(SshFrom.Mode.MY_IP, profile(Map.of()).sshFrom().mode());
        assertEquals(SshFrom.Mode.OFF, profile(Map.of("SSH_FROM", "OFF")).sshFrom().mode());
        SshFrom ranges = profile(Map.of("SSH_FROM", "203.0.113.0/24, 198.51.100.7,2001:db8::/48")).sshFrom();
        assertEquals(SshFrom.Mode.RANGES, ranges.mode());
        assertEquals(List.of("203.0.113.0/24", "198.51.100.7/32", "2001:db8::/48"), ranges.ranges());
    }

    @Test
    void sshFromNeverOpensTheWorld() {
        for (String world : List.of("0.0.0.0/0", "10.0.0.0/8,0.0.0.0/0", "::/0", "1.2.3.4/0")) {
            WadalException e = refused("SSH_FROM", world);
            assertEquals(ExitCodes.USAGE, e.exitCode(), world);
            assertTrue(e.getMessage().contains("whole internet"), e.getMessage());
        }
        for (String wide : List.of("0.0.0.0/1,128.0.0.0/1", "10.0.0.0/7", "2000::/3")) {
            assertTrue(refused("SSH_FROM", wide).getMessage().contains("opens SSH to a large part of the internet"), wide);
        }
        assertEquals(List.of("10.0.0.0/8", "2001:db8::/32"), profile(Map.of("SSH_FROM", "10.0.0.0/8,2001:db8::/32")).sshFrom().ranges());
        for (String bad : List.of("my ip", "10.0.0.0/33", "300.1.1.1/32", "bastion.example.com", "10.0.0.0/x")) {
            assertTrue(refused("SSH_FROM", bad).getMessage().contains("not my-ip, off, or"), bad);
        }
    }

    @Test
    void jumpHostIsUserHostPortAsOpenSshWritesIt() {
        assertEquals(Optional.empty(), profile(Map.of()).proxyJump());
        assertEquals(new JumpHost(Optional.of("ec2-user"), "bastion.example.com", 2222),
                profile(Map.of("SSH_PROXY_JUMP", "ec2-user@bastion.example.com:2222")).proxyJump().orElseThrow());
        assertEquals(new JumpHost(Optional.empty(), "10.0.0.5", 22),
                profile(Map.of("SSH_PROXY_JUMP", "10.0.0.5")).proxyJump().orElseThrow());
        assertEquals(new JumpHost(Optional.of("u"), "2001:db8::1", 2200),
                profile(Map.of("SSH_PROXY_JUMP", "u@[2001:db8::1]:2200")).proxyJump().orElseThrow());
        assertEquals("u@[2001:db8::1]:2200", JumpHost.parse("u@[2001:db8::1]:2200").orElseThrow().toString());
        for (String bad : List.of("-oProxyCommand=x", "host:0", "host:70000", "a b", "@host", "[host]", "user@")) {
            assertEquals(ExitCodes.USAGE, refused("SSH_PROXY_JUMP", bad).exitCode(), bad);
        }
    }

    @Test
    void theJumpKeyIsTheKeyPairUnlessSet() {
        assertEquals(Optional.of(Path.of("/k/emr.pem")), profile(Map.of("EC2_KEY_PAIR_PATH", "/k/emr.pem")).proxyJumpKey());
        assertEquals(Optional.of(Path.of("/k/b.pem")),
                profile(Map.of("EC2_KEY_PAIR_PATH", "/k/emr.pem", "SSH_PROXY_JUMP_KEY", "/k/b.pem")).proxyJumpKey());
    }

    @Test
    void additionalGroupsAreSecurityGroupIdsEachOnce() {
        assertEquals(List.of("sg-0123456789abcdef0", "sg-12345678"),
                profile(Map.of("ADDITIONAL_MASTER_SECURITY_GROUPS", "sg-0123456789abcdef0, sg-12345678,sg-0123456789abcdef0"))
                        .additionalMasterSecurityGroups());
        assertEquals(List.of(), profile(Map.of()).additionalMasterSecurityGroups());
        assertEquals(ExitCodes.USAGE, refused("ADDITIONAL_MASTER_SECURITY_GROUPS", "wadal-ssh").exitCode());
    }

    @Test
    void masterAddressIsOneOfFour() {
        assertEquals("auto", profile(Map.of()).masterAddress());
        assertEquals("private-ip", profile(Map.of("MASTER_ADDRESS", "private-ip")).masterAddress());
        assertTrue(refused("MASTER_ADDRESS", "private").getMessage().contains("must be auto, public-dns, private-ip or private-dns"));
    }

    @Test
    void theRootVolumeIs30GibForTheEdaPresetElseEmrsDefault() {
        assertEquals(OptionalInt.of(30), profile(Map.of()).rootEbsSizeGb());
        assertEquals(OptionalInt.empty(), profile(Map.of("BOOTSTRAP_SCRIPT", "boot_min.sh")).rootEbsSizeGb());
        assertEquals(OptionalInt.of(64), profile(Map.of("BOOTSTRAP_SCRIPT", "boot_min.sh", "ROOT_EBS_SIZE", "64")).rootEbsSizeGb());
        assertTrue(refused("ROOT_EBS_SIZE", "200").getMessage().contains("between 10 and 100"));
    }

    @Test
    void pipIndexesAreUrlsAndSecretsNeverShownInTheirErrors() {
        assertEquals(Optional.of("https://aws:tok@x.example/simple/"),
                profile(Map.of("PIP_INDEX_URL", "https://aws:tok@x.example/simple/")).pipIndexUrl());
        WadalException e = refused("PIP_EXTRA_INDEX_URL", "ftp://aws:hunter2@x");
        assertTrue(e.getMessage().contains("PIP_EXTRA_INDEX_URL=**** is not an http:// or https:// URL"), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2"));
    }

    @Test
    void kernelsEndAfterAnHourAndWorkIsSavedEveryTenMinutesUnlessOff() {
        assertEquals(Optional.of(java.time.Duration.ofHours(1)), profile(Map.of()).kernelIdleTimeout());
        assertEquals(Optional.of(java.time.Duration.ofMinutes(10)), profile(Map.of()).autosaveInterval());
        assertEquals(Optional.empty(), profile(Map.of("KERNEL_IDLE_TIMEOUT", "off", "AUTOSAVE_INTERVAL", "OFF")).kernelIdleTimeout());
        assertEquals(Optional.of(java.time.Duration.ofMinutes(90)), profile(Map.of("KERNEL_IDLE_TIMEOUT", "90m")).kernelIdleTimeout());
        assertTrue(refused("AUTOSAVE_INTERVAL", "2d").getMessage().contains("1 minute to 1 day"));
        assertTrue(refused("KERNEL_IDLE_TIMEOUT", "30s").getMessage().contains("1 minute to 7 days"));
    }
}
