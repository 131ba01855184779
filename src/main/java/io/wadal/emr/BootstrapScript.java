package io.wadal.emr;

import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.S3Uri;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where the bootstrap action script lives (BOOTSTRAP_SCRIPT): an {@code s3://} URI, a local file that
 * upload-assets copies into INIT_ASSET_DIR_S3, or the name of an asset already there.
 *
 * @param s3Uri     the URI EMR runs the script from
 * @param localFile the local file to upload there, when BOOTSTRAP_SCRIPT names one
 */
public record BootstrapScript(String s3Uri, Optional<Path> localFile) {
    private static final ProfileKey KEY = ProfileKey.BOOTSTRAP_SCRIPT;

    /**
     * @param isAsset whether a bare name is a wadal asset (bundled or in {@code <home>/assets}): a name
     *                that is neither an asset nor a file is a typo, caught here rather than when the
     *                cluster fails to bootstrap minutes later
     */
    public static BootstrapScript of(Profile p, Path home, Predicate<String> isAsset) {
        String value = p.bootstrapScript().trim();
        if (value.startsWith("s3://")) {
            return new BootstrapScript(value, Optional.empty());
        }
        if (looksLikePath(value) || isFile(home, value)) {
            Path file;
            try {
                file = home.resolve(value).normalize();
            } catch (InvalidPathException e) {
                throw WadalException.usage(KEY + "=" + value + " is not a valid path: " + e.getReason());
            }
            if (!Files.isRegularFile(file)) {
                throw WadalException.usage(KEY + "=" + value + ": no such file " + file
                        + " (relative paths are relative to " + home + ")");
            }
            return new BootstrapScript(assetDir(p, value).resolve(file.getFileName().toString()), Optional.of(file));
        }
        if (!isAsset.test(value)) {
            throw WadalException.usage(KEY + "=" + value + " is neither a wadal asset (boot_eda.sh, boot_etl.sh, "
                    + "boot_min.sh, or a file in " + home.resolve("assets") + ") nor a file in " + home
                    + "; fix the name, or give a path or an s3:// URI");
        }
        return new BootstrapScript(assetDir(p, value).resolve(value), Optional.empty());
    }

    private static boolean looksLikePath(String value) {
        return value.contains("/") || value.contains("\\") || value.startsWith(".") || value.startsWith("~");
    }

    private static boolean isFile(Path home, String value) {
        try {
            return Files.isRegularFile(home.resolve(value));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static S3Uri assetDir(Profile p, String value) {
        return p.initAssetDir().orElseThrow(() -> WadalException.usage(
                ProfileKey.INIT_ASSET_DIR_S3 + " is required: " + KEY + "=" + value + " is kept there; set it in profiles/"
                        + p.name() + ", e.g. s3://my-bucket/wadal"));
    }
}
