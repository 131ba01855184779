package io.wadal.ssh;

import org.apache.sshd.sftp.client.SftpClient;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * One connection to the master: commands, SFTP, the interactive shell. Every path is relative
 * to the login home (works/… on the master). Failures are {@link io.wadal.error.WadalException}s.
 */
public interface RemoteShell extends AutoCloseable {
    /**
     * Runs a command, streaming its output as it comes.
     *
     * @param stdin fed to the command, then closed; null for none
     * @return the command's exit status (255 when it died without one, as OpenSSH's ssh does)
     */
    int exec(String command, InputStream stdin, OutputStream out, OutputStream err);

    /** Runs a command and collects its output (for small outputs). */
    ExecResult run(String command, String stdin);

    /** The SFTP client of this connection, opened on first use. */
    SftpClient sftp();

    @Override
    void close();

    /** What a command printed and how it ended. */
    record ExecResult(int exitStatus, String out, String err) {
        public boolean ok() {
            return exitStatus == 0;
        }

        /** The last line on stderr, as the master sent it (not yet made safe for a terminal); "no message" when none. */
        public String lastErrorLine() {
            return lastLine(err);
        }

        /** The last line of a command's output, as sent; "no message" when there is none. */
        public static String lastLine(String text) {
            return text.strip().lines().reduce((a, b) -> b).orElse("no message");
        }
    }
}
