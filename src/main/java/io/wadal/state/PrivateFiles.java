package io.wadal.state;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read or write: a directory 0700, the files in it 0600, whatever
 * the umask. On a file system without POSIX modes (Windows) the modes are left to it.
 */
public final class PrivateFiles {
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates the directory 0700, or tightens an existing looser one (best effort: one we do not own stays as it is). */
    public static void directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            restrict(dir, DIR);
        } catch (IOException e) {
            // not ours to change; writing into it may still work
        }
    }

    /** Makes the file 0600. */
    public static void restrictFile(Path file) throws IOException {
        restrict(file, FILE);
    }

    /**
     * Writes content to target through a temporary file (0600, unique name starting with a dot)
     * renamed into place: a crash never leaves a half-written file, and target ends up 0600.
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            restrict(tmp, FILE);
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrict(Path p, Set<PosixFilePermission> perms) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        if (view != null && !view.readAttributes().permissions().equals(perms)) {
            view.setPermissions(perms);
        }
    }
}
