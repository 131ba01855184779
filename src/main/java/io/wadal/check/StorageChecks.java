package io.wadal.check;

import io.wadal.assets.Asset;
import io.wadal.assets.AssetUploader;
import io.wadal.assets.PipConfig;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.S3Uri;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static io.wadal.check.AwsErrors.why;

/** The S3 side: the asset dir holds what upload-assets would put there, and the log bucket exists. */
final class StorageChecks {
    private final Profile p;
    private final S3Client s3;
    private final Supplier<List<Asset>> assets;

    StorageChecks(Profile p, S3Client s3, Supplier<List<Asset>> assets) {
        this.p = p;
        this.s3 = s3;
        this.assets = assets;
    }

    CheckResult assets() {
        Optional<S3Uri> dir = p.initAssetDir();
        if (dir.isEmpty()) {
            return CheckResult.failed(Items.ASSETS, ProfileKey.INIT_ASSET_DIR_S3 + " not set: create needs it, e.g. s3://my-bucket/wadal");
        }
        String upload = "run 'wadal upload-assets " + p.name() + "'";
        Optional<CheckResult> bucket = bucketProblem(Items.ASSETS, dir.get().bucket(), ", then " + upload);
        if (bucket.isPresent()) {
            return bucket.get();
        }
        List<Asset> wanted = assets.get();
        AssetUploader uploader = new AssetUploader(s3);
        AssetUploader.Comparison c = uploader.compare(dir.get(), wanted);
        // Without pip keys the nodes use PyPI: create tells the bundled bootstrap (--no-pip-conf) not to
        // use a pip.conf there, another profile's (sharing the dir) with its index and token. Only
        // its presence is read, never its content.
        String stray = wanted.stream().noneMatch(a -> a.name().equals(PipConfig.NAME)) && uploader.exists(dir.get(), PipConfig.NAME)
                ? dir.get().resolve(PipConfig.NAME) + " is another profile's (this one sets neither " + ProfileKey.PIP_INDEX_URL
                + " nor " + ProfileKey.PIP_EXTRA_INDEX_URL + "): its nodes ignore it and use PyPI, but a profile whose pip "
                + "keys differ should have its own " + ProfileKey.INIT_ASSET_DIR_S3 + " ('wadal upload-assets " + p.name()
                + "' removes the file, which that profile needs)"
                : null;
        if (c.same() && stray != null) {
            return CheckResult.warning(Items.ASSETS, "all " + wanted.size() + " assets in " + dir.get() + " are up to date; " + stray);
        }
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
        return CheckResult.failed(Items.ASSETS, d + " — " + upload + (stray == null ? "" : "; " + stray));
    }

    CheckResult logBucket() {
        Optional<S3Uri> dir = p.logDir();
        if (dir.isEmpty()) {
            return CheckResult.skipped(Items.LOG_BUCKET, ProfileKey.EMR_LOG_DIR_S3 + " is off: EMR keeps no logs in S3");
        }
        return bucketProblem(Items.LOG_BUCKET, dir.get().bucket(), "")
                .orElse(CheckResult.ok(Items.LOG_BUCKET, "bucket '" + dir.get().bucket() + "' exists"));
    }

    private Optional<CheckResult> bucketProblem(String item, String bucket, String next) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
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
}
