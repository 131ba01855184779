package io.wadal.console;

import org.jline.nativ.CLibrary;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Whether a stream is this process's stdin and that is a terminal (when {@code ssh} asks for a PTY). */
public final class StdinTerminal {
    private StdinTerminal() {
    }

    public static boolean is(InputStream stream) {
        if (!(stream instanceof FileInputStream f) || !isStdin(f)) {
            return false;
        }
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return System.console() != null;
        }
        try {
            return CLibrary.isatty(0) == 1;
        } catch (Throwable e) {
            // no native library for this platform: a console on stdin/stdout is the best guess
            return System.console() != null;
        }
    }

    private static boolean isStdin(FileInputStream f) {
        try {
            return f.getFD() == FileDescriptor.in;
        } catch (IOException e) {
            return false;
        }
    }
}
