package io.wadal.ssh;

import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.shell.ShellQuote;
import io.wadal.ssh.RemoteShell.ExecResult;

import java.util.List;
import java.util.Optional;

/**
 * Installs {@code terminate_cluster} on the master: a mode 0700 script owned by the
 * login user that terminates exactly one cluster with the keys it holds. The script travels on
 * stdin, so the keys never appear on a command line. {@code /usr/bin} and {@code /usr/local/bin}
 * need sudo (EMR's hadoop user has it); without it the script goes to {@code ~/bin}.
 */
public final class TermCommandInstaller {
    public static final String NAME = "terminate_cluster";
    private static final List<String> SYSTEM_DIRS = List.of("/usr/bin", "/usr/local/bin");

    private TermCommandInstaller() {
    }

    /** The keys of an IAM user that may terminate the cluster. */
    public record Keys(String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "Keys[****]";
        }
    }

    /**
     * With the profile's EMR_TERM_* keys, installs the command for this cluster and returns where
     * (MAX_AGE and a job's --terminate-after call it); without them, nothing: the instance role applies.
     */
    public static Optional<String> installWithKeysOf(Profile profile, RemoteShell master, MasterRoot root, String clusterId,
                                                     String region) {
        if (!profile.hasEmrTermKeys()) {
            return Optional.empty();
        }
        return Optional.of(install(master, root, clusterId, region,
                new Keys(profile.emrTermAccessKey().orElseThrow(), profile.emrTermSecretKey().orElseThrow())));
    }

    /**
     * Installs the command for this cluster; returns where it was installed (a system folder,
     * else {@code <home>/bin/terminate_cluster}).
     */
    public static String install(RemoteShell master, MasterRoot root, String clusterId, String region, Keys keys) {
        List<String> dirs = SYSTEM_DIRS.stream().map(root::path).toList();
        ExecResult r = master.run(installCommand(dirs), script(clusterId, region, keys));
        String installed = r.out().strip();
        if (!r.ok() || installed.isEmpty()) {
            String why = r.lastErrorLine();
            throw WadalException.failed("installing " + NAME + " on the master failed (exit status " + r.exitStatus() + "): " + why);
        }
        return installed;
    }

    /** The installed script: the keys as its own environment, then one terminate call for this cluster. */
    static String script(String clusterId, String region, Keys keys) {
        return "#!/bin/sh\n"
                + "# Installed by 'wadal add-termcmd': terminates this EMR cluster, nothing else.\n"
                + "unset AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE\n"
                + "AWS_ACCESS_KEY_ID=" + ShellQuote.quote(keys.accessKey()) + "\n"
                + "AWS_SECRET_ACCESS_KEY=" + ShellQuote.quote(keys.secretKey()) + "\n"
                + "export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY\n"
                + "exec aws emr terminate-clusters --region " + ShellQuote.quote(region)
                + " --cluster-ids " + ShellQuote.quote(clusterId) + "\n";
    }

    // Reads the script from stdin into a private temporary file, then installs it into the first
    // folder that takes it, with sudo or without, else into ~/bin; prints the installed path.
    static String installCommand(List<String> dirs) {
        return "set -- " + ShellQuote.join(dirs) + "; "
                + "umask 077; "
                + "tmp=$(mktemp \"$HOME/." + NAME + ".XXXXXX\") || exit 1; "
                + "trap 'rm -f \"$tmp\"' EXIT; "
                + "cat > \"$tmp\" || exit 1; "
                + "me=$(id -un) || exit 1; "
                + "for dir in \"$@\"; do "
                + "if sudo -n install -m 0700 -o \"$me\" -- \"$tmp\" \"$dir/" + NAME + "\" 2>/dev/null; "
                + "then echo \"$dir/" + NAME + "\"; exit 0; fi; "
                + "if [ -d \"$dir\" ] && [ -w \"$dir\" ] && install -m 0700 -- \"$tmp\" \"$dir/" + NAME + "\"; "
                + "then echo \"$dir/" + NAME + "\"; exit 0; fi; "
                + "done; "
                + "mkdir -p \"$HOME/bin\" && install -m 0700 -- \"$tmp\" \"$HOME/bin/" + NAME + "\" "
                + "&& echo \"$HOME/bin/" + NAME + "\"";
    }

    /** True when the command landed in one of the system folders (on PATH for every user). */
    public static boolean inSystemFolder(String installed, MasterRoot root) {
        return SYSTEM_DIRS.stream().anyMatch(d -> installed.equals(root.path(d) + "/" + NAME));
    }
}
