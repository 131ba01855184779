package io.wadal.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Large files for transfer tests and benchmarks. */
public final class TestFiles {
    private TestFiles() {
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
