package io.wadal.app;

import io.wadal.emr.ClusterInfo;
import io.wadal.emr.EmrClusterService;
import io.wadal.emr.MasterAddresses;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.ssh.JumpTarget;
import io.wadal.ssh.KeyFiles;
import io.wadal.ssh.MasterUnreachable;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.SshTarget;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.state.JumpHostPins;
import io.wadal.time.DurationParser;
import io.wadal.time.Sleeper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens the SSH connection to a profile's master. The host is MASTER_HOST, else the one cached
 * in the record when it was found with the profile's MASTER_ADDRESS, else EMR's address of that
 * kind once the cluster is up (then cached with its kind, so later commands make no AWS call and
 * a changed MASTER_ADDRESS is looked up again). The host key is pinned in the record on first contact.
 */
public final class MasterConnector {
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    static final Duration MAX_RETRY = Duration.ofSeconds(15);

    private final Supplier<ClusterStore> store;
    private final Supplier<JumpHostPins> jumpPins;
    private final Function<ClusterRecord, EmrClusterService> emr;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> progress;
    private final SshAccessRefresh accessRefresh;

    /**
     * @param emr      EMR in the region of a record, asked only when the host is not known or the master cannot be reached
     * @param progress where {@link #connectWithin} says that it retries
     */
    public MasterConnector(Supplier<ClusterStore> store, Function<ClusterRecord, EmrClusterService> emr, Clock clock,
                           Sleeper sleeper, Consumer<String> progress) {
        this(store, emr, clock, sleeper, progress, SshAccessRefresh.none());
    }

    /** @param accessRefresh lets this machine's new address in once when the master times out (SSH_FROM=my-ip) */
    public MasterConnector(Supplier<ClusterStore> store, Function<ClusterRecord, EmrClusterService> emr, Clock clock,
                           Sleeper sleeper, Consumer<String> progress, SshAccessRefresh accessRefresh) {
        this(store, () -> new JumpHostPins(store.get().dir().resolveSibling(JumpHostPins.FILE_NAME)), emr, clock, sleeper,
                progress, accessRefresh);
    }

    /** @param jumpPins where the jump hosts' keys are pinned (the home's known_jump_hosts) */
    public MasterConnector(Supplier<ClusterStore> store, Supplier<JumpHostPins> jumpPins,
                           Function<ClusterRecord, EmrClusterService> emr, Clock clock, Sleeper sleeper, Consumer<String> progress) {
        this(store, jumpPins, emr, clock, sleeper, progress, SshAccessRefresh.none());
    }

    public MasterConnector(Supplier<ClusterStore> store, Supplier<JumpHostPins> jumpPins,
                           Function<ClusterRecord, EmrClusterService> emr, Clock clock, Sleeper sleeper, Consumer<String> progress,
                           SshAccessRefresh accessRefresh) {
        this.accessRefresh = accessRefresh;
        this.store = store;
        this.jumpPins = jumpPins;
        this.emr = emr;
        this.clock = clock;
        this.sleeper = sleeper;
        this.progress = progress;
    }

    /**
     * Connects; when the master cannot be reached, one DescribeCluster says why: the cluster
     * terminated (with EMR's reason), is still starting, or is up and the network is in the way.
     */
    public MinaRemoteShell connect(Profile profile, ClusterRecord record) {
        Path key = keyFile(profile);
        Found found = null;
        String host = profile.masterHost().orElse(cachedHost(profile, record));
        if (host == null) {
            found = lookUp(profile, record);
            host = found.host();
        }
        try {
            return open(profile, record, key, host, null);
        } catch (MasterUnreachable e) {
            throw truth(profile, record, host, e, found == null ? null : found.info());
        }
    }

    /**
     * Connects to a cluster the caller has just seen alive (no DescribeCluster when the master
     * cannot be reached).
     *
     * @param hint what to do when the master cannot be reached, appended to the message
     */
    public MinaRemoteShell connect(Profile profile, ClusterRecord record, String hint) {
        Path key = keyFile(profile);
        String host = profile.masterHost().orElseGet(() -> {
            String cached = cachedHost(profile, record);
            return cached != null ? cached : lookUp(profile, record).host();
        });
        return open(profile, record, key, host, hint);
    }

    /**
     * Connects to a cluster just seen ready, trying again while its sshd may still be starting
     * (connection refused, timed out, closed before the SSH greeting): after {@link #FIRST_RETRY},
     * doubling up to {@link #MAX_RETRY}, until the deadline. Says once that it retries.
     *
     * @throws WadalException exit 4 when the deadline passes, 130 when interrupted, 1 for any other failure
     */
    public MinaRemoteShell connectWithin(Profile profile, ClusterRecord record, Instant deadline) {
        Duration interval = FIRST_RETRY;
        boolean said = false;
        while (true) {
            try {
                return connect(profile, record, null);
            } catch (MasterUnreachable e) {
                if (!e.mayComeUp()) {
                    throw e;
                }
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    throw new WadalException(ExitCodes.TIMED_OUT, "cluster " + record.id() + " is ready but its master "
                            + e.where() + " did not accept SSH before --timeout ran out (" + e.why() + "); run 'wadal wait-ready "
                            + record.profile() + "' again to keep waiting", e);
                }
                if (!said) {
                    progress.accept("The master does not accept SSH yet (" + e.why() + "); retrying for up to "
                            + DurationParser.format(left) + " more…");
                    said = true;
                }
                try {
                    sleeper.sleep(interval.compareTo(left) < 0 ? interval : left);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new WadalException(ExitCodes.INTERRUPTED, "interrupted while waiting for the master of cluster "
                            + record.id() + " to accept SSH", ie);
                }
                interval = interval.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : interval.multipliedBy(2);
            }
        }
    }

    /** EC2_KEY_PAIR_PATH; a usage error (exit 2) when unset, so commands that will need SSH can check it first. */
    public static Path keyFile(Profile profile) {
        Path key = profile.keyPairPath().orElseThrow(() -> WadalException.usage(
                ProfileKey.EC2_KEY_PAIR_PATH + " is required to reach the master; set it in " + profile.where()
                        + " to the private key of " + ProfileKey.EC2_KEY_PAIR_NAME));
        Path jumpKey = profile.proxyJumpKey().orElse(key);
        if (profile.proxyJump().isPresent() && !jumpKey.equals(key)) {
            // a jump key that will be refused fails now, not after wait-ready has waited for the cluster
            KeyFiles.unusableBecause(jumpKey, ProfileKey.SSH_PROXY_JUMP_KEY).ifPresent(why -> {
                throw WadalException.usage(why);
            });
        }
        return key;
    }

    private MinaRemoteShell open(Profile profile, ClusterRecord record, Path key, String host, String hint) {
        JumpTarget jump = profile.proxyJump().map(j -> new JumpTarget(j.user().orElse(System.getProperty("user.name")),
                j.host(), j.port(), profile.proxyJumpKey().orElse(key),
                profile.proxyJumpKeySet() ? ProfileKey.SSH_PROXY_JUMP_KEY : ProfileKey.EC2_KEY_PAIR_PATH, jumpPins.get())).orElse(null);
        SshTarget target = new SshTarget(host, profile.sshPort(), profile.sshUser(), key, record.hostKeyFingerprint(), hint, jump);
        try {
            return MinaRemoteShell.connect(target, fingerprint -> pin(record, fingerprint));
        } catch (MasterUnreachable e) {
            if (!accessRefresh.retry(profile, record, host, e)) {
                throw e;
            }
            return MinaRemoteShell.connect(target, fingerprint -> pin(record, fingerprint));
        }
    }

    /** What to tell when the master cannot be reached, from what EMR says of the cluster (asked once, unless known). */
    private WadalException truth(Profile profile, ClusterRecord record, String host, MasterUnreachable e, ClusterInfo known) {
        String unreachable = "cannot connect to the master " + e.where() + ": " + e.why();
        String create = "run 'wadal create " + record.profile() + "' for a new one";
        ClusterInfo info = known;
        if (info == null) {
            try {
                Optional<ClusterInfo> found = emr.apply(record).describeIfExists(record.id());
                if (found.isEmpty()) {
                    return WadalException.failed(unreachable + "; EMR does not know cluster " + record.id()
                            + " (gone long ago, or another account or region) — " + create, e);
                }
                info = found.get();
            } catch (WadalException describeFailed) {
                return WadalException.failed(unreachable + "; if the cluster is still starting, run 'wadal wait-ready "
                        + record.profile() + "' first (its state is unknown: " + describeFailed.getMessage() + ")", e);
            }
        }
        if (info.terminated()) {
            return new ClusterEnded(record, info, e);
        }
        if (!info.ready()) {
            return WadalException.failed(unreachable + "; cluster " + record.id() + " is " + info.state()
                    + ", not ready yet — run 'wadal wait-ready " + record.profile() + "'", e);
        }
        String chosen = profile.masterHost().isPresent() ? "the address " + ProfileKey.MASTER_HOST + " gives"
                : privateKind(profile.masterAddress()) ? "its private address, as " + ProfileKey.MASTER_ADDRESS + "="
                + profile.masterAddress() + " asks" : null;
        if (profile.proxyJump().isEmpty() && chosen != null && (privateAddress(host) || privateKind(profile.masterAddress()))) {
            // chosen, not forced: EMR may well list a public address too
            return WadalException.failed(unreachable + "; cluster " + record.id() + " is " + info.state() + " and wadal connects "
                    + "to " + chosen + ", which is reachable only from inside the VPC, over a VPN into it, or through a jump host: "
                    + "set " + ProfileKey.SSH_PROXY_JUMP + "=[user@]host[:port] (a bastion in the VPC)"
                    + (profile.masterHost().isPresent() ? "" : ", or " + ProfileKey.MASTER_ADDRESS + "=auto for its public "
                    + "address when it has one"), e);
        }
        if (profile.proxyJump().isEmpty() && privateAddress(host)) {
            return WadalException.failed(unreachable + "; cluster " + record.id() + " is " + info.state() + " in a private "
                    + "subnet (its master has no public address), which only machines inside its VPC reach: set "
                    + ProfileKey.SSH_PROXY_JUMP + "=[user@]host[:port] to go through a jump host (bastion) in the VPC, or run wadal "
                    + "inside the VPC (on an EC2 instance there, or over a VPN into it)", e);
        }
        if (profile.proxyJump().isPresent()) {
            // check does not look at the jump host's way to the master: say what must let it in
            return WadalException.failed(unreachable + ", though cluster " + record.id() + " is " + info.state()
                    + (e.mayComeUp() ? "; 'wadal wait-ready " + record.profile() + "' waits until its SSH answers, and a "
                    + "security group of the master (e.g. one in " + ProfileKey.ADDITIONAL_MASTER_SECURITY_GROUPS
                    + ") must let the jump host in on port " + profile.sshPort() : ""), e);
        }
        return WadalException.failed(unreachable + ", though cluster " + record.id() + " is " + info.state()
                + "; 'wadal wait-ready " + record.profile() + "' waits until its SSH answers, 'wadal check "
                + record.profile() + "' checks that its security group lets this machine in", e);
    }

    /** The record's host when it was found with the profile's MASTER_ADDRESS (a record without the kind holds MasterPublicDnsName). */
    private static String cachedHost(Profile profile, ClusterRecord record) {
        if (record.masterHost() == null) {
            return null;
        }
        String mode = profile.masterAddress();
        boolean same = record.masterAddress() == null
                ? mode.equals(MasterAddresses.AUTO) || mode.equals(MasterAddresses.PUBLIC_DNS)
                : record.masterAddress().equals(mode);
        return same ? record.masterHost() : null;
    }

    private record Found(ClusterInfo info, String host) {
    }

    private Found lookUp(Profile profile, ClusterRecord record) {
        EmrClusterService service = emr.apply(record);
        ClusterInfo info = service.describe(record.id());
        if (info.terminated()) {
            throw new ClusterEnded(record, info, null);
        }
        if (!info.ready() || info.masterPublicDns() == null) {
            throw WadalException.failed("cluster " + record.id() + " is " + info.state() + ", not ready yet; run 'wadal wait-ready "
                    + record.profile() + "' first");
        }
        String mode = profile.masterAddress();
        String host = service.masterHost(info, mode);
        if (host == null) {
            throw WadalException.failed("EMR lists no " + mode + " address for the master of cluster " + record.id()
                    + " (" + ProfileKey.MASTER_ADDRESS + "=" + mode + "); try " + ProfileKey.MASTER_ADDRESS + "=auto");
        }
        cacheHost(store.get(), record, host, mode);
        return new Found(info, host);
    }

    /** Caches the master's host in the record with the MASTER_ADDRESS it was found with (re-read: a terminate may have removed it). */
    static void cacheHost(ClusterStore store, ClusterRecord record, String host, String mode) {
        store.find(record.profile())
                .filter(r -> r.id().equals(record.id()) && !(host.equals(r.masterHost()) && mode.equals(r.masterAddress())))
                .ifPresent(r -> store.update(r.withMasterHost(host, mode)));
    }

    /** MASTER_ADDRESS=private-ip or private-dns: the master's address inside the VPC, whatever EMR lists besides. */
    static boolean privateKind(String masterAddress) {
        return MasterAddresses.PRIVATE_IP.equals(masterAddress) || MasterAddresses.PRIVATE_DNS.equals(masterAddress);
    }

    /** A private (RFC 1918, unique-local) or link-local IPv4/IPv6 address, or an EC2-internal name: reached only from inside the VPC. */
    static boolean privateAddress(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.endsWith(".internal") || h.endsWith(".internal.")) {
            return true;
        }
        if (h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            String[] o = h.split("\\.");
            int a = Integer.parseInt(o[0]);
            int b = Integer.parseInt(o[1]);
            return a == 10 || a == 172 && b >= 16 && b <= 31 || a == 192 && b == 168 || a == 169 && b == 254;
        }
        return h.contains(":") && h.matches("\\[?(f[cd]|fe[89ab]).*");
    }

    private void pin(ClusterRecord record, String fingerprint) {
        store.get().find(record.profile()).filter(r -> r.id().equals(record.id()))
                .ifPresent(r -> store.get().update(r.withHostKeyFingerprint(fingerprint)));
    }
}
