package io.wadal.check;

import io.wadal.assets.Asset;
import io.wadal.aws.AwsClients;
import io.wadal.aws.AwsFailure;
import io.wadal.aws.PublicAddress;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.git.RemoteRepository;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.ssh.KeyFiles;
import io.wadal.ssh.KeyFingerprints;
import io.wadal.workspace.GitRemote;
import io.wadal.workspace.WorkspaceSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static io.wadal.check.AwsErrors.code;
import static io.wadal.check.AwsErrors.why;

/**
 * {@code wadal check}: every preflight item for one profile. After the credentials,
 * the AWS and git items run concurrently; the result is always in {@link Items#ORDER}.
 */
public final class Preflight {
    private static final List<String> AWS_ITEMS = List.of(Items.SUBNET, Items.KEY_PAIR, Items.ASSETS, Items.LOG_BUCKET,
            Items.SECURITY_GROUP, Items.SSH_ACCESS, Items.SPOT_PRICE, Items.ROLES, Items.ROUTE, Items.POLICY_TAGS, Items.MAX_AGE);

    private final Profile p;
    private final String region;
    private final String regionSource;
    private final AwsClients aws;
    private final Supplier<List<Asset>> assets;
    private final Clock clock;
    private final Duration gitTimeout;
    private final PublicAddress address;

    /**
     * @param regionSource where the region came from, for the report
     * @param assets       the assets upload-assets would place in INIT_ASSET_DIR_S3 (may throw a usage error)
     * @param address      this machine's public address, for the ssh-access item
     */
    public Preflight(Profile p, String region, String regionSource, AwsClients aws, Supplier<List<Asset>> assets,
                     Clock clock, Duration gitTimeout, PublicAddress address) {
        this.address = address;
        this.p = p;
        this.region = region;
        this.regionSource = regionSource;
        this.aws = aws;
        this.assets = assets;
        this.clock = clock;
        this.gitTimeout = gitTimeout;
    }

    /** @param profile the profile item, worked out by the caller (loading and planning need the workspace) */
    public List<CheckResult> run(CheckResult profile) {
        Map<String, CheckResult> results = new HashMap<>();
        results.put(Items.PROFILE, profile);
        results.put(Items.REGION, CheckResult.ok(Items.REGION, region + " (" + regionSource + ")"));
        results.put(Items.KEY_FILE, LocalChecks.keyFile(p));
        results.put(Items.IDLE_TIMEOUT, LocalChecks.idleTimeout(p));
        ExecutorService pool = Executors.newFixedThreadPool(AWS_ITEMS.size() + 1, r -> {
            Thread t = new Thread(r, "wadal-check");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<CheckResult> git = pool.submit(() -> guarded(Items.GIT_REPO, this::gitRepo));
            CheckResult credentials = guarded(Items.CREDENTIALS, this::credentials);
            results.put(Items.CREDENTIALS, credentials);
            Supplier<CheckResult> maxAge = () -> guarded(Items.MAX_AGE, () -> SelfTerminationMeans.item(p, region, () -> aws.iam(region),
                    (key, secret) -> aws.ownerOf(region, key, secret)));
            if (credentials.failed()) {
                AWS_ITEMS.forEach(item -> results.put(item, CheckResult.skipped(item, "needs working AWS credentials")));
                if (!SelfTerminationMeans.callsAws(p)) {
                    results.put(Items.MAX_AGE, maxAge.get());
                }
            } else {
                NetworkChecks network = new NetworkChecks(p, region, aws.ec2(region), clock, address);
                StorageChecks storage = new StorageChecks(p, aws.s3(region), assets);
                RoleChecks roles = new RoleChecks(p, aws.iam(region));
                RouteCheck route = new RouteCheck(p, aws.ec2(region));
                PolicyTagCheck tags = new PolicyTagCheck(p, aws.iam(region), aws.ec2(region));
                CompletableFuture<NetworkChecks.NetworkPlace> place = CompletableFuture.supplyAsync(network::place, pool);
                Map<String, Future<CheckResult>> tasks = Map.ofEntries(
                        Map.entry(Items.SUBNET, place.thenApply(NetworkChecks.NetworkPlace::result)),
                        Map.entry(Items.KEY_PAIR, pool.submit(() -> guarded(Items.KEY_PAIR, this::keyPair))),
                        Map.entry(Items.ASSETS, pool.submit(() -> guarded(Items.ASSETS, storage::assets))),
                        Map.entry(Items.LOG_BUCKET, pool.submit(() -> guarded(Items.LOG_BUCKET, storage::logBucket))),
                        Map.entry(Items.SECURITY_GROUP, place.thenApplyAsync(n -> guarded(Items.SECURITY_GROUP, () -> network.securityGroup(n)), pool)),
                        Map.entry(Items.SSH_ACCESS, place.thenApplyAsync(n -> guarded(Items.SSH_ACCESS, () -> network.sshAccess(n)), pool)),
                        Map.entry(Items.SPOT_PRICE, place.thenApplyAsync(n -> guarded(Items.SPOT_PRICE, () -> network.spotPrice(n)), pool)),
                        Map.entry(Items.ROLES, pool.submit(() -> guarded(Items.ROLES, roles::roles))),
                        Map.entry(Items.ROUTE, place.thenApplyAsync(n -> guarded(Items.ROUTE, () -> route.route(n)), pool)),
                        Map.entry(Items.POLICY_TAGS, place.thenApplyAsync(n -> guarded(Items.POLICY_TAGS, () -> tags.policyTags(n)), pool)),
                        Map.entry(Items.MAX_AGE, pool.submit(maxAge::get)));
                tasks.forEach((item, task) -> results.put(item, await(item, task)));
            }
            results.put(Items.GIT_REPO, await(Items.GIT_REPO, git));
        } finally {
            pool.shutdownNow();
        }
        return Items.ORDER.stream().map(results::get).toList();
    }

    private CheckResult credentials() {
        try {
            GetCallerIdentityResponse me = aws.sts(region).getCallerIdentity();
            return CheckResult.ok(Items.CREDENTIALS, "account " + me.account() + " (" + me.arn() + ")");
        } catch (SdkException e) {
            return CheckResult.failed(Items.CREDENTIALS, "STS GetCallerIdentity failed: " + why(e) + (AwsFailure.saysTheFix(e) ? ""
                    : " (set up credentials with 'aws configure', AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"));
        }
    }

    private CheckResult keyPair() {
        if (p.keyPairName().isEmpty()) {
            return CheckResult.warning(Items.KEY_PAIR, ProfileKey.EC2_KEY_PAIR_NAME + " not set: the master gets no SSH key, so wadal cannot reach it");
        }
        String name = p.keyPairName().get();
        KeyPairInfo info;
        try {
            info = aws.ec2(region).describeKeyPairs(b -> b.keyNames(name)).keyPairs().get(0);
        } catch (AwsServiceException e) {
            if (code(e).startsWith("InvalidKeyPair")) {
                return CheckResult.failed(Items.KEY_PAIR, "key pair '" + name + "' does not exist in " + region
                        + ": create or import it (EC2 console, Key Pairs) or fix " + ProfileKey.EC2_KEY_PAIR_NAME);
            }
            throw e;
        }
        String exists = "'" + name + "' exists" + (info.keyTypeAsString() == null ? "" : " (" + info.keyTypeAsString() + ")");
        if (p.keyPairPath().isEmpty()) {
            return CheckResult.ok(Items.KEY_PAIR, exists + "; fingerprint not compared: " + ProfileKey.EC2_KEY_PAIR_PATH + " not set");
        }
        List<KeyPair> local;
        try {
            local = KeyFiles.load(p.keyPairPath().get());
        } catch (WadalException e) {
            return CheckResult.ok(Items.KEY_PAIR, exists + "; fingerprint not compared: the key file is unusable (see key-file)");
        }
        List<KeyFingerprints.Comparison> compared = local.stream()
                .map(k -> KeyFingerprints.compare(info.keyFingerprint(), k)).toList();
        if (compared.stream().anyMatch(c -> c.match() == KeyFingerprints.Match.MATCH)) {
            return CheckResult.ok(Items.KEY_PAIR, exists + " and matches " + p.keyPairPath().get());
        }
        Optional<KeyFingerprints.Comparison> mismatch = compared.stream()
                .filter(c -> c.match() == KeyFingerprints.Match.MISMATCH).findFirst();
        if (mismatch.isPresent()) {
            return CheckResult.failed(Items.KEY_PAIR, "'" + name + "' is not the key in " + p.keyPairPath().get()
                    + " (fingerprint at AWS " + info.keyFingerprint() + ", of the file " + mismatch.get().local()
                    + "): the master would refuse wadal's SSH; point " + ProfileKey.EC2_KEY_PAIR_PATH + " at that key pair's private key");
        }
        return CheckResult.ok(Items.KEY_PAIR, exists + "; fingerprint not compared: AWS shows " + compared.get(0).local());
    }

    private CheckResult gitRepo() {
        if (p.gitRepo().isEmpty()) {
            return CheckResult.skipped(Items.GIT_REPO, ProfileKey.GIT_REPO + " not set");
        }
        GitRemote remote;
        try {
            remote = WorkspaceSpec.gitRemote(p).orElseThrow();
        } catch (WadalException e) {
            return CheckResult.skipped(Items.GIT_REPO, "see " + Items.PROFILE);
        }
        // As the master will: the URL without credentials, GitRemote's user and password.
        RemoteRepository repo = new RemoteRepository(remote.url(), Optional.ofNullable(remote.user()),
                Optional.ofNullable(remote.password()), gitTimeout);
        if (RemoteRepository.isSsh(remote.url())) {
            return CheckResult.warning(Items.GIT_REPO, "not checked: ssh URL " + repo.displayUrl());
        }
        List<String> branches;
        try {
            branches = repo.branches();
        } catch (WadalException e) {
            return CheckResult.failed(Items.GIT_REPO, e.getMessage());
        }
        Optional<String> branch = Optional.ofNullable(remote.branch());
        if (branch.isPresent() && !branches.contains(branch.get())) {
            return CheckResult.failed(Items.GIT_REPO, "branch '" + branch.get() + "' not found in " + repo.displayUrl()
                    + (branches.isEmpty() ? " (it has no branches)" : " (branches: " + String.join(", ", branches) + ")"));
        }
        String reachable = repo.displayUrl() + " reachable"
                + branch.map(b -> ", branch " + b + " exists").orElse(" (" + branches.size() + " branches)");
        try {
            repo.checkPush();
        } catch (WadalException e) {
            return CheckResult.warning(Items.GIT_REPO, reachable + ", but pushing is refused (" + e.getMessage() + "): the master's "
                    + "autosave (" + ProfileKey.AUTOSAVE_INTERVAL + ") and your own pushes from it would fail; give "
                    + ProfileKey.GIT_PASS + " a token that may write to the repository");
        }
        return CheckResult.ok(Items.GIT_REPO, reachable + ", push allowed");
    }

    private static CheckResult await(String item, Future<CheckResult> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return CheckResult.failed(item, message(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WadalException(ExitCodes.INTERRUPTED, "interrupted");
        }
    }

    /** A check that throws is a failed item, not a failed command. */
    private static CheckResult guarded(String item, Supplier<CheckResult> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return CheckResult.failed(item, message(e));
        }
    }

    private static String message(Throwable e) {
        if (e instanceof SdkException sdk) {
            return why(sdk);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
