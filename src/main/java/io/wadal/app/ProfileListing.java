package io.wadal.app;

import io.wadal.profile.ProfileLoader;
import io.wadal.state.ClusterStore;
import io.wadal.state.StoredRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The profiles in the home, with the cluster recorded for each. */
public final class ProfileListing {
    private final Supplier<ProfileLoader> profiles;
    private final Supplier<ClusterStore> store;
    private final Consumer<String> warnings;

    public ProfileListing(Supplier<ProfileLoader> profiles, Supplier<ClusterStore> store, Consumer<String> warnings) {
        this.profiles = profiles;
        this.store = store;
        this.warnings = warnings;
    }

    /**
     * One row per profile, as --json prints it: name, cluster (null when none), and brokenRecord
     * (only when the record cannot be read; reported as a warning, the other profiles listed as usual).
     */
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : profiles.get().names()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            Optional<StoredRecord> stored = store.get().lookup(name);
            row.put("cluster", stored.filter(s -> !s.isBroken()).map(s -> s.record().id()).orElse(null));
            if (stored.isPresent() && stored.get().isBroken()) {
                warnings.accept(stored.get().broken().message());
                row.put("brokenRecord", stored.get().broken().message());
            }
            rows.add(row);
        }
        return rows;
    }
}
