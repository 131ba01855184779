package io.wadal.app;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.Tunnels;

import java.io.PrintWriter;

/** Keeps a command's tunnel open until Ctrl-C (exit 130) or until the master goes away (exit 1). */
public final class TunnelHold {
    private TunnelHold() {
    }

    /**
     * Waits; the caller has opened a {@link io.wadal.console.CtrlC} so that Ctrl-C interrupts this thread.
     *
     * @param what the tunnel, for the messages ("the tunnel to Jupyter")
     */
    public static int hold(MinaRemoteShell master, Tunnels.Listener listener, String profile, String what, PrintWriter err) {
        try {
            Tunnels.awaitClosed(master.session());
        } catch (InterruptedException e) {
            listener.close();
            err.println("Closed " + what + ".");
            err.flush();
            return ExitCodes.INTERRUPTED;
        }
        listener.close();
        throw WadalException.failed("the master went away (its SSH connection closed), so " + what
                + " is closed; check the cluster with 'wadal state " + profile + "'");
    }
}
