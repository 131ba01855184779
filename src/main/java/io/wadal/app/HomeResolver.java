package io.wadal.app;

import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Finds wadal's home: --home, then $WADAL_HOME, then the current directory if it has profiles/, then ~/.wadal. */
public final class HomeResolver {
    private HomeResolver() {
    }

    public static Path resolve(Path option, WadalContext ctx) {
        if (option != null) {
            return existing(ctx.cwd().resolve(option), "--home");
        }
        String env = ctx.env("WADAL_HOME");
        if (env != null) {
            return existing(ctx.cwd().resolve(env), "WADAL_HOME");
        }
        if (Files.isDirectory(ctx.cwd().resolve("profiles"))) {
            return ctx.cwd();
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
        return home;
    }

    private static Path existing(Path dir, String source) {
        if (!Files.isDirectory(dir)) {
            throw WadalException.usage(source + " " + dir + " is not a directory");
        }
        return dir.toAbsolutePath().normalize();
    }
}
