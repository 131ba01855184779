package io.wadal.ssh;

import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Chooses the local port of a tunnel: the one asked for, or the next free one above a default. */
public final class LocalPorts {
    /** How many ports above the default are tried before giving up. */
    static final int TRIES = 100;

    private LocalPorts() {
    }

    /** Binds a listener on a loopback port; a port in use throws {@link BindException}. */
    @FunctionalInterface
    public interface Binder<T> {
        T bind(int port) throws IOException;
    }

    /**
     * Binds {@code preferred}; when it is taken and was not asked for explicitly, the next free port
     * above it.
     *
     * @param option the option that sets the port, named in the message when an explicit port is taken
     */
    public static <T> T bind(int preferred, boolean explicit, String option, Binder<T> binder) {
        int last = explicit ? preferred : Math.min(65535, preferred + TRIES - 1);
        for (int port = preferred; port <= last; port++) {
            try {
                return binder.bind(port);
            } catch (IOException e) {
                if (!inUse(e)) {
                    throw WadalException.failed("cannot listen on localhost:" + port + ": " + ExceptionText.of(e), e);
                }
            }
        }
        if (explicit) {
            throw taken(preferred, option);
        }
        throw WadalException.failed("no free local port between " + preferred + " and " + last
                + "; choose one with " + option);
    }

    /** Fails (exit 2, before anything is called) when an explicitly chosen port is already in use here. */
    public static void checkFree(int port, String option) {
        try {
            probe(port);
        } catch (IOException e) {
            throw inUse(e) ? taken(port, option) : WadalException.usage("cannot listen on localhost:" + port + ": " + ExceptionText.of(e));
        }
    }

    /** Binds and releases the port: a binder for a tunnel that is not opened (only its URL is printed). */
    public static int probe(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return port;
        }
    }

    private static WadalException taken(int port, String option) {
        return WadalException.usage("local port " + port + " is already in use on this machine; choose another with "
                + option + " N");
    }

    private static boolean inUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
