package io.wadal.console;

import org.jline.nativ.CLibrary;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Whether a stream is this process's stderr and that is a terminal (where progress bars belong). */
public final class StderrTerminal {
    private StderrTerminal() {
    }

    public static boolean is(OutputStream stream) {
        return stream instanceof FileOutputStream f && isStderr(f) && Tty.isatty(2);
    }

    /** The width of the terminal on stderr, 80 when it cannot be told. */
    public static int columns() {
        try {
            CLibrary.WinSize size = new CLibrary.WinSize();
            if (CLibrary.ioctl(2, CLibrary.TIOCGWINSZ, size) == 0 && size.ws_col > 1) {
                return size.ws_col;
            }
        } catch (Throwable e) {
            // no native library for this platform
        }
        return 80;
    }

    private static boolean isStderr(FileOutputStream f) {
        try {
            return f.getFD() == FileDescriptor.err;
        } catch (IOException e) {
            return false;
        }
    }
}
