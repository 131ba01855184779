package io.wadal.cli;

import io.wadal.app.AssetSync;
import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileArgument;
import io.wadal.profile.ProfileKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.concurrent.Callable;

@Command(name = "upload-assets", mixinStandardHelpOptions = true,
        description = {"Upload the boot scripts, Jupyter setup, font and EMR configuration to " + ProfileKey.Names.INIT_ASSET_DIR_S3 + ".",
                ProfileKey.Names.BOOTSTRAP_SCRIPT + " goes too when it is a local file. Objects whose content is unchanged are skipped.",
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
        AssetSync.Upload upload = ws.assetSync().upload(ws.profileName());
        ws.ui().result(String.format("%d uploaded, %d unchanged in %s",
                upload.result().uploaded(), upload.result().unchanged(), upload.dir()));
        return 0;
    }
}
