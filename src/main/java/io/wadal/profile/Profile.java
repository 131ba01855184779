package io.wadal.profile;

import io.wadal.console.TerminalText;
import io.wadal.error.WadalException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.wadal.profile.ProfileKey.*;

/**
 * A loaded profile: the values of {@code profiles/<name>} after parsing and overrides, with
 * typed accessors and the defaults of the schema ({@link ProfileKey}). Constructing one validates every typed value,
 * so the accessors never fail.
 */
public final class Profile {
    public static final Duration MIN_IDLE_TIMEOUT = ProfileKey.Limits.MIN_IDLE_TIMEOUT;
    public static final Duration MAX_IDLE_TIMEOUT = ProfileKey.Limits.MAX_IDLE_TIMEOUT;
    /** EMR's limits on tags and cluster names, in characters. */
    public static final int MAX_TAG_KEY = ValueKind.MAX_TAG_KEY;
    public static final int MAX_TAG_VALUE = ValueKind.MAX_TAG_VALUE;
    public static final int MAX_CLUSTER_NAME = ProfileKey.Limits.MAX_CLUSTER_NAME;
    private static final int MAX_SHOWN = 80;
    /** The "line" of a key given with -p KEY=VALUE, so that an error about it names the option, not the file. */
    static final int SET_BY_OPTION = 0;

    private final String name;
    private final Path file;
    private final Map<String, String> values;
    private final Map<String, Integer> lines;

    public Profile(String name, Path file, Map<String, String> values) {
        this(name, file, values, Map.of());
    }

    /** As above, knowing the line each key was set on, so that errors point at it. */
    Profile(String name, Path file, Map<String, String> values, Map<String, Integer> lines) {
        this.name = name;
        this.file = file;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.lines = Map.copyOf(lines);
        validate();
    }

    public String name() {
        return name;
    }

    /** The profile file, or null for a profile built in memory. */
    public Path file() {
        return file;
    }

    /** Which profile this is, for messages: its file, or {@code profile 'NAME'} for one built in memory. */
    public String where() {
        return where(name, file);
    }

    /** {@link #where()} of a profile not built yet. */
    static String where(String name, Path file) {
        return file == null ? "profile '" + name + "'" : file.toString();
    }

    /** Every key set in the profile (after overrides), in file order. */
    public Map<String, String> values() {
        return values;
    }

    /** The value of a key, empty when unset or blank; callers outside use the typed accessors. */
    Optional<String> get(ProfileKey key) {
        return get(key.name());
    }

    /** The value of a key named by a string, empty when unset or blank (for the loader and the tests). */
    Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** The value, or the schema's default (which a key used here has). */
    private String orDefault(ProfileKey key) {
        return get(key).orElseGet(() -> key.defaultValue().orElseThrow());
    }

    public String clusterName() {
        return get(CLUSTER_NAME).orElse(name);
    }

    public Optional<String> region() {
        return get(AWS_REGION);
    }

    public Optional<String> emrLabel() {
        return get(AWS_EMR_LABEL);
    }

    /** The release label as {@code [major, minor, patch]}, empty when unset. */
    public Optional<int[]> emrVersion() {
        return emrLabel().map(ValueKind::releaseLabel);
    }

    public Optional<String> subnet() {
        return get(AWS_EMR_SUBNET);
    }

    public String ec2Type() {
        return orDefault(EC2_TYPE);
    }

    public String masterEc2Type() {
        return get(MASTER_EC2_TYPE).orElse(ec2Type());
    }

    public String coreEc2Type() {
        return get(CORE_EC2_TYPE).orElse(ec2Type());
    }

    public String taskEc2Type() {
        return get(TASK_EC2_TYPE).orElse(ec2Type());
    }

    public int coreInstances() {
        return intValue(NUM_CORE_INSTANCE);
    }

    /** CORE_EBS_SIZE; empty: EMR's default storage for the core instance type. */
    public OptionalInt coreEbsSizeGb() {
        return get(CORE_EBS_SIZE).map(v -> OptionalInt.of(Integer.parseInt(v.trim()))).orElse(OptionalInt.empty());
    }

    /** ROOT_EBS_SIZE, else 30 GiB for boot_eda.sh; empty: EMR's default. */
    public OptionalInt rootEbsSizeGb() {
        Optional<String> set = get(ROOT_EBS_SIZE);
        if (set.isPresent()) {
            return OptionalInt.of(Integer.parseInt(set.get().trim()));
        }
        return bootstrapScript().equals("boot_eda.sh") ? OptionalInt.of(ProfileKey.Limits.EDA_ROOT_EBS) : OptionalInt.empty();
    }

    public int taskInstances() {
        return intValue(NUM_TASK_INSTANCE);
    }

    public Optional<String> taskSpotBidPrice() {
        return get(TASK_SPOT_BID_PRICE);
    }

    public Optional<String> keyPairName() {
        return get(EC2_KEY_PAIR_NAME);
    }

    public Optional<Path> keyPairPath() {
        return get(EC2_KEY_PAIR_PATH).map(Path::of);
    }

    public Optional<S3Uri> initAssetDir() {
        return get(INIT_ASSET_DIR_S3).flatMap(S3Uri::parse);
    }

    /**
     * Where EMR keeps the cluster's logs: EMR_LOG_DIR_S3, else logs/ under INIT_ASSET_DIR_S3, so that
     * a failed node's bootstrap log outlives it; empty when EMR_LOG_DIR_S3 is off.
     */
    public Optional<S3Uri> logDir() {
        Optional<String> set = get(EMR_LOG_DIR_S3);
        if (set.isPresent()) {
            return set.get().equalsIgnoreCase("off") ? Optional.empty() : S3Uri.parse(set.get());
        }
        return initAssetDir().map(assets -> new S3Uri(assets.bucket(), assets.key("logs")));
    }

    public String bootstrapScript() {
        return orDefault(BOOTSTRAP_SCRIPT);
    }

    public Optional<String> pipIndexUrl() {
        return get(PIP_INDEX_URL).map(String::trim);
    }

    public Optional<String> pipExtraIndexUrl() {
        return get(PIP_EXTRA_INDEX_URL).map(String::trim);
    }

    public String jupyterMode() {
        return orDefault(JUPYTER_MODE);
    }

    public int jupyterPort() {
        return intValue(JUPYTER_PORT);
    }

    public boolean jupyterPublic() {
        return Boolean.parseBoolean(orDefault(JUPYTER_PUBLIC).trim());
    }

    public Optional<String> gitRepo() {
        return get(GIT_REPO);
    }

    /** The folder the repository is cloned into: GIT_REPO's last path segment without {@code .git}. */
    public Optional<String> gitRepoName() {
        return gitRepo().flatMap(GitRepoName::of);
    }

    public Optional<String> gitUser() {
        return get(GIT_USER);
    }

    /** A secret. */
    public Optional<String> gitPass() {
        return get(GIT_PASS);
    }

    public Optional<String> gitMail() {
        return get(GIT_MAIL);
    }

    public Optional<String> gitBranch() {
        return get(GIT_BRANCH);
    }

    /** The {@code K=V ...} text, unparsed; a secret. */
    public Optional<String> runNotebookEnvs() {
        return get(RUN_NOTEBOOK_ENVS);
    }

    /** A secret. */
    public Optional<String> emrTermAccessKey() {
        return get(EMR_TERM_ACCESS_KEY);
    }

    /** A secret. */
    public Optional<String> emrTermSecretKey() {
        return get(EMR_TERM_SECRET_KEY);
    }

    /** A secret. */
    public Optional<String> s3AccessKey() {
        return get(AWS_S3_ACCESS_KEY);
    }

    /** A secret. */
    public Optional<String> s3SecretKey() {
        return get(AWS_S3_SECRET_KEY);
    }

    /** The AutoTerminationPolicy idle timeout; empty when IDLE_TIMEOUT is {@code off}. */
    public Optional<Duration> idleTimeout() {
        return durationOrOff(IDLE_TIMEOUT);
    }

    /** How long Jupyter lets a kernel sit idle before it shuts it down; empty when KERNEL_IDLE_TIMEOUT is {@code off}. */
    public Optional<Duration> kernelIdleTimeout() {
        return durationOrOff(KERNEL_IDLE_TIMEOUT);
    }

    /** How often the master snapshots uncommitted work; empty when AUTOSAVE_INTERVAL is {@code off}. */
    public Optional<Duration> autosaveInterval() {
        return durationOrOff(AUTOSAVE_INTERVAL);
    }

    /** Both EMR_TERM_* keys are set: terminate_cluster (add-termcmd, MAX_AGE) can be installed. */
    public boolean hasEmrTermKeys() {
        return emrTermAccessKey().isPresent() && emrTermSecretKey().isPresent();
    }

    /** The age at which the master terminates its own cluster; empty when MAX_AGE is {@code off}. */
    public Optional<Duration> maxAge() {
        return durationOrOff(MAX_AGE);
    }

    private Optional<Duration> durationOrOff(ProfileKey key) {
        String v = orDefault(key);
        return v.equalsIgnoreCase("off") ? Optional.empty() : ValueKind.duration(v);
    }

    /** Cluster tags from SERVICE_TAG, OWNER_TAG and TAGS, in that order (Name and wadal:profile are added by create). */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        get(SERVICE_TAG).ifPresent(v -> tags.put("service", v));
        get(OWNER_TAG).ifPresent(v -> tags.put("owner", v));
        get(TAGS).ifPresent(v -> {
            for (String pair : v.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                tags.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        });
        return tags;
    }

    /** APPLICATIONS, or Spark and Hadoop (plus Ganglia before emr-7, which dropped it). */
    public List<String> applications() {
        Optional<String> explicit = get(APPLICATIONS);
        if (explicit.isPresent()) {
            List<String> apps = new ArrayList<>();
            for (String a : explicit.get().split("[,\\s]+")) {
                if (!a.isBlank()) {
                    apps.add(a.trim());
                }
            }
            return apps;
        }
        boolean before7 = emrVersion().map(v -> v[0] < 7).orElse(false);
        return before7 ? List.of("Spark", "Hadoop", "Ganglia") : List.of("Spark", "Hadoop");
    }

    public Optional<Path> emrConfig() {
        return get(EMR_CONFIG).map(Path::of);
    }

    public String serviceRole() {
        return orDefault(EMR_SERVICE_ROLE);
    }

    public String ec2Role() {
        return orDefault(EMR_EC2_ROLE);
    }

    public String sshUser() {
        return orDefault(SSH_USER);
    }

    public int sshPort() {
        return intValue(SSH_PORT);
    }

    /** MASTER_HOST as a connection takes it: an IPv6 address without the brackets it may be written in. */
    public Optional<String> masterHost() {
        return get(MASTER_HOST).map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
    }

    /** MASTER_ADDRESS: auto, public-dns, private-ip or private-dns. */
    public String masterAddress() {
        return orDefault(MASTER_ADDRESS);
    }

    public SshFrom sshFrom() {
        return SshFrom.parse(orDefault(SSH_FROM)).orElseThrow();
    }

    /** ADDITIONAL_MASTER_SECURITY_GROUPS, in the order written, each once. */
    public List<String> additionalMasterSecurityGroups() {
        return get(ADDITIONAL_MASTER_SECURITY_GROUPS).map(v -> Arrays.stream(v.trim().split("[\\s,]+"))
                .filter(g -> !g.isEmpty()).distinct().toList()).orElse(List.of());
    }

    public Optional<JumpHost> proxyJump() {
        return get(SSH_PROXY_JUMP).flatMap(JumpHost::parse);
    }

    /** Whether SSH_PROXY_JUMP_KEY is set, rather than defaulting to EC2_KEY_PAIR_PATH. */
    public boolean proxyJumpKeySet() {
        return get(SSH_PROXY_JUMP_KEY).isPresent();
    }

    /** SSH_PROXY_JUMP_KEY, else EC2_KEY_PAIR_PATH. */
    public Optional<Path> proxyJumpKey() {
        return get(SSH_PROXY_JUMP_KEY).map(Path::of).or(this::keyPairPath);
    }

    /** The values of the secret keys that are set, for masking. */
    public List<String> secretValues() {
        return new ArrayList<>(secrets().values());
    }

    /** The secret keys that are set, with their values, in schema order. */
    public Map<ProfileKey, String> secrets() {
        Map<ProfileKey, String> secrets = new LinkedHashMap<>();
        for (ProfileKey key : ProfileKey.values()) {
            if (key.secret()) {
                get(key).ifPresent(v -> secrets.put(key, v));
            }
        }
        return secrets;
    }

    /** A new profile with these keys changed. */
    public Profile with(Map<String, String> changes) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.putAll(changes);
        Map<String, Integer> copyLines = new LinkedHashMap<>(lines);
        copyLines.keySet().removeAll(changes.keySet());
        return new Profile(name, file, copy, copyLines);
    }

    private int intValue(ProfileKey key) {
        return Integer.parseInt(orDefault(key).trim());
    }

    /**
     * Where a key's value was set, for a message about it: {@code file:line}, {@code -p KEY} for an
     * override, or the file when the value is a default.
     */
    public String whereSet(ProfileKey key) {
        return Integer.valueOf(SET_BY_OPTION).equals(lines.get(key.name())) ? "-p " + key : where(key.name());
    }

    private String where(String key) {
        Integer line = lines.get(key);
        return line == null ? where() : where() + ":" + line;
    }

    private WadalException invalid(String key, String why) {
        if (Integer.valueOf(SET_BY_OPTION).equals(lines.get(key))) {
            return WadalException.usage("-p " + key + "=" + displayValue(key) + " " + why);
        }
        return WadalException.usage(where(key) + ": " + key + "=" + displayValue(key) + " " + why);
    }

    private static boolean secret(String key) {
        return ProfileKey.find(key).map(ProfileKey::secret).orElse(false);
    }

    private String displayValue(String key) {
        if (secret(key)) {
            return "****";
        }
        // a value may embed a secret through $GIT_PASS
        String shown = values.get(key);
        for (String secret : secretValues()) {
            shown = shown.replace(secret, "****");
        }
        String asKind = shown;
        shown = ProfileKey.find(key).map(k -> k.kind().shown(asKind)).orElse(shown);
        shown = TerminalText.line(shown);
        return "'" + (shown.length() <= MAX_SHOWN ? shown : shown.substring(0, MAX_SHOWN - 3) + "...") + "'";
    }

    /** No value holds a control character (but the separators of a list); then each set value is of its key's kind. */
    private void validate() {
        values.forEach((key, v) -> {
            boolean separators = ProfileKey.find(key).map(k -> k.kind().isWhitespaceList()).orElse(false);
            v.chars().filter(c -> (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
                    && !(separators && (c == '\t' || c == '\n'))).findFirst().ifPresent(c -> {
                        throw invalid(key, "holds a control character" + (secret(key) ? ""
                                : " (" + TerminalText.line(Character.toString(c)) + ")") + "; remove it");
                    });
        });
        for (ProfileKey key : ProfileKey.values()) {
            get(key).flatMap(v -> key.kind().problem(v)).ifPresent(why -> {
                throw invalid(key.name(), why);
            });
        }
    }
}
