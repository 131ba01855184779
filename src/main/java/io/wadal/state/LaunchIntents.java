package io.wadal.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Launches that create started but may not have recorded: {@code clusters/.<P>.launch}, written
 * (atomically, 0600) before RunJobFlow and removed once the cluster is recorded or known not to
 * exist. One left behind (wadal killed, a record that could not be written) tells the next
 * command of the profile which cluster to look for: the one tagged {@code wadal:launch=<launchId>}.
 */
public final class LaunchIntents {
    private static final String SUFFIX = ".launch";

    /** A launch in flight: its tag value, the profile and region, and when it started (ISO-8601). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Intent(String launchId, String profile, String region, String startedAt) {
    }

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    public LaunchIntents(Path clustersDir) {
        this.dir = clustersDir;
    }

    public Path file(String profile) {
        return dir.resolve("." + profile + SUFFIX);
    }

    public void write(Intent intent) throws IOException {
        PrivateFiles.directory(dir);
        PrivateFiles.writeAtomically(file(intent.profile()), json.writeValueAsBytes(intent));
    }

    /** Whether a launch of the profile is pending: cheap, for every command that reads a record. */
    public boolean pending(String profile) {
        return Files.exists(file(profile));
    }

    public Optional<Intent> find(String profile) {
        Path f = file(profile);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Intent i = json.readValue(f.toFile(), Intent.class);
            if (i.launchId() == null || i.launchId().isBlank() || i.region() == null || i.region().isBlank()) {
                throw new IOException("no launch id or region in it");
            }
            return Optional.of(new Intent(i.launchId(), profile, i.region(), i.startedAt()));
        } catch (IOException e) {
            throw WadalException.failed("cannot read " + f + " (" + ExceptionText.of(e)
                    + "): it names a cluster an earlier create may have launched; check the EMR console for one tagged "
                    + "wadal:profile=" + profile + ", run 'wadal clusters --adopt', then remove the file", e);
        }
    }

    /** The profiles with a pending launch. */
    public List<String> profiles() {
        List<String> profiles = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return profiles;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") && n.endsWith(SUFFIX) && n.length() > 1 + SUFFIX.length())
                    .sorted()
                    .forEach(n -> profiles.add(n.substring(1, n.length() - SUFFIX.length())));
        } catch (IOException e) {
            throw WadalException.failed("cannot list " + dir + ": " + ExceptionText.of(e), e);
        }
        return profiles;
    }

    public void clear(String profile) {
        try {
            Files.deleteIfExists(file(profile));
        } catch (IOException e) {
            throw WadalException.failed("cannot remove " + file(profile) + ": " + ExceptionText.of(e), e);
        }
    }
}
