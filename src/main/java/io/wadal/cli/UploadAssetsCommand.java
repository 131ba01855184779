package io.wadal.cli;

import io.wadal.WadalException;
import io.wadal.assets.Asset;
import io.wadal.assets.AssetCatalog;
import io.wadal.assets.AssetUploader;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.emr.BootstrapScript;
import io.wadal.profile.Profile;
import io.wadal.profile.S3Uri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "upload-assets", mixinStandardHelpOptions = true,
        description = {"Upload the boot scripts, Jupyter setup, font and EMR configuration to INIT_ASSET_DIR_S3.",
                "BOOTSTRAP_SCRIPT goes too when it is a local file. Objects whose content is unchanged are skipped.",
                "Once per region and asset directory is enough; run it again after changing assets/."})
public class UploadAssetsCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileArgument target;

    public UploadAssetsCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Workspace ws = target.workspace(ctx);
        Profile p = ws.profile(ws.profileName());
        S3Uri dir = p.initAssetDir().orElseThrow(() -> WadalException.usage(
                "INIT_ASSET_DIR_S3 is required to upload assets; set it in " + p.file() + ", e.g. s3://my-bucket/wadal"));
        String region = ws.region(p);
        List<Asset> assets = assets(ws, p, dir, region);
        PrintWriter err = ws.err();
        AssetUploader.Result result = new AssetUploader(ctx.aws().s3(region)).upload(dir, assets, line -> {
            err.println(line);
            err.flush();
        });
        ws.out().printf("%d uploaded, %d unchanged in %s%n", result.uploaded(), result.unchanged(), dir);
        return 0;
    }

    /** What upload-assets places in the asset dir for this profile (check compares with it). */
    static List<Asset> assets(Workspace ws, Profile p, S3Uri dir, String region) throws IOException {
        AssetCatalog catalog = new AssetCatalog(ws.home().resolve("assets"));
        List<Asset> assets = new ArrayList<>(catalog.forUpload(dir, region));
        var local = BootstrapScript.of(p, ws.home(), catalog::contains).localFile();
        if (local.isPresent()) {
            Path file = local.get();
            String name = file.getFileName().toString();
            assets.removeIf(a -> a.name().equals(name));
            assets.add(new Asset(name, Files.readAllBytes(file)));
        }
        return assets;
    }
}
