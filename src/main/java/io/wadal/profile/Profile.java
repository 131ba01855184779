package io.wadal.profile;

import io.wadal.error.WadalException;
import io.wadal.console.TerminalText;
import io.wadal.time.DurationParser;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A loaded profile: the values of {@code profiles/<name>} after parsing and overrides, with
 * typed accessors and the defaults of the README's profile key table. Constructing one validates every typed value,
 * so the accessors never fail.
 */
public final class Profile {
    public static final Duration MIN_IDLE_TIMEOUT = Duration.ofMinutes(1);
    public static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(7);
    /** EMR's limits on tags and cluster names, in characters. */
    public static final int MAX_TAG_KEY = 128;
    public static final int MAX_TAG_VALUE = 256;
    public static final int MAX_CLUSTER_NAME = 256;
    private static final List<String> INSTANCE_TYPE_KEYS = List.of("EC2_TYPE", "MASTER_EC2_TYPE", "CORE_EC2_TYPE", "TASK_EC2_TYPE");
    /** family.size: m5.xlarge, r6gd.2xlarge, m7i-flex.large, u-6tb1.112xlarge, c7i.metal-48xl. */
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PRICE = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    /** Lists split on white space, where a tab or a line break is a separator, not part of a value. */
    private static final List<String> WHITESPACE_LISTS = List.of("RUN_NOTEBOOK_ENVS", "APPLICATIONS");
    private static final int MAX_SHOWN = 80;

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

    /** Every key set in the profile (after overrides), in file order. */
    public Map<String, String> values() {
        return values;
    }

    /** The value of a key, empty when unset or blank. */
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public String clusterName() {
        return get("CLUSTER_NAME", name);
    }

    public Optional<String> region() {
        return get("AWS_REGION");
    }

    public Optional<String> emrLabel() {
        return get("AWS_EMR_LABEL");
    }

    /** The release label as {@code [major, minor, patch]}, empty when unset. */
    public Optional<int[]> emrVersion() {
        return emrLabel().map(Profile::parseLabel);
    }

    public Optional<String> subnet() {
        return get("AWS_EMR_SUBNET");
    }

    public String ec2Type() {
        return get("EC2_TYPE", "m5.xlarge");
    }

    public String masterEc2Type() {
        return get("MASTER_EC2_TYPE", ec2Type());
    }

    public String coreEc2Type() {
        return get("CORE_EC2_TYPE", ec2Type());
    }

    public String taskEc2Type() {
        return get("TASK_EC2_TYPE", ec2Type());
    }

    public int coreInstances() {
        return intValue("NUM_CORE_INSTANCE", 1);
    }

    public int coreEbsSizeGb() {
        return intValue("CORE_EBS_SIZE", 32);
    }

    public int taskInstances() {
        return intValue("NUM_TASK_INSTANCE", 0);
    }

    public Optional<String> taskSpotBidPrice() {
        return get("TASK_SPOT_BID_PRICE");
    }

    public Optional<String> keyPairName() {
        return get("EC2_KEY_PAIR_NAME");
    }

    public Optional<Path> keyPairPath() {
        return get("EC2_KEY_PAIR_PATH").map(Path::of);
    }

    public Optional<S3Uri> initAssetDir() {
        return get("INIT_ASSET_DIR_S3").flatMap(S3Uri::parse);
    }

    public Optional<S3Uri> logDir() {
        return get("EMR_LOG_DIR_S3").flatMap(S3Uri::parse);
    }

    public String bootstrapScript() {
        return get("BOOTSTRAP_SCRIPT", "boot_eda.sh");
    }

    public String jupyterMode() {
        return get("JUPYTER_MODE", "lab");
    }

    public int jupyterPort() {
        return intValue("JUPYTER_PORT", 8192);
    }

    public boolean jupyterPublic() {
        return Boolean.parseBoolean(get("JUPYTER_PUBLIC", "false").trim());
    }

    public Optional<String> gitRepo() {
        return get("GIT_REPO");
    }

    /** The folder the repository is cloned into: GIT_REPO's last path segment without {@code .git}. */
    public Optional<String> gitRepoName() {
        return gitRepo().flatMap(GitRepoName::of);
    }

    /** The AutoTerminationPolicy idle timeout; empty when IDLE_TIMEOUT is {@code off}. */
    public Optional<Duration> idleTimeout() {
        String v = get("IDLE_TIMEOUT", "2h");
        if (v.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        return duration(v);
    }

    /** Cluster tags from SERVICE_TAG, OWNER_TAG and TAGS, in that order (Name and wadal:profile are added by create). */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        get("SERVICE_TAG").ifPresent(v -> tags.put("service", v));
        get("OWNER_TAG").ifPresent(v -> tags.put("owner", v));
        get("TAGS").ifPresent(v -> {
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
        Optional<String> explicit = get("APPLICATIONS");
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
        return get("EMR_CONFIG").map(Path::of);
    }

    public String serviceRole() {
        return get("EMR_SERVICE_ROLE", "EMR_DefaultRole");
    }

    public String ec2Role() {
        return get("EMR_EC2_ROLE", "EMR_EC2_DefaultRole");
    }

    public String sshUser() {
        return get("SSH_USER", "hadoop");
    }

    public int sshPort() {
        return intValue("SSH_PORT", 22);
    }

    /** MASTER_HOST as a connection takes it: an IPv6 address without the brackets it may be written in. */
    public Optional<String> masterHost() {
        return get("MASTER_HOST").map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
    }

    /** The values of the secret keys that are set, for masking. */
    public List<String> secretValues() {
        List<String> secrets = new ArrayList<>();
        for (String key : ProfileKeys.SECRETS) {
            get(key).ifPresent(secrets::add);
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

    private int intValue(String key, int fallback) {
        return get(key).map(v -> Integer.parseInt(v.trim())).orElse(fallback);
    }

    /** DurationParser overflows on absurd numbers (999999999999d); those are simply out of range. */
    private static Optional<Duration> duration(String v) {
        try {
            return DurationParser.parse(v);
        } catch (ArithmeticException e) {
            return Optional.of(ChronoUnit.FOREVER.getDuration());
        }
    }

    private String where(String key) {
        String where = file == null ? "profile '" + name + "'" : file.toString();
        Integer line = lines.get(key);
        return line == null ? where : where + ":" + line;
    }

    private WadalException invalid(String key, String why) {
        return WadalException.usage(where(key) + ": " + key + "=" + displayValue(key) + " " + why);
    }

    private String displayValue(String key) {
        if (ProfileKeys.SECRETS.contains(key)) {
            return "****";
        }
        // a value may embed a secret through $GIT_PASS
        String shown = values.get(key);
        for (String secret : secretValues()) {
            shown = shown.replace(secret, "****");
        }
        if (key.equals("GIT_REPO")) {
            shown = GitRepoName.shown(shown);
        }
        shown = TerminalText.line(shown);
        return "'" + (shown.length() <= MAX_SHOWN ? shown : shown.substring(0, MAX_SHOWN - 3) + "...") + "'";
    }

    private static int chars(String s) {
        return s.codePointCount(0, s.length());
    }

    private void validate() {
        values.forEach((key, v) -> {
            boolean separators = WHITESPACE_LISTS.contains(key);
            v.chars().filter(c -> (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
                    && !(separators && (c == '\t' || c == '\n'))).findFirst().ifPresent(c -> {
                        throw invalid(key, "holds a control character" + (ProfileKeys.SECRETS.contains(key) ? ""
                                : " (" + TerminalText.line(Character.toString(c)) + ")") + "; remove it");
                    });
        });
        for (String key : INSTANCE_TYPE_KEYS) {
            get(key).ifPresent(v -> {
                if (!INSTANCE_TYPE.matcher(v).matches()) {
                    throw invalid(key, "is not an EC2 instance type; write family.size, e.g. m5.xlarge");
                }
            });
        }
        get("CLUSTER_NAME").ifPresent(v -> {
            if (chars(v) > MAX_CLUSTER_NAME) {
                throw invalid("CLUSTER_NAME", "is " + chars(v) + " characters; EMR takes at most " + MAX_CLUSTER_NAME);
            }
        });
        for (String key : List.of("NUM_CORE_INSTANCE", "NUM_TASK_INSTANCE")) {
            requireInt(key, 0, 10_000);
        }
        requireInt("CORE_EBS_SIZE", 1, 16_384);
        requireInt("JUPYTER_PORT", 1, 65_535);
        requireInt("SSH_PORT", 1, 65_535);
        get("TASK_SPOT_BID_PRICE").ifPresent(v -> {
            if (!PRICE.matcher(v).matches()) {
                throw invalid("TASK_SPOT_BID_PRICE", "is not a price; write the bid in USD as a plain decimal, e.g. 0.06");
            }
            if (new BigDecimal(v).signum() <= 0) {
                throw invalid("TASK_SPOT_BID_PRICE", "must be a price in USD above 0, e.g. 0.06");
            }
        });
        for (String key : List.of("INIT_ASSET_DIR_S3", "EMR_LOG_DIR_S3")) {
            get(key).ifPresent(v -> {
                if (S3Uri.parse(v).isEmpty()) {
                    throw invalid(key, "is not an s3:// URI with a valid bucket name, e.g. s3://my-bucket/wadal");
                }
            });
        }
        String boot = bootstrapScript();
        if (boot.startsWith("s3:") && S3Uri.parse(boot).isEmpty()) {
            throw invalid("BOOTSTRAP_SCRIPT", "is not a valid s3:// URI");
        }
        get("IDLE_TIMEOUT").ifPresent(v -> {
            if (v.equalsIgnoreCase("off")) {
                return;
            }
            Duration d = duration(v).orElseThrow(() ->
                    invalid("IDLE_TIMEOUT", "is not a duration; write e.g. 90m, 2h, 1d, or off"));
            if (d.compareTo(MIN_IDLE_TIMEOUT) < 0 || d.compareTo(MAX_IDLE_TIMEOUT) > 0) {
                throw invalid("IDLE_TIMEOUT", "is out of range: EMR accepts 1 minute to 7 days (or off)");
            }
        });
        String mode = jupyterMode();
        if (!List.of("lab", "notebook", "remote").contains(mode)) {
            throw invalid("JUPYTER_MODE", "must be lab, notebook or remote");
        }
        get("JUPYTER_PUBLIC").ifPresent(v -> {
            if (!v.trim().equalsIgnoreCase("true") && !v.trim().equalsIgnoreCase("false")) {
                throw invalid("JUPYTER_PUBLIC", "must be true or false");
            }
        });
        get("AWS_EMR_LABEL").ifPresent(v -> {
            if (parseLabel(v) == null) {
                throw invalid("AWS_EMR_LABEL", "is not a release label; write e.g. emr-7.5.0");
            }
        });
        get("TAGS").ifPresent(v -> {
            for (String pair : v.split(",")) {
                if (!pair.isBlank() && (pair.indexOf('=') < 0 || pair.substring(0, pair.indexOf('=')).isBlank())) {
                    throw invalid("TAGS", "must be key=value pairs separated by commas, e.g. team=data,env=dev");
                }
            }
        });
        checkTags();
        get("GIT_REPO").ifPresent(v -> {
            if (GitRepoName.of(v).isEmpty()) {
                throw invalid("GIT_REPO", "does not end in a repository name (letters, digits, . _ -); "
                        + "write the whole URL, e.g. https://github.com/team/notebooks.git");
            }
        });
        get("GIT_BRANCH").ifPresent(v -> GitBranchName.problem(v).ifPresent(why -> {
            throw invalid("GIT_BRANCH", "is not a branch name git accepts: " + why);
        }));
        get("MASTER_HOST").ifPresent(v -> {
            if (!NetworkNames.isHost(v)) {
                throw invalid("MASTER_HOST", "is not a host name or IP address, e.g. ec2-1-2-3-4.compute.amazonaws.com or 10.0.0.5");
            }
        });
        get("SSH_USER").ifPresent(v -> {
            if (!NetworkNames.isUser(v)) {
                throw invalid("SSH_USER", "is not a user name (letters, digits, . _ -, not starting with '-', at most 32)");
            }
        });
    }

    /** EMR's tag rules, each checked on the key that sets the tag. */
    private void checkTags() {
        get("SERVICE_TAG").ifPresent(v -> checkTag("SERVICE_TAG", "service", v));
        get("OWNER_TAG").ifPresent(v -> checkTag("OWNER_TAG", "owner", v));
        get("TAGS").ifPresent(v -> {
            for (String pair : v.split(",")) {
                if (!pair.isBlank()) {
                    int eq = pair.indexOf('=');
                    checkTag("TAGS", pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        });
    }

    private void checkTag(String key, String tagKey, String tagValue) {
        String shownKey = "'" + TerminalText.line(tagKey.length() <= 40 ? tagKey : tagKey.substring(0, 37) + "...") + "'";
        if (chars(tagKey) > MAX_TAG_KEY) {
            throw invalid(key, "has a tag key of " + chars(tagKey) + " characters; EMR takes at most " + MAX_TAG_KEY);
        }
        if (tagKey.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw invalid(key, "has the tag key " + shownKey + "; keys starting with aws: are reserved by AWS");
        }
        if (chars(tagValue) > MAX_TAG_VALUE) {
            throw invalid(key, "has a value of " + chars(tagValue) + " characters for tag " + shownKey
                    + "; EMR takes at most " + MAX_TAG_VALUE);
        }
    }

    private void requireInt(String key, int min, int max) {
        get(key).ifPresent(v -> {
            int n;
            try {
                n = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw invalid(key, "is not a whole number");
            }
            if (n < min || n > max) {
                throw invalid(key, "must be between " + min + " and " + max);
            }
        });
    }

    private static int[] parseLabel(String label) {
        if (!label.matches("emr-\\d{1,4}\\.\\d{1,4}\\.\\d{1,4}")) {
            return null;
        }
        return Arrays.stream(label.substring(4).split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}
