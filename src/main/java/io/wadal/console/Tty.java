package io.wadal.console;

import org.jline.nativ.CLibrary;

/** Whether one of this process's standard file descriptors is a terminal. */
final class Tty {
    private Tty() {
    }

    static boolean isatty(int fd) {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return System.console() != null;
        }
        try {
            return CLibrary.isatty(fd) == 1;
        } catch (Throwable e) {
            // no native library for this platform: a console on stdin/stdout is the best guess
            return System.console() != null;
        }
    }
}
