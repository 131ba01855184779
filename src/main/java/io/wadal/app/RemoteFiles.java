package io.wadal.app;

import io.wadal.error.WadalException;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** Files under works/ on the master, as download and move take them. */
public final class RemoteFiles {
    private final Invocation ws;

    public RemoteFiles(Invocation ws) {
        this.ws = ws;
    }


    public static String onePath(List<String> args, String command) {
        if (args.size() != 1) {
            throw WadalException.usage(command + " takes one PATH under works/, e.g. wadal " + command + " myprof result.csv");
        }
        return args.get(0);
    }

    /** The local directory to download into; exit 2 when it, or a folder above it, is an existing file. */
    public Path localDirectory(Path to) {
        Path dir = to == null ? ws.home().downloads() : ws.context().cwd().resolve(to);
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                break;
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw WadalException.usage((to == null ? dir : "--to " + to) + (p.equals(dir) ? "" : ": " + p)
                        + " is a file, not a directory; name a directory to download into (it is created if missing)");
            }
        }
        return dir;
    }
}
