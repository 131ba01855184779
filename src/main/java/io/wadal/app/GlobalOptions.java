package io.wadal.app;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options every command takes, as parsed: --home, how many times -v, -P and the -p/--set
 * overrides (in the order given). Null when not given.
 */
public record GlobalOptions(Path home, int verbosity, String profile, Map<String, String> overrides) {
    public GlobalOptions {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }
}
