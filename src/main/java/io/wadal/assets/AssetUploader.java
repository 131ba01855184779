package io.wadal.assets;

import io.wadal.aws.AwsFailure;
import io.wadal.error.WadalException;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.S3Uri;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Uploads assets to INIT_ASSET_DIR_S3, skipping each object whose content is unchanged. The
 * SHA-256 of the content is kept in the object's metadata: unlike the ETag it is the same
 * for multipart uploads and for every encryption setting.
 */
public final class AssetUploader {
    static final String HASH_KEY = "wadal-sha256";

    private final S3Client s3;

    public AssetUploader(S3Client s3) {
        this.s3 = s3;
    }

    public record Result(int uploaded, int unchanged) {
    }

    public Result upload(S3Uri dir, List<Asset> assets, Consumer<String> progress) {
        int uploaded = 0;
        int unchanged = 0;
        for (Asset asset : assets) {
            String key = dir.key(asset.name());
            String hash = sha256(asset.content());
            if (storedHash(dir.bucket(), key).filter(hash::equals).isPresent()) {
                unchanged++;
                progress.accept("unchanged " + dir.resolve(asset.name()));
                continue;
            }
            try {
                s3.putObject(b -> b.bucket(dir.bucket()).key(key).metadata(Map.of(HASH_KEY, hash))
                        .contentType(contentType(asset.name())), RequestBody.fromBytes(asset.content()));
            } catch (SdkException e) {
                throw translate("PutObject", dir.resolve(asset.name()), dir.bucket(), e);
            }
            uploaded++;
            progress.accept("uploaded  " + dir.resolve(asset.name()));
        }
        return new Result(uploaded, unchanged);
    }

    /** Assets absent from the dir, and those whose object there has other content (or none wadal recorded). */
    public record Comparison(List<String> missing, List<String> different) {
        public boolean same() {
            return missing.isEmpty() && different.isEmpty();
        }
    }

    /** Compares each asset with its object in {@code dir} by the SHA-256 recorded at upload, downloading nothing. */
    public Comparison compare(S3Uri dir, List<Asset> assets) {
        List<String> missing = new ArrayList<>();
        List<String> different = new ArrayList<>();
        for (Asset asset : assets) {
            Optional<HeadObjectResponse> head = head(dir.bucket(), dir.key(asset.name()));
            if (head.isEmpty()) {
                missing.add(asset.name());
            } else if (!sha256(asset.content()).equals(head.get().metadata().get(HASH_KEY))) {
                different.add(asset.name());
            }
        }
        return new Comparison(List.copyOf(missing), List.copyOf(different));
    }

    /** Whether {@code dir/name} exists (a HeadObject: its content is never read). */
    public boolean exists(S3Uri dir, String name) {
        return head(dir.bucket(), dir.key(name)).isPresent();
    }

    /** Deletes {@code dir/name} if it exists; whether it did. */
    public boolean removeIfPresent(S3Uri dir, String name) {
        if (head(dir.bucket(), dir.key(name)).isEmpty()) {
            return false;
        }
        try {
            s3.deleteObject(b -> b.bucket(dir.bucket()).key(dir.key(name)));
        } catch (SdkException e) {
            throw translate("DeleteObject", dir.resolve(name), dir.bucket(), e);
        }
        return true;
    }

    private Optional<String> storedHash(String bucket, String key) {
        return head(bucket, key).map(h -> h.metadata().get(HASH_KEY));
    }

    private Optional<HeadObjectResponse> head(String bucket, String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw translate("HeadObject", "s3://" + bucket + "/" + key, bucket, e);
        } catch (SdkException e) {
            throw translate("HeadObject", "s3://" + bucket + "/" + key, bucket, e);
        }
    }

    private static WadalException translate(String op, String uri, String bucket, SdkException e) {
        if (e instanceof NoSuchBucketException) {
            return WadalException.failed("S3 " + op + " " + uri + " failed: bucket '" + bucket
                    + "' does not exist; create it or fix " + ProfileKey.INIT_ASSET_DIR_S3, e);
        }
        String why = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.awsErrorDetails().errorCode() + ": " + s3e.awsErrorDetails().errorMessage()
                : AwsFailure.why(e);
        return WadalException.failed("S3 " + op + " " + uri + " failed: " + why, e);
    }

    private static String contentType(String name) {
        if (name.endsWith(".sh")) {
            return "text/x-shellscript";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".txt")) {
            return "text/plain";
        }
        return name.endsWith(".ttf") ? "font/ttf" : "application/octet-stream";
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
