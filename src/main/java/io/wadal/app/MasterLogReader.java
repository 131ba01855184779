package io.wadal.app;

import io.wadal.error.WadalException;
import io.wadal.ssh.MasterLogs.Kind;
import io.wadal.ssh.MasterLogs;
import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.MinaRemoteShell;

import java.io.OutputStream;
import java.util.List;

/** {@code logs}: the master's bootstrap-action and step logs (or the autosave or termination log), their bytes passing through to stdout and stderr. */
public final class MasterLogReader {
    private final MasterSession master;
    private final MasterRoot root;
    private final OutputStream stdout;
    private final OutputStream stderr;

    public MasterLogReader(MasterSession master, MasterRoot root, OutputStream stdout, OutputStream stderr) {
        this.master = master;
        this.root = root;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The kinds the words name: none is both; exit 2 for more than one word or an unknown one. */
    public List<Kind> kinds(List<String> words) {
        if (words.isEmpty()) {
            return List.of(Kind.BOOTSTRAP, Kind.STEPS);
        }
        if (words.size() > 1) {
            throw WadalException.usage("logs takes one of bootstrap, steps, autosave or terminate, not " + String.join(" ", words));
        }
        return List.of(Kind.named(words.get(0)).orElseThrow(() -> WadalException.usage(
                "unknown log kind '" + words.get(0) + "': use bootstrap, steps, autosave or terminate")));
    }

    /** Prints the logs; exit 1 when some could not be read (their messages are printed already). */
    public void print(String profile, List<Kind> kinds) {
        try (MinaRemoteShell shell = master.connect(profile)) {
            int status = MasterLogs.print(shell, kinds, root, stdout, stderr);
            if (status != 0) {
                throw WadalException.failed("some logs on the master could not be read (exit status " + status
                        + "); see the messages above");
            }
        }
    }
}
