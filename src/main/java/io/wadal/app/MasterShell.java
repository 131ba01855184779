package io.wadal.app;

import io.wadal.console.TerminalText;
import io.wadal.error.WadalException;
import io.wadal.shell.ShellQuote;
import io.wadal.ssh.BusySignal;
import io.wadal.ssh.InteractiveShell;
import io.wadal.ssh.MinaRemoteShell;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** {@code ssh}: a shell on the master, or one command there, its bytes passing through unchanged. */
public final class MasterShell {
    private final MasterSession master;
    private final Predicate<String> profileExists;
    private final Supplier<String> profileName;
    private final String dashP;
    private final String term;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;

    /**
     * @param profileName the profile of the command (-P, the one word before --, $PROFILE)
     * @param dashP       the profile -P gave, null without -P (then no word before -- is the profile)
     * @param term        $TERM, for the remote pty
     */
    public MasterShell(MasterSession master, Predicate<String> profileExists, Supplier<String> profileName, String dashP,
                       String term, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        this.master = master;
        this.profileExists = profileExists;
        this.profileName = profileName;
        this.dashP = dashP;
        this.term = term;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Runs the shell (no command) or the command; returns its exit status.
     *
     * @param before  the words before --: at most the profile
     * @param command the words after --
     */
    public int run(List<String> before, List<String> command) {
        if (!before.isEmpty() && before.get(0).startsWith("-")) {
            throw WadalException.usage("unknown option '" + TerminalText.line(before.get(0)) + "'; see 'wadal ssh --help'");
        }
        if (dashP != null && before.size() == 1 && profileExists.test(before.get(0))) {
            throw WadalException.usage("profile given twice: -P " + dashP + " and '" + TerminalText.line(before.get(0)) + "'");
        }
        if (before.size() > 1 || (dashP != null && !before.isEmpty())) {
            throw WadalException.usage("put the command after --, e.g. " + commandAfterDoubleDash(before));
        }
        try (MinaRemoteShell shell = master.connect(profileName.get());
             BusySignal.Held inUse = master.keepBusy(shell)) {
            if (command.isEmpty()) {
                return InteractiveShell.run(shell.session(), term, stdin, stdout, stderr);
            }
            // One word is a shell command line as the user typed it (ssh does the same); several are joined.
            return shell.exec(String.join(" ", command), stdin, stdout, stderr);
        }
    }

    /**
     * The line to type instead: the first word stays the profile unless it names none while
     * -P or $PROFILE names one ('PROFILE=p wadal ssh ls -la' meant 'wadal ssh -- ls -la').
     */
    private String commandAfterDoubleDash(List<String> before) {
        boolean firstIsProfile = dashP == null && profileExists.test(before.get(0));
        if (!firstIsProfile && dashP == null) {
            try {
                profileName.get();
            } catch (WadalException none) {
                firstIsProfile = true;
            }
        }
        List<String> command = firstIsProfile ? before.subList(1, before.size()) : before;
        String profile = firstIsProfile ? before.get(0) + " " : dashP != null ? "-P " + dashP + " " : "";
        return TerminalText.line("wadal ssh " + profile + "-- "
                + command.stream().map(ShellQuote::asTyped).collect(Collectors.joining(" ")));
    }
}
