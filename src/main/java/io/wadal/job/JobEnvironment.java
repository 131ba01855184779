package io.wadal.job;

import io.wadal.env.EnvAssignments;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The environment of a batch job, from its three sources. */
public final class JobEnvironment {
    private JobEnvironment() {
    }

    /**
     * RUN_NOTEBOOK_ENVS of the profile, overridden by {@code $ENVS} (the original's way),
     * overridden by each {@code -e K=V} in order. Malformed input is a usage error (exit 2).
     *
     * @param envs the ENVS environment variable, or null
     */
    public static Map<String, String> of(Profile profile, String envs, List<String> assignments) {
        String where = profile.where();
        Map<String, String> env = new LinkedHashMap<>(
                EnvAssignments.parse(profile.runNotebookEnvs().orElse(null), ProfileKey.RUN_NOTEBOOK_ENVS + " in " + where));
        env.putAll(EnvAssignments.parse(envs, "the ENVS environment variable"));
        for (String a : assignments) {
            Map.Entry<String, String> e = EnvAssignments.parseOne(a, "-e");
            env.put(e.getKey(), e.getValue());
        }
        return env;
    }
}
