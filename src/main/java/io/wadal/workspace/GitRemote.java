package io.wadal.workspace;

import io.wadal.console.TerminalText;
import io.wadal.error.WadalException;
import io.wadal.profile.GitBranchName;
import io.wadal.profile.GitRepoName;
import io.wadal.profile.ProfileKey;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notebook repository as wadal clones it: GIT_REPO without any credentials in it (they
 * would land in the clone's {@code .git/config} and in {@code ps}), the branch, and the
 * user and password for the master's git credential store.
 *
 * @param url      the clone URL, without user info
 * @param dirName  the folder under works/: the URL's last segment without {@code .git}
 * @param branch   GIT_BRANCH, or null for the remote's default branch
 * @param user     GIT_USER, else the user named in GIT_REPO, else {@value #DEFAULT_USER} with a password; null when none
 * @param password GIT_PASS, else the password in GIT_REPO; null when none
 */
public record GitRemote(String url, String dirName, String branch, String user, String password) {
    /** Scheme, authority (up to the first '/'), rest. The user info ends at the authority's last '@', as in RFC 3986. */
    private static final Pattern HTTP_URL = Pattern.compile("(?i)(https?://)([^/]*)(.*)");
    /** The user name sent with GIT_PASS when neither GIT_USER nor GIT_REPO names one. */
    public static final String DEFAULT_USER = "git";

    /**
     * @param where names the profile in error messages
     * @throws WadalException usage error for a value git or the master's shell cannot take
     */
    public static GitRemote of(String repo, String branch, String user, String password, String where) {
        for (String[] kv : new String[][] {{ProfileKey.GIT_REPO.name(), repo}, {ProfileKey.GIT_BRANCH.name(), branch}, {ProfileKey.GIT_USER.name(), user}, {ProfileKey.GIT_PASS.name(), password}}) {
            if (hasLineBreak(kv[1])) {
                throw WadalException.usage(where + ": " + kv[0] + " holds a line break; git cannot take it");
            }
        }
        String url = repo.strip();
        Matcher m = HTTP_URL.matcher(url);
        if (m.matches()) {
            if (m.group(3).indexOf('@') >= 0) {
                // Not shown: what looks like a path may be a password with a '/' in it.
                throw WadalException.usage(where + ": " + ProfileKey.GIT_REPO + " has an '@' after its host name; if a user or password "
                        + "in it holds a '/', write it %2F (or set " + ProfileKey.GIT_USER + " and " + ProfileKey.GIT_PASS + " instead); an '@' in the path is %40");
            }
            String authority = m.group(2);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String info = authority.substring(0, at);
                int colon = info.indexOf(':');
                String urlUser = decode(colon < 0 ? info : info.substring(0, colon));
                String urlPass = colon < 0 ? null : decode(info.substring(colon + 1));
                if (hasLineBreak(urlUser) || hasLineBreak(urlPass)) {
                    throw WadalException.usage(where + ": the user or password in " + ProfileKey.GIT_REPO + " holds a line break; git cannot take it");
                }
                user = user != null ? user : urlUser.isEmpty() ? null : urlUser;
                password = password != null ? password : urlPass;
                url = m.group(1) + authority.substring(at + 1) + m.group(3);
            }
        }
        String dir = GitRepoName.of(url).orElseThrow(() -> WadalException.usage(where + ": " + ProfileKey.GIT_REPO + " '"
                + TerminalText.line(GitRepoName.shown(repo)) + "' does not end in a repository name (letters, digits, . _ -), "
                + "e.g. https://github.com/team/notebooks.git"));
        if (branch != null) {
            GitBranchName.problem(branch).ifPresent(why -> {
                throw WadalException.usage(where + ": " + ProfileKey.GIT_BRANCH + " '" + TerminalText.line(branch)
                        + "' is not a branch name git accepts: " + why);
            });
        }
        if (password != null && user == null) {
            // A token needs some user name; GitHub and GitLab accept any.
            user = DEFAULT_USER;
        }
        return new GitRemote(url, dir, branch, user, password);
    }

    /** True when git logs in with a user and password (http/https): only then are credentials stored. */
    public boolean usesPassword() {
        return password != null && isHttp(url);
    }

    /** What {@code git credential approve} reads: the URL, user and password, in git's credential format. */
    public String credentialInput() {
        return "url=" + url + "\nusername=" + user + "\npassword=" + password + "\n\n";
    }

    /** The password as it may appear in git's messages and files: verbatim and URL-encoded in the usual ways. */
    public List<String> passwordForms() {
        List<String> forms = new ArrayList<>();
        if (password != null && !password.isEmpty()) {
            String rfc3986 = rfc3986(password);
            forms.add(password);
            forms.add(rfc3986);
            forms.add(lowerHex(rfc3986));
            String form = URLEncoder.encode(password, StandardCharsets.UTF_8);
            forms.add(form);
            forms.add(form.replace("+", "%20"));
        }
        return forms;
    }

    @Override
    public String toString() {
        return "GitRemote[url=" + url + ", branch=" + branch + ", user=" + user + ", password=" + (password == null ? null : "****") + "]";
    }

    private static boolean hasLineBreak(String value) {
        return value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0);
    }

        private static boolean isHttp(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("http://") || u.startsWith("https://");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Percent-encoding of everything but RFC 3986's unreserved characters, as git's credential store writes. */
    static String rfc3986(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String lowerHex(String encoded) {
        Matcher m = Pattern.compile("%[0-9A-F]{2}").matcher(encoded);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group().toLowerCase(Locale.ROOT));
        }
        return m.appendTail(out).toString();
    }
}
