package io.wadal.profile;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every profile key's name, and the ones whose values are secrets: both from {@link ProfileKey}. */
public final class ProfileKeys {
    public static final List<String> ALL = Arrays.stream(ProfileKey.values()).map(ProfileKey::name).toList();

    /**
     * Values never shown, sent to an EMR API field, or placed on a remote command line.
     * RUN_NOTEBOOK_ENVS is among them: the original README suggests passing passwords through it.
     */
    public static final Set<String> SECRETS = Collections.unmodifiableSet(new LinkedHashSet<>(
            Arrays.stream(ProfileKey.values()).filter(ProfileKey::secret).map(ProfileKey::name).toList()));

    private ProfileKeys() {
    }
}
