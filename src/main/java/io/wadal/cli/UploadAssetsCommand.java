package io.wadal.cli;

import io.wadal.app.AssetSync;
import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.WadalException;
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
        Invocation ws = target.workspace(ctx);
        Profile p = ws.profile(ws.profileName());
        S3Uri dir = p.initAssetDir().orElseThrow(() -> WadalException.usage(
                "INIT_ASSET_DIR_S3 is required to upload assets; set it in " + p.file() + ", e.g. s3://my-bucket/wadal"));
        String region = ws.region(p);
        List<Asset> assets = ws.assetSync().assets(p, dir, region);
        PrintWriter err = ws.err();
        AssetUploader.Result result = new AssetUploader(ctx.aws().s3(region)).upload(dir, assets, line -> {
            err.println(line);
            err.flush();
        });
        ws.out().printf("%d uploaded, %d unchanged in %s%n", result.uploaded(), result.unchanged(), dir);
        return 0;
    }
}
