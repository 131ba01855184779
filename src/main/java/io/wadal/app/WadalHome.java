package io.wadal.app;

import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** wadal's home and the folders under it, as the README's "Home, profiles, state" lists them. */
public record WadalHome(Path root) {
    /** --home, then $WADAL_HOME, then the current directory if it has profiles/, then ~/.wadal (created if missing). */
    public static WadalHome resolve(Path option, WadalContext ctx) {
        if (option != null) {
            return new WadalHome(existing(ctx.cwd().resolve(option), "--home"));
        }
        String env = ctx.env("WADAL_HOME");
        if (env != null) {
            return new WadalHome(existing(ctx.cwd().resolve(env), "WADAL_HOME"));
        }
        if (Files.isDirectory(ctx.cwd().resolve("profiles"))) {
            return new WadalHome(ctx.cwd());
        }
        Path home = ctx.userHome().resolve(".wadal");
        if (!Files.isDirectory(home)) {
            try {
                Files.createDirectories(home);
                Files.createDirectories(home.resolve("profiles"));
                try {
                    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // Windows: no POSIX modes; the user's profile folder is private already.
                }
            } catch (IOException e) {
                throw WadalException.failed("cannot create wadal home " + home + ": " + ExceptionText.of(e), e);
            }
        }
        return new WadalHome(home);
    }

    private static Path existing(Path dir, String source) {
        if (!Files.isDirectory(dir)) {
            throw WadalException.usage(source + " " + dir + " is not a directory");
        }
        return dir.toAbsolutePath().normalize();
    }

    public Path profiles() {
        return root.resolve("profiles");
    }

    public Path clusters() {
        return root.resolve("clusters");
    }

    /** The host keys of jump hosts (SSH_PROXY_JUMP), pinned on first use. */
    public Path jumpHostPins() {
        return root.resolve(io.wadal.state.JumpHostPins.FILE_NAME);
    }

    /** Files here override the bundled assets of the same name, or add to them. */
    public Path assets() {
        return root.resolve("assets");
    }

    /** Where download, move and run-notebook --download put files when no --to is given. */
    public Path downloads() {
        return root.resolve("downloads");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
