package io.wadal.assets;

import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.S3Uri;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The assets wadal places in INIT_ASSET_DIR_S3: the ones bundled in the jar (the repository's
 * {@code assets/} folder, classpath resources under {@code io/wadal/assets/}) and the user's
 * own under {@code <home>/assets/}, where a file overrides the bundled asset of the same name
 * and any other file is one more asset. {@code cp_assets.sh} is not a file: it is rendered
 * from the template {@code _cp_assets.sh} for the profile's asset dir and region. Nor are the
 * bootstrap actions {@code boot_eda.sh}, {@code boot_etl.sh} and {@code boot_min.sh}: each is
 * the template {@code _boot.sh} rendered for its name, asset dir and region, so that EMR gets
 * one self-contained file that fetches its constraints file (and pip.conf) from the asset dir.
 */
public final class AssetCatalog {
    public static final String CP_ASSETS_TEMPLATE = "_cp_assets.sh";
    public static final String CP_ASSETS = "cp_assets.sh";
    public static final String EMR_CONFIG = "emr_config.json";
    public static final String RUN_JUPYTER = "run_jupyter.sh";
    public static final String AUTOSAVE = "wadal_autosave.sh";
    public static final String TERMINATE = "wadal_terminate.sh";
    public static final String JOB = "wadal_job.sh";
    public static final String BOOT_TEMPLATE = "_boot.sh";
    /** The bootstrap actions rendered from {@link #BOOT_TEMPLATE}, sorted. */
    public static final List<String> BOOT_SCRIPTS = List.of("boot_eda.sh", "boot_etl.sh", "boot_min.sh");
    public static final String DEFAULT_BOOTSTRAP = "boot_eda.sh";
    /** The pip constraints of the bootstrap actions, per EMR major version (the node's OS picks one). */
    public static final List<String> CONSTRAINTS = List.of("constraints-emr6.txt", "constraints-emr7.txt");

    /**
     * Every file of the repository's {@code assets/} folder, sorted (a jar cannot list a
     * classpath folder reliably; a test keeps this list equal to the folder).
     */
    public static final List<String> BUNDLED = List.of(
            "NanumGothic-LICENSE.txt",
            "NanumGothic.ttf",
            "_boot.sh",
            "_cp_assets.sh",
            "constraints-emr6.txt",
            "constraints-emr7.txt",
            "emr_config.json",
            "run_jupyter.sh",
            "wadal_autosave.sh",
            "wadal_job.sh",
            "wadal_terminate.sh");

    static final String PLACEHOLDER_ASSET_DIR = "{" + ProfileKey.INIT_ASSET_DIR_S3 + "}";
    static final String PLACEHOLDER_REGION = "{" + ProfileKey.AWS_REGION + "}";
    static final String PLACEHOLDER_BOOT_SCRIPT = "{BOOT_SCRIPT}";

    private static final String RESOURCE_DIR = "/io/wadal/assets/";
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]*[a-z0-9]");

    /** Every name the catalog has without a home folder: the bundled files and the rendered ones. */
    private static final List<String> BUILT_IN = Stream.of(BUNDLED, BOOT_SCRIPTS, List.of(CP_ASSETS))
            .flatMap(List::stream).sorted().toList();

    private final Path homeAssetsDir;

    /**
     * @param homeAssetsDir {@code <home>/assets}; may not exist (or be null): then only the
     *                      bundled assets
     */
    public AssetCatalog(Path homeAssetsDir) {
        this.homeAssetsDir = homeAssetsDir;
    }

    /** True if {@code name} is a bundled, rendered or home asset. */
    public boolean contains(String name) {
        if (!isPlainName(name)) {
            return false;
        }
        return BUILT_IN.contains(name) || homeFile(name) != null;
    }

    /**
     * The content of an asset: the home override if there is one (a {@code .sh} one with its CRLF
     * line ends made LF), else the bundled resource.
     *
     * @throws WadalException usage error if there is no such asset, or for {@code cp_assets.sh}
     *                        and a bootstrap action that is not overridden (rendered: see
     *                        {@link #renderCpAssets}, {@link #renderBoot})
     */
    public byte[] read(String name) {
        if (CP_ASSETS.equals(name)) {
            throw WadalException.usage(CP_ASSETS + " is rendered from " + CP_ASSETS_TEMPLATE
                    + " for an asset dir and region; it has no content of its own");
        }
        if (!isPlainName(name)) {
            throw unknown(name);
        }
        Path home = homeFile(name);
        if (home != null) {
            try {
                byte[] content = Files.readAllBytes(home);
                return name.endsWith(".sh") ? unixLineEnds(content) : content;
            } catch (IOException e) {
                throw WadalException.usage("cannot read asset " + home + ": " + ExceptionText.of(e));
            }
        }
        if (BOOT_SCRIPTS.contains(name)) {
            throw WadalException.usage(name + " is rendered from " + BOOT_TEMPLATE
                    + " for an asset dir and region; it has no content of its own");
        }
        if (BUNDLED.contains(name)) {
            return bundled(name);
        }
        throw unknown(name);
    }

    /**
     * Every asset to upload, sorted by name: the bundled, rendered and home assets except the
     * templates, with {@code cp_assets.sh} rendered for {@code assetDir} and {@code region}.
     */
    public List<Asset> forUpload(S3Uri assetDir, String region) {
        TreeSet<String> names = new TreeSet<>(BUILT_IN);
        names.addAll(homeNames());
        names.remove(CP_ASSETS_TEMPLATE);
        names.remove(BOOT_TEMPLATE);
        names.remove(CP_ASSETS);
        List<Asset> assets = new ArrayList<>(names.size() + 1);
        byte[] cpAssets = renderCpAssets(assetDir, region);
        for (String name : names) {
            boolean rendered = BOOT_SCRIPTS.contains(name) && homeFile(name) == null;
            assets.add(new Asset(name, rendered ? renderBoot(name, assetDir, region) : read(name)));
        }
        assets.add(new Asset(CP_ASSETS, cpAssets));
        assets.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(assets);
    }

    /**
     * {@code cp_assets.sh}: the template (or its home override) with {@code {INIT_ASSET_DIR_S3}}
     * and {@code {AWS_REGION}} replaced, each value escaped for the single quotes around the
     * placeholder.
     */
    public byte[] renderCpAssets(S3Uri assetDir, String region) {
        return render(CP_ASSETS_TEMPLATE, CP_ASSETS, assetDir, region);
    }

    /**
     * A bootstrap action ({@code boot_eda.sh}, …): the template {@link #BOOT_TEMPLATE} (or its home
     * override) with {@code {BOOT_SCRIPT}} replaced by {@code name} without {@code .sh}, and the
     * asset dir and region as in {@link #renderCpAssets}. A home file of that name is not rendered:
     * {@link #forUpload} takes it as it is.
     */
    public byte[] renderBoot(String name, S3Uri assetDir, String region) {
        if (!BOOT_SCRIPTS.contains(name)) {
            throw unknown(name);
        }
        String script = name.substring(0, name.length() - ".sh".length());
        String rendered = new String(render(BOOT_TEMPLATE, name, assetDir, region), StandardCharsets.UTF_8);
        return rendered.replace(PLACEHOLDER_BOOT_SCRIPT, script).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] render(String template, String name, S3Uri assetDir, String region) {
        if (assetDir == null) {
            throw WadalException.usage(ProfileKey.INIT_ASSET_DIR_S3 + " is needed to render " + name);
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw WadalException.usage(region == null || region.isBlank()
                    ? ProfileKey.AWS_REGION + " is needed to render " + name
                    : ProfileKey.AWS_REGION + " '" + region + "' is not a region name");
        }
        String text = new String(read(template), StandardCharsets.UTF_8);
        String rendered = text
                .replace(PLACEHOLDER_ASSET_DIR, singleQuoted(assetDir.toString()))
                .replace(PLACEHOLDER_REGION, singleQuoted(region));
        return rendered.getBytes(StandardCharsets.UTF_8);
    }

    /** The EMR configurations: the bundled {@code emr_config.json} or its home override. */
    public String defaultEmrConfig() {
        return new String(read(EMR_CONFIG), StandardCharsets.UTF_8);
    }

    /** Names of the regular, non-hidden files in the home assets dir, sorted. */
    public List<String> homeNames() {
        if (homeAssetsDir == null || !Files.isDirectory(homeAssetsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(homeAssetsDir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(AssetCatalog::isPlainName)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw WadalException.usage("cannot list " + homeAssetsDir + ": " + ExceptionText.of(e));
        }
    }

    private Path homeFile(String name) {
        if (homeAssetsDir == null) {
            return null;
        }
        Path file = homeAssetsDir.resolve(name);
        return Files.isRegularFile(file) ? file : null;
    }

    private static byte[] bundled(String name) {
        try (InputStream in = AssetCatalog.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("bundled asset " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled asset " + name, e);
        }
    }

    /** A script edited on Windows: CRLF would make bash fail on the node ($'\r': command not found). */
    private static byte[] unixLineEnds(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        return text.indexOf('\r') < 0 ? content : text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A name that can be an object name under the asset dir and a file name in home/assets. */
    private static boolean isPlainName(String name) {
        return name != null && !name.isEmpty() && !name.startsWith(".")
                && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }

    /** The text to put between single quotes so that the shell reads {@code value} back. */
    private static String singleQuoted(String value) {
        return value.replace("'", "'\\''");
    }

    private static WadalException unknown(String name) {
        return WadalException.usage("unknown asset '" + name + "' (bundled: "
                + String.join(", ", BUILT_IN) + ")");
    }
}
