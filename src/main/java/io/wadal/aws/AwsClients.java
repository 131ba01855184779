package io.wadal.aws;

import io.wadal.console.LogRedaction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds each AWS client once per region and run, lazily, with one HTTP client, and closes
 * them at exit. The endpoint, credentials and retry count come from the environment it is
 * given (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID…, AWS_MAX_ATTEMPTS, and WADAL_AWS_TIMEOUT_MS for the
 * per-attempt and socket timeout), so tests can point a run at an emulator without touching the
 * process environment.
 */
public final class AwsClients implements AutoCloseable {
    private final Map<String, String> env;
    private final Map<String, EmrClient> emr = new HashMap<>();
    private final Map<String, S3Client> s3 = new HashMap<>();
    private final Map<String, Ec2Client> ec2 = new HashMap<>();
    private final Map<String, StsClient> sts = new HashMap<>();
    private final Map<String, IamClient> iam = new HashMap<>();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private SdkHttpClient http;

    public AwsClients(Map<String, String> env) {
        this.env = env;
        LogRedaction.secret(env.get("AWS_SECRET_ACCESS_KEY"));
        LogRedaction.secret(env.get("AWS_SESSION_TOKEN"));
    }

    /** The region from the environment or the AWS config files, if any. */
    public Optional<String> defaultRegion() {
        for (String name : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(v);
            }
        }
        try {
            return Optional.of(new DefaultAwsRegionProviderChain().getRegion().id());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public synchronized EmrClient emr(String region) {
        return emr.computeIfAbsent(region, r -> track(configure(EmrClient.builder(), r, "EMR").build()));
    }

    public synchronized S3Client s3(String region) {
        return s3.computeIfAbsent(region, r -> {
            var b = configure(S3Client.builder(), r, "S3");
            if (endpoint("S3").isPresent()) {
                b.forcePathStyle(true);
            }
            return track(b.build());
        });
    }

    public synchronized Ec2Client ec2(String region) {
        return ec2.computeIfAbsent(region, r -> track(configure(Ec2Client.builder(), r, "EC2").build()));
    }

    public synchronized StsClient sts(String region) {
        return sts.computeIfAbsent(region, r -> track(configure(StsClient.builder(), r, "STS").build()));
    }

    /**
     * Whose keys these are (STS GetCallerIdentity signed with them, not with the chain's
     * credentials): AWS refuses keys that are unknown, deactivated or mistyped.
     */
    public String ownerOf(String region, String accessKey, String secretKey) {
        LogRedaction.secret(secretKey);
        var b = configure(StsClient.builder(), region, "STS");
        b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
        try (StsClient keys = b.build()) {
            return keys.getCallerIdentity().arn();
        }
    }

    /** IAM is global: the SDK sends a region's calls to its partition's IAM endpoint. */
    public synchronized IamClient iam(String region) {
        return iam.computeIfAbsent(region, r -> track(configure(IamClient.builder(), r, "IAM").build()));
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region, String service) {
        builder.region(Region.of(region)).credentialsProvider(credentials());
        endpoint(service).ifPresent(builder::endpointOverride);
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofMinutes(2))
                .apiCallAttemptTimeout(attemptTimeout());
        String attempts = env.get("AWS_MAX_ATTEMPTS");
        if (attempts != null && attempts.matches("\\d+")) {
            int n = Math.max(1, Integer.parseInt(attempts));
            o.retryStrategy(b -> b.maxAttempts(n));
        }
        builder.overrideConfiguration(o.build());
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http());
        }
        return builder;
    }

    private Duration attemptTimeout() {
        String ms = env.get("WADAL_AWS_TIMEOUT_MS");
        return ms != null && ms.matches("\\d{1,7}") && !ms.equals("0")
                ? Duration.ofMillis(Long.parseLong(ms)) : Duration.ofSeconds(30);
    }

    private Optional<URI> endpoint(String service) {
        String specific = env.get("AWS_ENDPOINT_URL_" + service);
        String general = env.get("AWS_ENDPOINT_URL");
        String url = specific != null && !specific.isBlank() ? specific : general;
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(URI.create(url));
    }

    /** The credentials of the chain, their secret parts kept out of the SDK's debug lines as soon as they are known. */
    private AwsCredentialsProvider credentials() {
        AwsCredentialsProvider chain = credentialsChain();
        return () -> {
            AwsCredentials c = chain.resolveCredentials();
            LogRedaction.secret(c.secretAccessKey());
            if (c instanceof AwsSessionCredentials session) {
                LogRedaction.secret(session.sessionToken());
            }
            return c;
        };
    }

    private AwsCredentialsProvider credentialsChain() {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null && !key.isBlank() && !secret.isBlank()) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null || token.isBlank()
                    ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = track(UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(attemptTimeout())
                    .build());
        }
        return http;
    }

    private <T extends AutoCloseable> T track(T c) {
        opened.add(c);
        return c;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing at exit: nothing useful to do with a failure
            }
        }
        opened.clear();
        emr.clear();
        s3.clear();
        ec2.clear();
        sts.clear();
        iam.clear();
        http = null;
    }
}
