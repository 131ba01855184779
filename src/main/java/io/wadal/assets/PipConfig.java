package io.wadal.assets;

import io.wadal.profile.Profile;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The pip configuration of a profile's nodes: PIP_INDEX_URL and PIP_EXTRA_INDEX_URL, which may
 * carry a token, as a pip.conf that upload-assets places in the asset dir and the bootstrap
 * installs 0600 before its first pip call. Never an EMR field, a bootstrap argument or a
 * remote command line: anyone allowed to describe the cluster could read those back.
 */
public final class PipConfig {
    /** The object name under INIT_ASSET_DIR_S3, which the bootstrap fetches. */
    public static final String NAME = "pip.conf";

    /**
     * The bundled bootstrap's argument (no secret, only which): install the asset dir's pip.conf
     * (and fail without one), or use none even if one is there (another profile's, sharing the dir).
     */
    public static final String USE = "--pip-conf";
    public static final String NONE = "--no-pip-conf";

    private PipConfig() {
    }

    /** {@link #USE} when the profile sets a pip key, else {@link #NONE}. */
    public static String flag(Profile p) {
        return p.pipIndexUrl().isPresent() || p.pipExtraIndexUrl().isPresent() ? USE : NONE;
    }

    /** The file, or none when neither key is set (then the nodes' pip uses PyPI). */
    public static Optional<Asset> of(Profile p) {
        Optional<String> index = p.pipIndexUrl();
        Optional<String> extra = p.pipExtraIndexUrl();
        if (index.isEmpty() && extra.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder("# written by wadal upload-assets from the profile's pip keys\n[global]\n");
        index.ifPresent(url -> b.append("index-url = ").append(url).append('\n'));
        extra.ifPresent(url -> b.append("extra-index-url = ").append(url).append('\n'));
        return Optional.of(new Asset(NAME, b.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
