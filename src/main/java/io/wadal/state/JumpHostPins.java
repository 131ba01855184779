package io.wadal.state;

import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The host keys of jump hosts, pinned on first use: {@code known_jump_hosts} in the home, one
 * line per host, {@code host fingerprint} or {@code [host]:port fingerprint} (as known_hosts
 * names hosts), 0600, written atomically under a lock so two wadal runs pinning at once both keep theirs.
 */
public final class JumpHostPins {
    public static final String FILE_NAME = "known_jump_hosts";

    private final Path file;

    public JumpHostPins(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The fingerprint pinned for this host and port, if any. */
    public Optional<String> pinned(String host, int port) {
        return Optional.ofNullable(read().get(name(host, port)));
    }

    /** Pins the fingerprint for this host and port unless one is pinned already (that one stays). */
    public void pin(String host, int port, String fingerprint) {
        try {
            PrivateFiles.directory(file.toAbsolutePath().getParent());
            Path lockFile = file.resolveSibling("." + FILE_NAME + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
                 FileLock ignored = channel.lock()) {
                PrivateFiles.restrictFile(lockFile);
                Map<String, String> pins = read();
                if (pins.putIfAbsent(name(host, port), fingerprint) == null) {
                    StringBuilder text = new StringBuilder("# wadal: host keys of jump hosts, pinned on first use\n");
                    pins.forEach((h, f) -> text.append(h).append(' ').append(f).append('\n'));
                    PrivateFiles.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw WadalException.failed("cannot pin the jump host's key in " + file + ": " + ExceptionText.of(e), e);
        }
    }

    private Map<String, String> read() {
        Map<String, String> pins = new LinkedHashMap<>();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return pins;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length >= 2 && !fields[0].startsWith("#")) {
                    pins.putIfAbsent(fields[0], fields[1]);
                }
            }
        } catch (IOException e) {
            throw WadalException.failed("cannot read the jump hosts' pinned keys in " + file + ": " + ExceptionText.of(e), e);
        }
        return pins;
    }

    static String name(String host, int port) {
        return port == 22 && host.indexOf(':') < 0 ? host : "[" + host + "]:" + port;
    }
}
