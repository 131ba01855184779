package io.wadal.console;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Whether a stream is this process's stdin and that is a terminal (when {@code ssh} asks for a PTY). */
public final class StdinTerminal {
    private StdinTerminal() {
    }

    public static boolean is(InputStream stream) {
        return stream instanceof FileInputStream f && isStdin(f) && Tty.isatty(0);
    }

    private static boolean isStdin(FileInputStream f) {
        try {
            return f.getFD() == FileDescriptor.in;
        } catch (IOException e) {
            return false;
        }
    }
}
