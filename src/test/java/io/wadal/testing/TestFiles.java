package io.wadal.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;

/** Files for tests: large ones for transfers and benchmarks, owner-only ones for profiles holding secrets. */
public final class TestFiles {
    private TestFiles() {
    }

    /** Writes a profile (or any file) 0600, as a user keeps one that holds a secret, so wadal does not warn about it. */
    public static Path writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Deterministic, incompressible-looking bytes, fast to make: the same seed gives the same file. */
    public static void random(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                buffer.clear();
                while (buffer.remaining() >= Long.BYTES) {
                    buffer.putLong(random.nextLong());
                }
                int n = (int) Math.min(left, buffer.capacity());
                out.write(buffer.array(), 0, n);
                left -= n;
            }
        }
    }
}
