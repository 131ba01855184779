package io.wadal.app;

import io.wadal.console.Ui;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import io.wadal.ssh.BusySignal;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.ssh.Tunnels;

/**
 * Keeps a command's tunnel open until Ctrl-C (exit 130) or until the master goes away (exit 1),
 * and while it is open tells EMR that the master is in use.
 */
public final class TunnelHold {
    private final Ui ui;
    private final BusySignal busy;

    public TunnelHold(Ui ui, BusySignal busy) {
        this.ui = ui;
        this.busy = busy;
    }

    /**
     * Waits; the caller has opened a {@link io.wadal.console.CtrlC} so that Ctrl-C interrupts this thread.
     *
     * @param what the tunnel, for the messages ("the tunnel to Jupyter")
     */
    public int hold(MinaRemoteShell master, Tunnels.Listener listener, String profile, String what) {
        try (BusySignal.Held inUse = busy.start(master)) {
            Tunnels.awaitClosed(master.session());
        } catch (InterruptedException e) {
            listener.close();
            ui.info("Closed " + what + ".");
            return ExitCodes.INTERRUPTED;
        }
        listener.close();
        throw WadalException.failed("the master went away (its SSH connection closed), so " + what
                + " is closed; check the cluster with 'wadal state " + profile + "'");
    }
}
