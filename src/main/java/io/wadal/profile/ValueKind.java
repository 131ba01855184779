package io.wadal.profile;

import io.wadal.console.TerminalText;
import io.wadal.time.DurationParser;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a profile value must look like. A kind says why a set (non-blank) value is not of it, in
 * the words {@link Profile}'s errors put after {@code KEY='value'}.
 */
public final class ValueKind {
    /** EMR's limits on tags, in characters. */
    public static final int MAX_TAG_KEY = 128;
    public static final int MAX_TAG_VALUE = 256;
    /** family.size: m5.xlarge, r6gd.2xlarge, m7i-flex.large, u-6tb1.112xlarge, c7i.metal-48xl. */
    private static final Pattern INSTANCE_TYPE_PATTERN = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PRICE_PATTERN = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    /** Anything (but control characters, which no kind takes). */
    public static final ValueKind TEXT = new ValueKind(v -> Optional.empty());
    /** Free text that is never shown, logged, or sent to EMR. */
    public static final ValueKind SECRET = TEXT.secret();
    /** {@code K=V K2=V2}, where white space (tabs and line breaks too) separates; secret as a whole. */
    public static final ValueKind SECRET_ASSIGNMENTS = SECRET.whitespaceList();
    /** Words separated by commas or white space (tabs and line breaks too). */
    public static final ValueKind LIST = TEXT.whitespaceList();
    /** A local file; a leading {@code ~} is the user's home. */
    public static final ValueKind PATH = TEXT.localPath();
    /** An asset name, a local file (leading {@code ~} is the home) or an s3:// URI. */
    public static final ValueKind SCRIPT = new ValueKind(v -> v.startsWith("s3:") && S3Uri.parse(v).isEmpty()
            ? Optional.of("is not a valid s3:// URI") : Optional.empty()).localPath();
    public static final ValueKind S3_URI = when(v -> S3Uri.parse(v).isEmpty(),
            "is not an s3:// URI with a valid bucket name, e.g. s3://my-bucket/wadal");
    /** An s3:// URI, or off. */
    public static final ValueKind S3_URI_OR_OFF = when(v -> !v.equalsIgnoreCase("off") && S3Uri.parse(v).isEmpty(),
            "is not an s3:// URI with a valid bucket name, e.g. s3://my-bucket/wadal/logs, or off");
    public static final ValueKind INSTANCE_TYPE = when(v -> !INSTANCE_TYPE_PATTERN.matcher(v).matches(),
            "is not an EC2 instance type; write family.size, e.g. m5.xlarge");
    public static final ValueKind PRICE = new ValueKind(v -> !PRICE_PATTERN.matcher(v).matches()
            ? Optional.of("is not a price; write the bid in USD as a plain decimal, e.g. 0.06")
            : new BigDecimal(v).signum() <= 0 ? Optional.of("must be a price in USD above 0, e.g. 0.06") : Optional.empty());
    /** true or false, in any case, surrounding blanks ignored. */
    public static final ValueKind BOOL = when(v -> !v.trim().equalsIgnoreCase("true") && !v.trim().equalsIgnoreCase("false"),
            "must be true or false");
    public static final ValueKind RELEASE_LABEL = when(v -> releaseLabel(v) == null,
            "is not a release label; write e.g. emr-7.5.0");
    public static final ValueKind GIT_REPO = when(v -> GitRepoName.of(v).isEmpty(),
            "does not end in a repository name (letters, digits, . _ -); "
                    + "write the whole URL, e.g. https://github.com/team/notebooks.git").shownAs(GitRepoName::shown);
    public static final ValueKind GIT_BRANCH = new ValueKind(
            v -> GitBranchName.problem(v).map(why -> "is not a branch name git accepts: " + why));
    public static final ValueKind HOST = when(v -> !NetworkNames.isHost(v),
            "is not a host name or IP address, e.g. ec2-1-2-3-4.compute.amazonaws.com or 10.0.0.5");
    public static final ValueKind USER = when(v -> !NetworkNames.isUser(v),
            "is not a user name (letters, digits, . _ -, not starting with '-', at most 32)");
    /** SSH_FROM: my-ip, off, or comma-separated address ranges, none of them open to everyone. */
    public static final ValueKind SSH_SOURCES = new ValueKind(SshFrom::problem);
    /** Security group ids, separated by commas or white space. */
    public static final ValueKind SECURITY_GROUPS = when(v -> !v.trim().matches("(sg-[0-9a-f]{8}([0-9a-f]{9})?)([ ,\\t\\n]+sg-[0-9a-f]{8}([0-9a-f]{9})?)*[ ,]*"),
            "is not a list of security group ids, e.g. sg-0123456789abcdef0,sg-0fedcba9876543210").whitespaceList();
    /** [user@]host[:port], as OpenSSH's ProxyJump takes one hop. */
    public static final ValueKind JUMP_HOST = when(v -> JumpHost.parse(v).isEmpty(),
            "is not [user@]host[:port], e.g. ec2-user@bastion.example.com or bastion.example.com:2222");
    /** An http(s) URL that may carry a token (https://user:token@host/...): a secret as a whole. */
    public static final ValueKind SECRET_URL = when(v -> !v.trim().matches("https?://[^\\s/?#]+(/\\S*)?"),
            "is not an http:// or https:// URL, e.g. https://pypi.example.com/simple").secret();
    /** {@code k=v,k2=v2}: EMR tags. */
    public static final ValueKind TAG_LIST = new ValueKind(ValueKind::tagListProblem);

    private final Function<String, Optional<String>> problem;
    private final boolean secret;
    private final boolean whitespaceList;
    private final boolean localPath;
    private final Function<String, String> shown;

    private ValueKind(Function<String, Optional<String>> problem) {
        this(problem, false, false, false, Function.identity());
    }

    private ValueKind(Function<String, Optional<String>> problem, boolean secret, boolean whitespaceList,
            boolean localPath, Function<String, String> shown) {
        this.problem = problem;
        this.secret = secret;
        this.whitespaceList = whitespaceList;
        this.localPath = localPath;
        this.shown = shown;
    }

    /** A whole number from min to max (surrounding blanks ignored). */
    public static ValueKind intRange(int min, int max) {
        return new ValueKind(v -> {
            int n;
            try {
                n = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return Optional.of("is not a whole number");
            }
            return n < min || n > max ? Optional.of("must be between " + min + " and " + max) : Optional.empty();
        });
    }

    /** A duration ({@code 90m}, {@code 2h}, {@code 1d}) from min to max, or {@code off}; range says those in words. */
    public static ValueKind durationOrOff(Duration min, Duration max, String range) {
        return new ValueKind(v -> {
            if (v.equalsIgnoreCase("off")) {
                return Optional.empty();
            }
            Optional<Duration> d = duration(v);
            if (d.isEmpty()) {
                return Optional.of("is not a duration; write e.g. 90m, 2h, 1d, or off");
            }
            return d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0
                    ? Optional.of("is out of range: it takes " + range + " (or off)") : Optional.empty();
        });
    }

    /** Exactly one of these words. */
    public static ValueKind oneOf(String... words) {
        List<String> all = List.of(words);
        String listed = String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
        return when(v -> !all.contains(v), "must be " + listed);
    }

    /** A name of at most max characters. */
    public static ValueKind name(int max) {
        return new ValueKind(v -> chars(v) > max
                ? Optional.of("is " + chars(v) + " characters; EMR takes at most " + max) : Optional.empty());
    }

    /** The value of the EMR tag tagKey. */
    public static ValueKind tag(String tagKey) {
        return new ValueKind(v -> tagProblem(tagKey, v));
    }

    /** Why the set, non-blank value is not of this kind; empty when it is. */
    public Optional<String> problem(String value) {
        return problem.apply(value);
    }

    /** Never shown, logged, sent to an EMR API field, or put on a remote command line. */
    public boolean isSecret() {
        return secret;
    }

    /** A tab or a line break separates list items here, it is not a control character. */
    public boolean isWhitespaceList() {
        return whitespaceList;
    }

    /** A local path, where a leading {@code ~} is the user's home. */
    public boolean isLocalPath() {
        return localPath;
    }

    /** The value as an error message may show it (before masking and shortening). */
    public String shown(String value) {
        return shown.apply(value);
    }

    /** DurationParser overflows on absurd numbers (999999999999d); those are simply out of range. */
    static Optional<Duration> duration(String v) {
        try {
            return DurationParser.parse(v);
        } catch (ArithmeticException e) {
            return Optional.of(ChronoUnit.FOREVER.getDuration());
        }
    }

    /** The release label as {@code [major, minor, patch]}, null when it is not one. */
    static int[] releaseLabel(String label) {
        if (!label.matches("emr-\\d{1,4}\\.\\d{1,4}\\.\\d{1,4}")) {
            return null;
        }
        return Arrays.stream(label.substring(4).split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    static int chars(String s) {
        return s.codePointCount(0, s.length());
    }

    private static ValueKind when(Predicate<String> wrong, String why) {
        return new ValueKind(v -> wrong.test(v) ? Optional.of(why) : Optional.empty());
    }

    private ValueKind secret() {
        return new ValueKind(problem, true, whitespaceList, localPath, shown);
    }

    private ValueKind whitespaceList() {
        return new ValueKind(problem, secret, true, localPath, shown);
    }

    private ValueKind localPath() {
        return new ValueKind(problem, secret, whitespaceList, true, shown);
    }

    private ValueKind shownAs(Function<String, String> how) {
        return new ValueKind(problem, secret, whitespaceList, localPath, how);
    }

    /** Every pair well formed first, then EMR's tag rules on each. */
    private static Optional<String> tagListProblem(String v) {
        for (String pair : v.split(",")) {
            if (!pair.isBlank() && (pair.indexOf('=') < 0 || pair.substring(0, pair.indexOf('=')).isBlank())) {
                return Optional.of("must be key=value pairs separated by commas, e.g. team=data,env=dev");
            }
        }
        for (String pair : v.split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                Optional<String> problem = tagProblem(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> tagProblem(String tagKey, String tagValue) {
        String shownKey = "'" + TerminalText.line(tagKey.length() <= 40 ? tagKey : tagKey.substring(0, 37) + "...") + "'";
        if (chars(tagKey) > MAX_TAG_KEY) {
            return Optional.of("has a tag key of " + chars(tagKey) + " characters; EMR takes at most " + MAX_TAG_KEY);
        }
        if (tagKey.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            return Optional.of("has the tag key " + shownKey + "; keys starting with aws: are reserved by AWS");
        }
        if (chars(tagValue) > MAX_TAG_VALUE) {
            return Optional.of("has a value of " + chars(tagValue) + " characters for tag " + shownKey
                    + "; EMR takes at most " + MAX_TAG_VALUE);
        }
        return Optional.empty();
    }
}
