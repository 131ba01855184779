package io.wadal.emr;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static io.wadal.emr.TestProfiles.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapScriptTest {
    @TempDir
    Path home;

    private static Profile withScript(String script) {
        return profile("p", script == null
                ? Map.of("INIT_ASSET_DIR_S3", "s3://wadal-assets/init")
                : Map.of("INIT_ASSET_DIR_S3", "s3://wadal-assets/init", "BOOTSTRAP_SCRIPT", script));
    }

    private static final java.util.Set<String> ASSETS = java.util.Set.of("boot_eda.sh", "boot_etl.sh", "boot_min.sh");

    @Test
    void defaultIsTheBootEdaAsset() {
        assertEquals(new BootstrapScript("s3://wadal-assets/init/boot_eda.sh", Optional.empty()),
                BootstrapScript.of(withScript(null), home, ASSETS::contains));
    }

    @Test
    void assetNameResolvesUnderAssetDir() {
        assertEquals(new BootstrapScript("s3://wadal-assets/init/boot_min.sh", Optional.empty()),
                BootstrapScript.of(withScript("boot_min.sh"), home, ASSETS::contains));
    }

    @Test
    void s3UriIsUsedAsIs() {
        assertEquals(new BootstrapScript("s3://other-bucket/x/my_boot.sh", Optional.empty()),
                BootstrapScript.of(withScript("s3://other-bucket/x/my_boot.sh"), home, ASSETS::contains));
    }

    @Test
    void relativePathResolvesAgainstHome() throws IOException {
        Path file = Files.createDirectories(home.resolve("scripts")).resolve("mine.sh");
        Files.writeString(file, "#!/bin/sh\n");
        BootstrapScript b = BootstrapScript.of(withScript("scripts/mine.sh"), home, ASSETS::contains);
        assertEquals("s3://wadal-assets/init/mine.sh", b.s3Uri());
        assertEquals(Optional.of(file.normalize()), b.localFile());
    }

    @Test
    void dotPathIsLocal() throws IOException {
        Path file = home.resolve("mine.sh");
        Files.writeString(file, "#!/bin/sh\n");
        BootstrapScript b = BootstrapScript.of(withScript("./mine.sh"), home, ASSETS::contains);
        assertEquals("s3://wadal-assets/init/mine.sh", b.s3Uri());
        assertEquals(Optional.of(file), b.localFile());
    }

    @Test
    void bareNameOfExistingFileInHomeIsLocal() throws IOException {
        Path file = home.resolve("boot_custom.sh");
        Files.writeString(file, "#!/bin/sh\n");
        BootstrapScript b = BootstrapScript.of(withScript("boot_custom.sh"), home, ASSETS::contains);
        assertEquals("s3://wadal-assets/init/boot_custom.sh", b.s3Uri());
        assertEquals(Optional.of(file), b.localFile());
    }

    @Test
    void absolutePathIsLocal() throws IOException {
        Path file = Files.createDirectories(home.resolve("elsewhere")).resolve("b.sh").toAbsolutePath();
        Files.writeString(file, "#!/bin/sh\n");
        BootstrapScript b = BootstrapScript.of(withScript(file.toString()), home.resolve("unrelated"), ASSETS::contains);
        assertEquals("s3://wadal-assets/init/b.sh", b.s3Uri());
        assertEquals(Optional.of(file), b.localFile());
    }

    @Test
    void missingLocalFileIsUsageErrorNamingKeyAndPath() {
        WadalException e = assertThrows(WadalException.class,
                () -> BootstrapScript.of(withScript("scripts/nope.sh"), home, ASSETS::contains));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("BOOTSTRAP_SCRIPT"), e.getMessage());
        assertTrue(e.getMessage().contains(home.resolve("scripts/nope.sh").toString()), e.getMessage());
    }

    @Test
    void aBareNameThatIsNeitherAssetNorFileIsAUsageError() {
        WadalException e = assertThrows(WadalException.class,
                () -> BootstrapScript.of(withScript("boot_edaa.sh"), home, ASSETS::contains));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("BOOTSTRAP_SCRIPT=boot_edaa.sh is neither a wadal asset"), e.getMessage());
    }

    @Test
    void assetNameWithoutAssetDirIsUsageError() {
        WadalException e = assertThrows(WadalException.class,
                () -> BootstrapScript.of(profile("p", Map.of()), home, ASSETS::contains));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("INIT_ASSET_DIR_S3"), e.getMessage());
    }
}
