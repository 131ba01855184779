package io.wadal.check;

import io.wadal.WadalException;
import io.wadal.assets.Asset;
import io.wadal.assets.AssetUploader;
import io.wadal.aws.AwsClients;
import io.wadal.git.RemoteRepository;
import io.wadal.profile.Profile;
import io.wadal.profile.S3Uri;
import io.wadal.ssh.KeyFiles;
import io.wadal.ssh.KeyFingerprints;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SpotPrice;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.math.BigDecimal;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
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
import java.util.stream.Collectors;

/**
 * {@code wadal check}: every item of SPEC §5's preflight for one profile. After the credentials,
 * the AWS and git items run concurrently; the result is always in {@link Items#ORDER}.
 */
public final class Preflight {
    static final String MASTER_GROUP = "ElasticMapReduce-master";
    private static final List<String> AWS_ITEMS = List.of(Items.SUBNET, Items.KEY_PAIR, Items.ASSETS, Items.LOG_BUCKET,
            Items.SECURITY_GROUP, Items.SPOT_PRICE);

    private final Profile p;
    private final String region;
    private final String regionSource;
    private final AwsClients aws;
    private final Supplier<List<Asset>> assets;
    private final Clock clock;
    private final Duration gitTimeout;

    /**
     * @param regionSource where the region came from, for the report
     * @param assets       the assets upload-assets would place in INIT_ASSET_DIR_S3 (may throw a usage error)
     */
    public Preflight(Profile p, String region, String regionSource, AwsClients aws, Supplier<List<Asset>> assets,
                     Clock clock, Duration gitTimeout) {
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
            if (credentials.failed()) {
                AWS_ITEMS.forEach(item -> results.put(item, CheckResult.skipped(item, "needs working AWS credentials")));
            } else {
                CompletableFuture<NetworkPlace> place = CompletableFuture.supplyAsync(this::network, pool);
                Map<String, Future<CheckResult>> tasks = Map.of(
                        Items.SUBNET, place.thenApply(NetworkPlace::result),
                        Items.KEY_PAIR, pool.submit(() -> guarded(Items.KEY_PAIR, this::keyPair)),
                        Items.ASSETS, pool.submit(() -> guarded(Items.ASSETS, this::assets)),
                        Items.LOG_BUCKET, pool.submit(() -> guarded(Items.LOG_BUCKET, this::logBucket)),
                        Items.SECURITY_GROUP, place.thenApplyAsync(n -> guarded(Items.SECURITY_GROUP, () -> securityGroup(n)), pool),
                        Items.SPOT_PRICE, place.thenApplyAsync(n -> guarded(Items.SPOT_PRICE, () -> spotPrice(n)), pool));
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
            return CheckResult.failed(Items.CREDENTIALS, "STS GetCallerIdentity failed: " + why(e)
                    + " (set up credentials with 'aws configure', AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)");
        }
    }

    /** The subnet the cluster goes into (or the default VPC without one): its check, VPC and zone. */
    private record NetworkPlace(CheckResult result, Optional<String> vpc, Optional<String> zone) {
    }

    private NetworkPlace network() {
        Ec2Client ec2 = aws.ec2(region);
        try {
            if (p.subnet().isEmpty()) {
                Optional<String> vpc = ec2.describeVpcs(b -> b.filters(filter("is-default", "true"))).vpcs().stream()
                        .map(Vpc::vpcId).findFirst();
                return new NetworkPlace(CheckResult.ok(Items.SUBNET, "AWS_EMR_SUBNET not set: EMR uses "
                        + vpc.map(v -> "the default VPC " + v).orElse("the region's default VPC (none found)")), vpc, Optional.empty());
            }
            String id = p.subnet().get();
            Subnet s = ec2.describeSubnets(b -> b.subnetIds(id)).subnets().get(0);
            return new NetworkPlace(CheckResult.ok(Items.SUBNET, id + " in " + s.vpcId() + ", " + s.availabilityZone()),
                    Optional.of(s.vpcId()), Optional.of(s.availabilityZone()));
        } catch (AwsServiceException e) {
            if (code(e).startsWith("InvalidSubnetID")) {
                return new NetworkPlace(CheckResult.failed(Items.SUBNET, "subnet " + p.subnet().get() + " does not exist in "
                        + region + ": fix AWS_EMR_SUBNET (VPC console, Subnets)"), Optional.empty(), Optional.empty());
            }
            return new NetworkPlace(CheckResult.failed(Items.SUBNET, "EC2 DescribeSubnets failed: " + why(e)),
                    Optional.empty(), Optional.empty());
        } catch (SdkException e) {
            return new NetworkPlace(CheckResult.failed(Items.SUBNET, "EC2 DescribeSubnets failed: " + why(e)),
                    Optional.empty(), Optional.empty());
        }
    }

    private CheckResult keyPair() {
        if (p.keyPairName().isEmpty()) {
            return CheckResult.warning(Items.KEY_PAIR, "EC2_KEY_PAIR_NAME not set: the master gets no SSH key, so wadal cannot reach it");
        }
        String name = p.keyPairName().get();
        KeyPairInfo info;
        try {
            info = aws.ec2(region).describeKeyPairs(b -> b.keyNames(name)).keyPairs().get(0);
        } catch (AwsServiceException e) {
            if (code(e).startsWith("InvalidKeyPair")) {
                return CheckResult.failed(Items.KEY_PAIR, "key pair '" + name + "' does not exist in " + region
                        + ": create or import it (EC2 console, Key Pairs) or fix EC2_KEY_PAIR_NAME");
            }
            throw e;
        }
        String exists = "'" + name + "' exists" + (info.keyTypeAsString() == null ? "" : " (" + info.keyTypeAsString() + ")");
        if (p.keyPairPath().isEmpty()) {
            return CheckResult.ok(Items.KEY_PAIR, exists + "; fingerprint not compared: EC2_KEY_PAIR_PATH not set");
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
                    + "): the master would refuse wadal's SSH; point EC2_KEY_PAIR_PATH at that key pair's private key");
        }
        return CheckResult.ok(Items.KEY_PAIR, exists + "; fingerprint not compared: AWS shows " + compared.get(0).local());
    }

    private CheckResult assets() {
        Optional<S3Uri> dir = p.initAssetDir();
        if (dir.isEmpty()) {
            return CheckResult.failed(Items.ASSETS, "INIT_ASSET_DIR_S3 not set: create needs it, e.g. s3://my-bucket/wadal");
        }
        String upload = "run 'wadal upload-assets " + p.name() + "'";
        Optional<CheckResult> bucket = bucketProblem(Items.ASSETS, dir.get().bucket(), ", then " + upload);
        if (bucket.isPresent()) {
            return bucket.get();
        }
        List<Asset> wanted = assets.get();
        AssetUploader.Comparison c = new AssetUploader(aws.s3(region)).compare(dir.get(), wanted);
        if (c.same()) {
            return CheckResult.ok(Items.ASSETS, "all " + wanted.size() + " assets in " + dir.get() + " are up to date");
        }
        StringBuilder d = new StringBuilder();
        if (!c.missing().isEmpty()) {
            d.append("missing in ").append(dir.get()).append(": ").append(String.join(", ", c.missing()));
        }
        if (!c.different().isEmpty()) {
            d.append(d.length() == 0 ? "" : "; ").append("different from the local ones: ")
                    .append(String.join(", ", c.different()));
        }
        return CheckResult.failed(Items.ASSETS, d + " — " + upload);
    }

    private CheckResult logBucket() {
        Optional<S3Uri> dir = p.logDir();
        if (dir.isEmpty()) {
            return CheckResult.skipped(Items.LOG_BUCKET, "EMR_LOG_DIR_S3 not set: EMR keeps no logs in S3");
        }
        return bucketProblem(Items.LOG_BUCKET, dir.get().bucket(), "")
                .orElse(CheckResult.ok(Items.LOG_BUCKET, "bucket '" + dir.get().bucket() + "' exists"));
    }

    private Optional<CheckResult> bucketProblem(String item, String bucket, String next) {
        try {
            aws.s3(region).headBucket(b -> b.bucket(bucket));
            return Optional.empty();
        } catch (NoSuchBucketException e) {
            return Optional.of(CheckResult.failed(item, "bucket '" + bucket + "' does not exist: create it" + next));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.of(CheckResult.failed(item, "bucket '" + bucket + "' does not exist: create it" + next));
            }
            if (e.statusCode() == 403) {
                return Optional.of(CheckResult.failed(item, "no access to bucket '" + bucket
                        + "' with these credentials (it may belong to another account)"));
            }
            return Optional.of(CheckResult.failed(item, "S3 HeadBucket " + bucket + " failed: " + why(e)));
        }
    }

    private CheckResult gitRepo() {
        if (p.gitRepo().isEmpty()) {
            return CheckResult.skipped(Items.GIT_REPO, "GIT_REPO not set");
        }
        String url = p.gitRepo().get();
        if (RemoteRepository.isSsh(url)) {
            return CheckResult.warning(Items.GIT_REPO, "not checked: ssh URL " + url);
        }
        RemoteRepository repo = new RemoteRepository(url, p.get("GIT_USER"), p.get("GIT_PASS"), gitTimeout);
        List<String> branches;
        try {
            branches = repo.branches();
        } catch (WadalException e) {
            return CheckResult.failed(Items.GIT_REPO, e.getMessage());
        }
        Optional<String> branch = p.get("GIT_BRANCH");
        if (branch.isPresent() && !branches.contains(branch.get())) {
            return CheckResult.failed(Items.GIT_REPO, "branch '" + branch.get() + "' not found in " + repo.displayUrl()
                    + (branches.isEmpty() ? " (it has no branches)" : " (branches: " + String.join(", ", branches) + ")"));
        }
        return CheckResult.ok(Items.GIT_REPO, repo.displayUrl() + " reachable"
                + branch.map(b -> ", branch " + b + " exists").orElse(" (" + branches.size() + " branches)"));
    }

    private CheckResult securityGroup(NetworkPlace place) {
        if (place.vpc().isEmpty()) {
            return CheckResult.skipped(Items.SECURITY_GROUP, "no VPC to look in (see subnet)");
        }
        String vpc = place.vpc().get();
        List<SecurityGroup> groups = aws.ec2(region).describeSecurityGroups(b -> b.filters(
                filter("vpc-id", vpc), filter("group-name", MASTER_GROUP))).securityGroups();
        Optional<SecurityGroup> group = groups.stream()
                .filter(g -> MASTER_GROUP.equals(g.groupName()) && vpc.equals(g.vpcId())).findFirst();
        if (group.isEmpty()) {
            return CheckResult.ok(Items.SECURITY_GROUP, "no " + MASTER_GROUP + " group in " + vpc
                    + " yet: EMR creates it at the first launch");
        }
        SecurityGroup g = group.get();
        List<Integer> ports = List.of(22, p.jupyterPort());
        List<Integer> open = SecurityGroupExposure.openToEveryone(g.ipPermissions(), ports);
        String where = MASTER_GROUP + " (" + g.groupId() + ") in " + vpc;
        if (!open.isEmpty()) {
            return CheckResult.failed(Items.SECURITY_GROUP, where + " lets anyone on the internet reach port "
                    + open.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + ": remove the 0.0.0.0/0 and ::/0 inbound rules (wadal needs SSH from your address only)");
        }
        return CheckResult.ok(Items.SECURITY_GROUP, where + ": ports "
                + ports.stream().distinct().map(String::valueOf).collect(Collectors.joining(" and ")) + " not open to the internet");
    }

    private CheckResult spotPrice(NetworkPlace place) {
        if (p.taskInstances() == 0) {
            return CheckResult.skipped(Items.SPOT_PRICE, "no task nodes (NUM_TASK_INSTANCE=0)");
        }
        if (p.taskSpotBidPrice().isEmpty()) {
            return CheckResult.skipped(Items.SPOT_PRICE, "TASK_SPOT_BID_PRICE not set: task nodes are on-demand");
        }
        BigDecimal bid = new BigDecimal(p.taskSpotBidPrice().get().trim());
        String type = p.taskEc2Type();
        List<SpotPrice> history = aws.ec2(region).describeSpotPriceHistory(b -> {
            b.instanceTypesWithStrings(type).productDescriptions("Linux/UNIX", "Linux/UNIX (Amazon VPC)")
                    .startTime(clock.instant());
            place.zone().ifPresent(b::availabilityZone);
        }).spotPriceHistory();
        // The latest Linux price per zone; filtered here too, as not every endpoint filters (moto does not).
        Map<String, SpotPrice> latest = history.stream()
                .filter(s -> type.equals(s.instanceTypeAsString()))
                .filter(s -> s.productDescriptionAsString() != null && s.productDescriptionAsString().startsWith("Linux/UNIX"))
                .filter(s -> place.zone().map(z -> z.equals(s.availabilityZone())).orElse(true))
                .collect(Collectors.toMap(SpotPrice::availabilityZone, s -> s,
                        (a, b) -> a.timestamp() != null && b.timestamp() != null && b.timestamp().isAfter(a.timestamp()) ? b : a));
        String where = type + " in " + place.zone().orElse(region);
        if (latest.isEmpty()) {
            return CheckResult.warning(Items.SPOT_PRICE, "no spot price for " + where + ": is the type offered there?");
        }
        SpotPrice cheapest = latest.values().stream()
                .min(Comparator.comparing(s -> new BigDecimal(s.spotPrice()))).orElseThrow();
        BigDecimal price = new BigDecimal(cheapest.spotPrice());
        String at = type + " in " + cheapest.availabilityZone();
        if (bid.compareTo(price) < 0) {
            return CheckResult.warning(Items.SPOT_PRICE, "bid " + bid.toPlainString() + " USD/h is below the current spot price "
                    + price.stripTrailingZeros().toPlainString() + " of " + at + ": the task nodes may not start");
        }
        return CheckResult.ok(Items.SPOT_PRICE, "bid " + bid.toPlainString() + " USD/h, current spot price "
                + price.stripTrailingZeros().toPlainString() + " (" + at + ")");
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private static CheckResult await(String item, Future<CheckResult> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return CheckResult.failed(item, message(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WadalException(io.wadal.ExitCodes.INTERRUPTED, "interrupted");
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

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }

    private static String why(SdkException e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String service = a.awsErrorDetails().serviceName();
            return (service == null ? "" : service + " ") + "call failed: " + a.awsErrorDetails().errorCode() + ": "
                    + a.awsErrorDetails().errorMessage();
        }
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
