package io.wadal.ssh;

import io.wadal.ExceptionText;
import io.wadal.WadalException;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.util.io.input.NoCloseInputStream;
import org.apache.sshd.common.util.io.output.NoCloseOutputStream;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Map;

/**
 * The interactive login shell of {@code wadal ssh}: on a terminal, a PTY of the terminal's size
 * and type, the local terminal in raw mode (restored after), and window changes passed on;
 * without a terminal, the shell reads stdin as OpenSSH's ssh does then.
 */
public final class InteractiveShell {
    private InteractiveShell() {
    }

    /** @return the remote shell's exit status */
    public static int run(ClientSession session, String termType, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).nativeSignals(true).build()) {
            boolean tty = !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
            if (!tty) {
                return pipe(session, stdin, stdout, stderr);
            }
            Size size = terminal.getSize();
            PtyChannelConfiguration pty = new PtyChannelConfiguration();
            pty.setPtyType(termType == null || termType.isBlank() ? "xterm-256color" : termType);
            pty.setPtyColumns(Math.max(size.getColumns(), 1));
            pty.setPtyLines(Math.max(size.getRows(), 1));
            Attributes saved = terminal.enterRawMode();
            try (ChannelShell channel = session.createShellChannel(pty, Map.of())) {
                channel.setIn(terminal.input());
                channel.setOut(terminal.output());
                channel.setErr(terminal.output());
                terminal.handle(Terminal.Signal.WINCH, signal -> {
                    Size s = terminal.getSize();
                    try {
                        channel.sendWindowChange(s.getColumns(), s.getRows());
                    } catch (IOException ignored) {
                        // the next resize will try again
                    }
                });
                channel.open().verify(MinaRemoteShell.OPEN_TIMEOUT);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
                Integer status = channel.getExitStatus();
                return status == null ? 255 : status;
            } finally {
                terminal.setAttributes(saved);
                terminal.flush();
            }
        } catch (IOException e) {
            throw WadalException.failed("the shell on the master failed: " + ExceptionText.of(e), e);
        }
    }

    private static int pipe(ClientSession session, InputStream in, OutputStream out, OutputStream err) throws IOException {
        try (ChannelShell channel = session.createShellChannel(null, Map.of())) {
            channel.setIn(new NoCloseInputStream(in));
            channel.setOut(new NoCloseOutputStream(out));
            channel.setErr(new NoCloseOutputStream(err));
            channel.open().verify(MinaRemoteShell.OPEN_TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
            out.flush();
            Integer status = channel.getExitStatus();
            return status == null ? 255 : status;
        }
    }
}
