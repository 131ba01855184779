package io.wadal.git;

import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;
import io.wadal.profile.ProfileKey;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.PushConnection;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reaches GIT_REPO as the master's clone will (JGit's ls-remote, with the profile's credentials),
 * without cloning anything. Every message has the password masked: JGit puts the URL, and with it
 * any credentials written into it, into its exception texts.
 */
public final class RemoteRepository {
    private static final Pattern SSH_URL = Pattern.compile("(?i)^(ssh://|git\\+ssh://|ssh\\+git://|[^/:@\\s]+@[^/:\\s]+:).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?<=://)([^/@:\\s]*):([^/@\\s]*)@");

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final Duration timeout;

    public RemoteRepository(String url, Optional<String> user, Optional<String> password, Duration timeout) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
    }

    /** git@host:path and ssh:// URLs: JGit would need an SSH key of the user's, which the master does not use. */
    public static boolean isSsh(String url) {
        return SSH_URL.matcher(url.trim()).matches();
    }

    /**
     * The branch names of the repository (without refs/heads/).
     *
     * @throws WadalException failed, saying whether the repository is missing, the credentials were
     *                        refused or the host is unreachable
     */
    public List<String> branches() {
        LsRemoteCommand ls = Git.lsRemoteRepository().setRemote(url).setHeads(true)
                .setTimeout((int) Math.max(1, timeout.toSeconds()));
        if (password.isPresent() || user.isPresent()) {
            ls.setCredentialsProvider(new UsernamePasswordCredentialsProvider(user.orElse(""), password.orElse("")));
        }
        Collection<Ref> refs;
        try {
            refs = ls.call();
        } catch (GitAPIException | RuntimeException e) {
            throw WadalException.failed(explain(e), e);
        }
        return refs.stream().map(Ref::getName).filter(n -> n.startsWith("refs/heads/"))
                .map(n -> n.substring("refs/heads/".length())).sorted().toList();
    }

    /**
     * Asks the server for push rights as {@code git push} does first: it opens a push connection
     * (over HTTP {@code GET info/refs?service=git-receive-pack}, which servers refuse to a user
     * who may not push) and reads the refs offered, then closes it with nothing sent. No
     * throwaway ref is pushed: creating a branch, even briefly, can start CI pipelines and
     * webhooks of the repository.
     *
     * @throws WadalException failed, as for {@link #branches()}
     */
    public void checkPush() {
        try (Transport transport = Transport.open(new URIish(url))) {
            transport.setTimeout((int) Math.max(1, timeout.toSeconds()));
            if (password.isPresent() || user.isPresent()) {
                transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(user.orElse(""), password.orElse("")));
            }
            try (PushConnection push = transport.openPush()) {
                push.getRefs();
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            throw WadalException.failed(explain(e), e);
        }
    }

    /** The URL as it may be shown: any password in it replaced by ****. */
    public String displayUrl() {
        return mask(url);
    }

    private String explain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(' ').append(t.getMessage());
        }
        String text = all.toString().toLowerCase(Locale.ROOT);
        String where = displayUrl();
        if (text.contains("not authorized") || text.contains("authentication is required")
                || text.contains("no credentialsprovider") || text.contains("authentication not supported")
                || text.contains("unauthorized") || text.contains("forbidden")) {
            return "authentication failed for " + where + ": "
                    + (password.isPresent() ? "check " + ProfileKey.GIT_USER + " and " + ProfileKey.GIT_PASS : "set " + ProfileKey.GIT_USER + " and " + ProfileKey.GIT_PASS + " (a token) in the profile");
        }
        if (text.contains("not found") || text.contains("does not appear to be a git repository")
                || text.contains("invalid remote") || text.contains("not a git repository")) {
            return "repository " + where + " not found: check " + ProfileKey.GIT_REPO;
        }
        if (text.contains("timed out") || text.contains("timeout")) {
            return "no answer from " + where + " within " + timeout.toSeconds() + "s";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // JGit starts its texts with the URL, which the sentence already names
        if (message.startsWith(url + ": ")) {
            message = message.substring(url.length() + 2);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            String why = root instanceof UnknownHostException ? "unknown host " + root.getMessage() : ExceptionText.of(root);
            message = message + " (" + why + ")";
        }
        return "cannot reach " + where + ": " + mask(message);
    }

    private String mask(String text) {
        String out = URL_PASSWORD.matcher(text).replaceAll("$1:****@");
        if (password.isPresent() && !password.get().isEmpty()) {
            out = out.replace(password.get(), "****");
        }
        return out;
    }
}
