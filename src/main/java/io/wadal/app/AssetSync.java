package io.wadal.app;

import io.wadal.assets.Asset;
import io.wadal.assets.AssetCatalog;
import io.wadal.assets.AssetUploader;
import io.wadal.assets.PipConfig;
import io.wadal.aws.AwsClients;
import io.wadal.console.Ui;
import io.wadal.emr.BootstrapScript;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.S3Uri;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** The assets a profile's cluster boots from: what upload-assets places in INIT_ASSET_DIR_S3 and check compares with. */
public final class AssetSync {
    private final Function<String, Profile> profiles;
    private final Function<Profile, String> regions;
    private final Supplier<WadalHome> home;
    private final AwsClients aws;
    private final Ui ui;

    /** @param regions the profile's region, else the SDK's default; exit 2 when there is none */
    public AssetSync(Function<String, Profile> profiles, Function<Profile, String> regions, Supplier<WadalHome> home,
                     AwsClients aws, Ui ui) {
        this.profiles = profiles;
        this.regions = regions;
        this.home = home;
        this.aws = aws;
        this.ui = ui;
    }

    /** What was uploaded where. */
    public record Upload(S3Uri dir, AssetUploader.Result result) {
    }

    /** Uploads the profile's assets, skipping objects whose content is unchanged; progress lines on stderr. */
    public Upload upload(String profileName) throws IOException {
        Profile p = profiles.apply(profileName);
        S3Uri dir = p.initAssetDir().orElseThrow(() -> WadalException.usage(
                ProfileKey.INIT_ASSET_DIR_S3 + " is required to upload assets; set it in " + p.where() + ", e.g. s3://my-bucket/wadal"));
        String region = regions.apply(p);
        List<Asset> assets = assets(p, dir, region);
        AssetUploader uploader = new AssetUploader(aws.s3(region));
        Upload upload = new Upload(dir, uploader.upload(dir, assets, ui.infoLines()));
        // A stale one would point the nodes' pip at an index (and token) the profile no longer names.
        if (assets.stream().noneMatch(a -> a.name().equals(PipConfig.NAME)) && uploader.removeIfPresent(dir, PipConfig.NAME)) {
            ui.info("removed   " + dir.resolve(PipConfig.NAME) + " (" + ProfileKey.PIP_INDEX_URL + " and "
                    + ProfileKey.PIP_EXTRA_INDEX_URL + " are unset: the nodes' pip uses PyPI)");
        }
        return upload;
    }

    /** What upload-assets places in the asset dir for this profile (check compares with it). */
    public List<Asset> assets(Profile p, S3Uri dir, String region) throws IOException {
        AssetCatalog catalog = new AssetCatalog(home.get().assets());
        List<Asset> assets = new ArrayList<>(catalog.forUpload(dir, region));
        var local = BootstrapScript.of(p, home.get().root(), catalog::contains).localFile();
        if (local.isPresent()) {
            Path file = local.get();
            String name = file.getFileName().toString();
            assets.removeIf(a -> a.name().equals(name));
            assets.add(new Asset(name, Files.readAllBytes(file)));
        }
        PipConfig.of(p).ifPresent(conf -> {
            assets.removeIf(a -> a.name().equals(conf.name()));
            assets.add(conf);
        });
        return assets;
    }
}
