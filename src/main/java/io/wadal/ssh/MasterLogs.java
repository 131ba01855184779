package io.wadal.ssh;

import io.wadal.shell.ShellQuote;

import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The master's bootstrap-action and step logs: the stdout and stderr of each action or step,
 * oldest first, each under a {@code ==> path <==} header (as {@code tail} prints several files).
 * A log folder that does not exist yet is reported on stderr, which is not a failure. The
 * autosave log is the one file {@code ~/.wadal/autosave.log}, shown the same way, and so is the
 * termination log {@code ~/.wadal/terminate.log}.
 */
public final class MasterLogs {
    public enum Kind {
        BOOTSTRAP("bootstrap", "/emr/instance-controller/log/bootstrap-actions"),
        STEPS("step", "/mnt/var/log/hadoop/steps"),
        /** One file in the login user's home, not a folder of EMR's: the autosave loop's pushes and failures. */
        AUTOSAVE("autosave", ".wadal/autosave.log"),
        /** One file in the login user's home: the master's own termination (MAX_AGE), its final autosave and each failure. */
        TERMINATE("terminate", ".wadal/terminate.log");

        private final String label;
        private final String folder;

        Kind(String label, String folder) {
            this.label = label;
            this.folder = folder;
        }

        /** The kind a user names: {@code bootstrap} or {@code steps}. */
        public static Optional<Kind> named(String word) {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "bootstrap" -> Optional.of(BOOTSTRAP);
                case "steps" -> Optional.of(STEPS);
                case "autosave" -> Optional.of(AUTOSAVE);
                case "terminate" -> Optional.of(TERMINATE);
                default -> Optional.empty();
            };
        }
    }

    private MasterLogs() {
    }

    /** Streams the logs of these kinds; returns the remote status (non-zero: some file could not be read). */
    public static int print(RemoteShell master, List<Kind> kinds, MasterRoot root, OutputStream out, OutputStream err) {
        return master.exec(command(kinds, root), null, out, err);
    }

    static String command(List<Kind> kinds, MasterRoot root) {
        StringBuilder b = new StringBuilder("""
                status=0; first=1
                show() {
                  if [ ! -d "$1" ]; then printf 'no %s logs yet (%s does not exist)\\n' "$2" "$1" >&2; return 0; fi
                  n=0
                  while IFS= read -r d; do
                    [ -n "$d" ] || continue
                    for f in "$1/$d/stdout" "$1/$d/stdout.gz" "$1/$d/stderr" "$1/$d/stderr.gz"; do
                      [ -f "$f" ] || continue
                      n=$((n + 1))
                      if [ "$first" = 1 ]; then first=0; else echo; fi
                      printf '==> %s <==\\n' "$f"
                      case $f in *.gz) show_cmd='gzip -dc' ;; *) show_cmd=cat ;; esac
                      if [ -r "$f" ]; then $show_cmd -- "$f"; else sudo -n $show_cmd -- "$f"; fi || status=1
                    done
                  done <<WADAL_LOG_DIRS
                $(ls -1tr -- "$1")
                WADAL_LOG_DIRS
                  [ "$n" -gt 0 ] || printf 'no %s logs yet (%s is empty)\\n' "$2" "$1" >&2
                }
                show_file() {
                  if [ ! -f "$1" ]; then printf 'no %s log yet (~/%s does not exist)\\n' "$2" "$1" >&2; return 0; fi
                  if [ "$first" = 1 ]; then first=0; else echo; fi
                  printf '==> ~/%s <==\\n' "$1"
                  cat -- "$1" || status=1
                }
                """);
        for (Kind kind : kinds) {
            if (kind == Kind.AUTOSAVE || kind == Kind.TERMINATE) {
                b.append("show_file ").append(ShellQuote.quote(kind.folder)).append(' ').append(ShellQuote.quote(kind.label)).append('\n');
                continue;
            }
            b.append("show ").append(ShellQuote.quote(root.path(kind.folder))).append(' ')
                    .append(ShellQuote.quote(kind.label)).append('\n');
        }
        return b.append("exit $status\n").toString();
    }
}
