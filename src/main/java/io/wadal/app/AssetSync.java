package io.wadal.app;

import io.wadal.assets.Asset;
import io.wadal.assets.AssetCatalog;
import io.wadal.emr.BootstrapScript;
import io.wadal.profile.Profile;
import io.wadal.profile.S3Uri;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The assets a profile's cluster boots from. */
public final class AssetSync {
    private final Invocation ws;

    public AssetSync(Invocation ws) {
        this.ws = ws;
    }


    /** What upload-assets places in the asset dir for this profile (check compares with it). */
    public List<Asset> assets(Profile p, S3Uri dir, String region) throws IOException {
        AssetCatalog catalog = new AssetCatalog(ws.home().assets());
        List<Asset> assets = new ArrayList<>(catalog.forUpload(dir, region));
        var local = BootstrapScript.of(p, ws.home().root(), catalog::contains).localFile();
        if (local.isPresent()) {
            Path file = local.get();
            String name = file.getFileName().toString();
            assets.removeIf(a -> a.name().equals(name));
            assets.add(new Asset(name, Files.readAllBytes(file)));
        }
        return assets;
    }
}
