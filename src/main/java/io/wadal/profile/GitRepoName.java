package io.wadal.profile;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder a GIT_REPO is cloned into: the last segment of the URL's path, without {@code .git}.
 * The host and port are never it ({@code http://h:8765/} has no repository name, not "8765").
 */
public final class GitRepoName {
    private static final Pattern SCHEME_URL = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)([^/]*)(.*)");
    /** git's scp-like syntax: a ':' before any '/'. */
    private static final Pattern SCP_LIKE = Pattern.compile("([^/:]+):(.*)");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private GitRepoName() {
    }

    /** The repository name, or empty when the URL names none (or not one usable as a folder name). */
    public static Optional<String> of(String url) {
        String u = url.strip();
        Matcher scheme = SCHEME_URL.matcher(u);
        Matcher scp = SCP_LIKE.matcher(u);
        String path = scheme.matches() ? scheme.group(3) : scp.matches() ? scp.group(2) : u;
        path = path.replaceAll("/+$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        String name = last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
        if (!PLAIN_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** The URL as it may be shown: any user and password in it replaced by {@code ****}. */
    public static String shown(String url) {
        Matcher scheme = SCHEME_URL.matcher(url.strip());
        if (!scheme.matches() || url.indexOf('@') < 0) {
            return url;
        }
        // up to the last '@' anywhere: a password holding '/' would otherwise show past the host
        String s = url.strip();
        return scheme.group(1) + "****" + s.substring(s.lastIndexOf('@'));
    }
}
