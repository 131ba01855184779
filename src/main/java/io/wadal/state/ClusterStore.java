package io.wadal.state;

import io.wadal.ExceptionText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wadal.WadalException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The local state store {@code clusters/} (SPEC §4): {@code <P>_cluster.id}, the bash
 * original's file, and {@code <P>.json}. Every write goes to a temporary file that is renamed
 * into place, so a crash never leaves a half-written record.
 */
public final class ClusterStore {
    private static final String ID_SUFFIX = "_cluster.id";
    // File locks are held per process; threads of one JVM also need to exclude each other.
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final ObjectMapper json;

    public ClusterStore(Path clustersDir) {
        this.dir = clustersDir;
        this.json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public Path dir() {
        return dir;
    }

    /** The record of a profile; from the id file alone when only the bash original's file exists. */
    public Optional<ClusterRecord> find(String profile) {
        Path jsonFile = jsonFile(profile);
        Path idFile = idFile(profile);
        try {
            if (Files.isRegularFile(jsonFile)) {
                ClusterRecord r = json.readValue(jsonFile.toFile(), ClusterRecord.class);
                if (r.id() != null && !r.id().isBlank()) {
                    return Optional.of(r);
                }
            }
            if (Files.isRegularFile(idFile)) {
                String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
                // The bash original left an empty id file after a failed create: that is no record.
                return id.isEmpty() ? Optional.empty()
                        : Optional.of(new ClusterRecord(id, profile, null, null, null, null, null));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw WadalException.failed("cannot read the record of profile '" + profile + "' in " + dir
                    + ": " + ExceptionText.of(e), e);
        }
    }

    /** Every recorded profile, by name. */
    public List<ClusterRecord> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        TreeSet<String> profiles = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).forEach(name -> {
                if (name.endsWith(ID_SUFFIX)) {
                    profiles.add(name.substring(0, name.length() - ID_SUFFIX.length()));
                } else if (name.endsWith(".json") && !name.startsWith(".")) {
                    profiles.add(name.substring(0, name.length() - ".json".length()));
                }
            });
        } catch (IOException e) {
            throw WadalException.failed("cannot list " + dir + ": " + ExceptionText.of(e), e);
        }
        List<ClusterRecord> records = new ArrayList<>();
        for (String p : profiles) {
            find(p).ifPresent(records::add);
        }
        return records;
    }

    /** Writes both files of the record; throws IOException so a caller holding a fresh cluster id can say how to recover. */
    public void save(ClusterRecord record) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(jsonFile(record.profile()), json.writeValueAsBytes(record));
        writeAtomically(idFile(record.profile()), (record.id() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Updates a record, failing with exit 1 if it cannot be written. */
    public void update(ClusterRecord record) {
        try {
            save(record);
        } catch (IOException e) {
            throw WadalException.failed("cannot write the record of profile '" + record.profile() + "' in "
                    + dir + ": " + ExceptionText.of(e), e);
        }
    }

    public void remove(String profile) {
        try {
            Files.deleteIfExists(jsonFile(profile));
            Files.deleteIfExists(idFile(profile));
        } catch (IOException e) {
            throw WadalException.failed("cannot remove the record of profile '" + profile + "' in " + dir
                    + ": " + ExceptionText.of(e), e);
        }
    }

    /**
     * Holds the profile's lock until closed, waiting for another wadal (or thread) that holds
     * it: two concurrent {@code create} for one profile then launch one cluster at most.
     */
    public ProfileLock lock(String profile) {
        Path lockFile = dir.resolve("." + profile + ".lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.lock();
            return () -> {
                try {
                    fileLock.release();
                    channel.close();
                } catch (IOException ignored) {
                    // the OS releases the lock with the channel anyway
                } finally {
                    jvmLock.unlock();
                }
            };
        } catch (IOException e) {
            jvmLock.unlock();
            throw WadalException.failed("cannot lock profile '" + profile + "' in " + dir + ": " + ExceptionText.of(e), e);
        }
    }

    public Path idFile(String profile) {
        return dir.resolve(profile + ID_SUFFIX);
    }

    public Path jsonFile(String profile) {
        return dir.resolve(profile + ".json");
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A held profile lock. */
    public interface ProfileLock extends AutoCloseable {
        @Override
        void close();
    }
}
