package io.wadal.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wadal.error.WadalException;
import io.wadal.profile.S3Uri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssetCatalogTest {
    static final Path ASSETS_DIR = Path.of(System.getProperty("basedir", ".")).resolve("assets");
    /** A placeholder of the template, e.g. {AWS_REGION}, but not a shell ${VAR}. */
    static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{[A-Z][A-Z0-9_]*}");
    static final S3Uri ASSET_DIR = S3Uri.parse("s3://wadal-test-bucket/wadal/assets").orElseThrow();

    @TempDir
    Path tmp;

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Map<String, Asset> byName(List<Asset> assets) {
        return assets.stream().collect(Collectors.toMap(Asset::name, Function.identity()));
    }

    @Test
    void bundledListEqualsTheAssetsFolder() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(ASSETS_DIR)) {
            files = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(files, AssetCatalog.BUNDLED,
                "AssetCatalog.BUNDLED must list every file of assets/ (a new asset was forgotten?)");
        assertEquals(files.stream().sorted().toList(), AssetCatalog.BUNDLED, "BUNDLED is sorted");
    }

    @Test
    void bundledAssetsAreOnTheClasspathUnchanged() throws IOException {
        AssetCatalog catalog = new AssetCatalog(tmp.resolve("no-such-dir"));
        for (String name : AssetCatalog.BUNDLED) {
            assertTrue(catalog.contains(name), name);
            assertArrayEquals(Files.readAllBytes(ASSETS_DIR.resolve(name)), catalog.read(name),
                    name + " must be copied into the jar byte for byte (no resource filtering)");
        }
        assertTrue(catalog.read("NanumGothic.ttf").length > 1_000_000, "the real font, not a stub");
    }

    @Test
    void homeOverrideWins() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("assets"));
        Files.writeString(home.resolve("boot_eda.sh"), "#!/bin/bash\necho mine\n");
        AssetCatalog catalog = new AssetCatalog(home);

        assertEquals("#!/bin/bash\necho mine\n", text(catalog.read("boot_eda.sh")));
        assertEquals("#!/bin/bash\necho mine\n",
                text(byName(catalog.forUpload(ASSET_DIR, "ap-northeast-2")).get("boot_eda.sh").content()));
        // the others stay rendered from the bundled template
        assertArrayEquals(new AssetCatalog(null).renderBoot("boot_etl.sh", ASSET_DIR, "ap-northeast-2"),
                byName(catalog.forUpload(ASSET_DIR, "ap-northeast-2")).get("boot_etl.sh").content());
        assertTrue(text(catalog.renderBoot("boot_etl.sh", ASSET_DIR, "ap-northeast-2")).contains("SCRIPT='boot_etl'"));
    }

    @Test
    void bootScriptsAreRenderedFromTheTemplate() {
        AssetCatalog catalog = new AssetCatalog(null);
        String template = text(catalog.read(AssetCatalog.BOOT_TEMPLATE));
        assertTrue(template.contains("SCRIPT='{BOOT_SCRIPT}'"), "the variant's placeholder");
        assertTrue(AssetCatalog.BOOT_SCRIPTS.contains(AssetCatalog.DEFAULT_BOOTSTRAP));
        assertTrue(template.contains("ASSET_DIR='{INIT_ASSET_DIR_S3}'") && template.contains("REGION='{AWS_REGION}'"),
                "the bootstrap fetches its constraints and pip.conf from the asset dir");
        Map<String, Asset> uploaded = byName(catalog.forUpload(ASSET_DIR, "us-west-2"));
        for (String name : List.of("boot_eda.sh", "boot_etl.sh", "boot_min.sh")) {
            assertTrue(catalog.contains(name), name);
            assertFalse(AssetCatalog.BUNDLED.contains(name), name + " is rendered, not a file");
            String script = text(catalog.renderBoot(name, ASSET_DIR, "us-west-2"));
            assertEquals(template.replace("{BOOT_SCRIPT}", name.replace(".sh", ""))
                    .replace("{INIT_ASSET_DIR_S3}", ASSET_DIR.toString()).replace("{AWS_REGION}", "us-west-2"), script);
            assertFalse(PLACEHOLDER.matcher(script).find(), "placeholder left in " + name);
            assertEquals(script, text(uploaded.get(name).content()));
            assertEquals(2, assertThrows(WadalException.class, () -> catalog.read(name)).exitCode(),
                    name + " has no content without an asset dir");
        }
        assertEquals(2, assertThrows(WadalException.class,
                () -> catalog.renderBoot("boot_eda.sh", ASSET_DIR, "x'; rm -rf /")).exitCode());
    }

    @Test
    void aHomeBootTemplateIsRenderedAndAHomeBootScriptWins() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("assets"));
        Files.writeString(home.resolve("_boot.sh"), "#!/bin/bash\r\necho '{BOOT_SCRIPT}'\r\n");
        Files.writeString(home.resolve("boot_min.sh"), "#!/bin/bash\necho mine\n");
        Map<String, Asset> assets = byName(new AssetCatalog(home).forUpload(ASSET_DIR, "us-west-2"));
        assertEquals("#!/bin/bash\necho 'boot_eda'\n", text(assets.get("boot_eda.sh").content()));
        assertEquals("#!/bin/bash\necho 'boot_etl'\n", text(assets.get("boot_etl.sh").content()));
        assertEquals("#!/bin/bash\necho mine\n", text(assets.get("boot_min.sh").content()));
        assertFalse(assets.containsKey("_boot.sh"));
    }

    @Test
    void homeScriptsEditedOnWindowsGetUnixLineEnds() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("assets"));
        Files.writeString(home.resolve("my_boot.sh"), "#!/bin/bash\r\necho hi\r\n");
        Files.writeString(home.resolve("notes.txt"), "a\r\nb\r\n");
        AssetCatalog catalog = new AssetCatalog(home);
        assertEquals("#!/bin/bash\necho hi\n", text(catalog.read("my_boot.sh")));
        assertEquals("a\r\nb\r\n", text(catalog.read("notes.txt")), "only scripts are touched");
    }

    @Test
    void extraHomeAssetsAreAssetsButHiddenFilesAndFoldersAreNot() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("assets"));
        Files.writeString(home.resolve("my_boot.sh"), "#!/bin/bash\ntrue\n");
        Files.writeString(home.resolve(".DS_Store"), "junk");
        Files.createDirectories(home.resolve("subdir"));
        AssetCatalog catalog = new AssetCatalog(home);

        assertTrue(catalog.contains("my_boot.sh"));
        assertEquals("#!/bin/bash\ntrue\n", text(catalog.read("my_boot.sh")));
        assertFalse(catalog.contains(".DS_Store"));
        assertFalse(catalog.contains("subdir"));
        List<String> names = catalog.forUpload(ASSET_DIR, "us-east-1").stream().map(Asset::name).toList();
        assertTrue(names.contains("my_boot.sh"), names.toString());
        assertFalse(names.contains(".DS_Store"), names.toString());
        assertFalse(names.contains("subdir"), names.toString());
    }

    @Test
    void unknownNamesAreUsageErrors() {
        AssetCatalog catalog = new AssetCatalog(null);
        WadalException e = assertThrows(WadalException.class, () -> catalog.read("nope.sh"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("nope.sh"), e.getMessage());
        assertTrue(e.getMessage().contains("boot_etl.sh"), "lists the rendered assets too: " + e.getMessage());
        assertEquals(2, assertThrows(WadalException.class, () -> catalog.read("../pom.xml")).exitCode());
        assertFalse(catalog.contains("../pom.xml"));
        assertFalse(catalog.contains("nope.sh"));
        assertFalse(catalog.contains(null));
    }

    @Test
    void cpAssetsIsKnownButRenderedNotRead() {
        AssetCatalog catalog = new AssetCatalog(null);
        assertTrue(catalog.contains(AssetCatalog.CP_ASSETS));
        assertEquals(2, assertThrows(WadalException.class, () -> catalog.read(AssetCatalog.CP_ASSETS)).exitCode());
    }

    @Test
    void forUploadRendersCpAssetsAndLeavesTheTemplateOut() {
        List<Asset> assets = new AssetCatalog(tmp.resolve("absent")).forUpload(ASSET_DIR, "ap-northeast-2");
        List<String> names = assets.stream().map(Asset::name).toList();

        assertEquals(names.stream().sorted().toList(), names, "sorted by name");
        List<String> expected = new ArrayList<>(AssetCatalog.BUNDLED);
        expected.remove(AssetCatalog.CP_ASSETS_TEMPLATE);
        expected.remove(AssetCatalog.BOOT_TEMPLATE);
        expected.add(AssetCatalog.CP_ASSETS);
        expected.addAll(List.of("boot_eda.sh", "boot_etl.sh", "boot_min.sh"));
        assertEquals(expected.stream().sorted().toList(), names);

        String cp = text(byName(assets).get(AssetCatalog.CP_ASSETS).content());
        assertTrue(cp.startsWith("#!/bin/bash\n"));
        assertTrue(cp.contains("ASSET_DIR='s3://wadal-test-bucket/wadal/assets'"), cp);
        assertTrue(cp.contains("REGION='ap-northeast-2'"), cp);
        assertFalse(PLACEHOLDER.matcher(cp).find(), "placeholder left in:\n" + cp);
        // the template itself does have them
        String template = text(new AssetCatalog(null).read(AssetCatalog.CP_ASSETS_TEMPLATE));
        assertTrue(template.contains("{INIT_ASSET_DIR_S3}") && template.contains("{AWS_REGION}"));
    }

    @Test
    void renderingQuotesTheValuesForTheShell() {
        S3Uri odd = S3Uri.parse("s3://wadal-test-bucket/it's").orElseThrow();
        String cp = text(new AssetCatalog(null).renderCpAssets(odd, "eu-west-1"));
        assertTrue(cp.contains("ASSET_DIR='s3://wadal-test-bucket/it'\\''s'"), cp);
    }

    @Test
    void renderingNeedsAValidRegion() {
        AssetCatalog catalog = new AssetCatalog(null);
        assertEquals(2, assertThrows(WadalException.class, () -> catalog.forUpload(ASSET_DIR, null)).exitCode());
        assertEquals(2, assertThrows(WadalException.class, () -> catalog.forUpload(ASSET_DIR, " ")).exitCode());
        assertEquals(2, assertThrows(WadalException.class,
                () -> catalog.forUpload(ASSET_DIR, "eu-west-1'; rm -rf /")).exitCode());
    }

    @Test
    void aHomeTemplateIsRenderedAndNeverUploadedItself() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("assets"));
        Files.writeString(home.resolve("_cp_assets.sh"), "#!/bin/bash\necho '{INIT_ASSET_DIR_S3}' '{AWS_REGION}'\n");
        Files.writeString(home.resolve("cp_assets.sh"), "#!/bin/bash\necho stale render\n");
        Map<String, Asset> assets = byName(new AssetCatalog(home).forUpload(ASSET_DIR, "us-west-2"));
        assertEquals("#!/bin/bash\necho 's3://wadal-test-bucket/wadal/assets' 'us-west-2'\n",
                text(assets.get("cp_assets.sh").content()));
        assertFalse(assets.containsKey("_cp_assets.sh"));
    }

    @Test
    void defaultEmrConfigHasTheFourClassifications() throws IOException {
        JsonNode config = new ObjectMapper().readTree(new AssetCatalog(null).defaultEmrConfig());
        assertTrue(config.isArray());
        Map<String, JsonNode> byClass = new java.util.LinkedHashMap<>();
        config.forEach(c -> byClass.put(c.get("Classification").asText(), c));
        assertEquals(List.of("spark-defaults", "spark", "spark-env", "zeppelin-env"), List.copyOf(byClass.keySet()));
        assertEquals("2", byClass.get("spark-defaults").path("Properties")
                .path("spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version").asText());
        assertEquals("true", byClass.get("spark").path("Properties").path("maximizeResourceAllocation").asText());
        for (String env : List.of("spark-env", "zeppelin-env")) {
            JsonNode export = byClass.get(env).path("Configurations").get(0);
            assertEquals("export", export.path("Classification").asText(), env);
            assertEquals("python3", export.path("Properties").path("PYSPARK_PYTHON").asText(), env);
        }
    }

    @Test
    void defaultEmrConfigCanBeOverridden() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("assets"));
        Files.writeString(home.resolve("emr_config.json"), "[]");
        assertEquals("[]", new AssetCatalog(home).defaultEmrConfig());
    }
}
