package io.wadal.ssh;

import io.wadal.ssh.RemoteShell.ExecResult;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** wadal's own scripts in the master's {@code ~/.wadal}: installed over stdin, and only when their content changed. */
public final class MasterScripts {
    private MasterScripts() {
    }

    /** Installs {@code script} as {@code path} (relative to the login home, under .wadal/), mode 0700. */
    public static ExecResult install(RemoteShell master, String path, byte[] script) {
        String command = "umask 077 && mkdir -p .wadal && chmod 700 .wadal"
                + " && tmp=$(mktemp " + path + ".XXXXXX) && cat > \"$tmp\""
                + " && if cmp -s \"$tmp\" " + path + "; then rm -f \"$tmp\"; else chmod 700 \"$tmp\" && mv -f \"$tmp\" " + path + "; fi";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = master.exec(command, new ByteArrayInputStream(script), out, err);
        return new ExecResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
