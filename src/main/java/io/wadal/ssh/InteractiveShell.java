package io.wadal.ssh;

import io.wadal.console.StdinTerminal;
import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.util.io.input.NoCloseInputStream;
import org.apache.sshd.common.util.io.output.NoCloseOutputStream;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
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
 * The interactive login shell of {@code wadal ssh}, as OpenSSH's ssh runs it. With stdin a
 * terminal: a PTY of the terminal's size and type, window changes passed on, and the local
 * terminal in ssh's raw mode, signal keys included, so Ctrl-C, Ctrl-Z and Ctrl-\ reach the remote
 * shell; its settings are restored however wadal ends (also on SIGTERM and SIGHUP). Otherwise
 * no PTY ({@code ssh -T}): the login shell reads stdin and ends when it ends.
 */
public final class InteractiveShell {
    private InteractiveShell() {
    }

    /** @return the remote shell's exit status */
    public static int run(ClientSession session, String termType, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        try {
            if (!StdinTerminal.is(stdin)) {
                return pipe(session, stdin, stdout, stderr);
            }
            return onTerminal(session, termType, stdin, stdout, stderr);
        } catch (IOException e) {
            throw WadalException.failed("the shell on the master failed: " + ExceptionText.of(e), e);
        }
    }

    private static int onTerminal(ClientSession session, String termType, InputStream stdin, OutputStream stdout,
                                  OutputStream stderr) throws IOException {
        // SIG_IGN, not JLine's default: that puts the OS default back for SIGINT, and the JVM then
        // dies of a signal without running the hook that restores the terminal.
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN).build()) {
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                // stdin is a terminal but neither stdout nor stderr is: no screen for a PTY
                return pipe(session, stdin, stdout, stderr);
            }
            Size size = terminal.getSize();
            PtyChannelConfiguration pty = new PtyChannelConfiguration();
            pty.setPtyType(termType == null || termType.isBlank() ? "xterm-256color" : termType);
            pty.setPtyColumns(Math.max(size.getColumns(), 1));
            pty.setPtyLines(Math.max(size.getRows(), 1));
            Attributes saved = terminal.getAttributes();
            Thread restore = new Thread(() -> restore(terminal, saved), "wadal-restore-terminal");
            Runtime.getRuntime().addShutdownHook(restore);
            // ISIG is off, so a SIGINT can only come from kill: end as for SIGTERM.
            terminal.handle(Terminal.Signal.INT, signal -> new Thread(() -> System.exit(130), "wadal-sigint").start());
            terminal.setAttributes(raw(saved));
            try (ChannelShell channel = session.createShellChannel(pty, Map.of())) {
                // stdin itself, not JLine's input: that sets VMIN 0 / VTIME 1 on each read, also after
                // the settings were restored.
                channel.setIn(new NoCloseInputStream(stdin));
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
                restore(terminal, saved);
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException e) {
                    // shutting down: the hook restores too
                }
            }
        }
    }

    /** The raw mode of OpenSSH's ssh (sshtty.c): every key, signal keys and flow control included, goes to the master. */
    static Attributes raw(Attributes saved) {
        Attributes raw = new Attributes(saved);
        raw.setInputFlag(InputFlag.IGNPAR, true);
        raw.setInputFlags(EnumSet.of(InputFlag.ISTRIP, InputFlag.INLCR, InputFlag.IGNCR, InputFlag.ICRNL,
                InputFlag.IXON, InputFlag.IXANY, InputFlag.IXOFF), false);
        raw.setLocalFlags(EnumSet.of(LocalFlag.ISIG, LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ECHOE,
                LocalFlag.ECHOK, LocalFlag.ECHONL, LocalFlag.IEXTEN), false);
        raw.setOutputFlag(OutputFlag.OPOST, false);
        raw.setControlChar(ControlChar.VMIN, 1);
        raw.setControlChar(ControlChar.VTIME, 0);
        return raw;
    }

    private static synchronized void restore(Terminal terminal, Attributes saved) {
        try {
            terminal.flush();
            terminal.setAttributes(saved);
        } catch (RuntimeException e) {
            // the terminal is gone (hung up): nothing left to restore
        }
    }

    private static int pipe(ClientSession session, InputStream in, OutputStream out, OutputStream err) throws IOException {
        try (ChannelShell channel = session.createShellChannel(null, Map.of())) {
            // As ssh -T: without a PTY the shell reads the input to its end, prints no prompt, and exits.
            channel.setUsePty(false);
            channel.setIn(new NoCloseInputStream(in));
            channel.setOut(new NoCloseOutputStream(out));
            channel.setErr(new NoCloseOutputStream(err));
            channel.open().verify(MinaRemoteShell.OPEN_TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
            out.flush();
            err.flush();
            Integer status = channel.getExitStatus();
            return status == null ? 255 : status;
        }
    }
}
