package io.wadal.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wadal.console.TerminalText;
import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local state store {@code clusters/}: {@code <P>_cluster.id}, the bash
 * original's file, and {@code <P>.json}. Every write goes to a temporary file that is renamed
 * into place, so a crash never leaves a half-written record; the directory is 0700 and what it
 * holds 0600. A record file that cannot be used is a {@link BrokenRecord}: that profile's
 * commands stop with exit 2, listings show it and go on with the others.
 */
public final class ClusterStore {
    private static final String ID_SUFFIX = "_cluster.id";
    private static final String JSON_SUFFIX = ".json";
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");
    // A record is a few hundred bytes; anything far larger is not one (and is not read whole).
    private static final int MAX_RECORD_BYTES = 64 * 1024;
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    // File locks are held per process; threads of one JVM also need to exclude each other.
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final ObjectMapper json;

    public ClusterStore(Path clustersDir) {
        this.dir = clustersDir;
        this.json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    public Path dir() {
        return dir;
    }

    /**
     * The record of a profile; from the id file alone when only the bash original's file exists.
     * A broken record is exit 2 naming the file and the fix.
     */
    public Optional<ClusterRecord> find(String profile) {
        Optional<StoredRecord> stored = lookup(profile);
        if (stored.isPresent() && stored.get().isBroken()) {
            throw stored.get().broken().exception();
        }
        return stored.map(StoredRecord::record);
    }

    /** The profile's record if it is broken. */
    public Optional<BrokenRecord> broken(String profile) {
        return lookup(profile).map(StoredRecord::broken);
    }

    /** What is stored for a profile, readable or broken; empty when nothing is. */
    public Optional<StoredRecord> lookup(String profile) {
        if (profile == null || !PROFILE_NAME.matcher(profile).matches()) {
            throw WadalException.usage("invalid profile name '" + TerminalText.line(profile)
                    + "': use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        Path jsonFile = jsonFile(profile);
        // A directory in a record's place is no record (and makes the next write fail, loudly).
        if (Files.exists(jsonFile, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(jsonFile, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(readJson(profile, jsonFile));
        }
        Path idFile = idFile(profile);
        if (Files.exists(idFile, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(idFile, LinkOption.NOFOLLOW_LINKS)) {
            return readIdFile(profile, idFile);
        }
        return Optional.empty();
    }

    /** Every readable record, by profile name; broken ones are left out (see {@link #entries()}). */
    public List<ClusterRecord> all() {
        return entries().stream().filter(e -> !e.isBroken()).map(StoredRecord::record).toList();
    }

    /**
     * Every profile with a record file, readable or broken, by name. Only {@code <P>.json} and
     * {@code <P>_cluster.id} of a valid profile name count: dot files (locks, temporary files),
     * files moved aside and anything else in the directory are not records.
     */
    public List<StoredRecord> entries() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        TreeSet<String> profiles = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith(".")).forEach(name -> {
                String profile = name.endsWith(ID_SUFFIX) ? name.substring(0, name.length() - ID_SUFFIX.length())
                        : name.endsWith(JSON_SUFFIX) ? name.substring(0, name.length() - JSON_SUFFIX.length()) : null;
                if (profile != null && PROFILE_NAME.matcher(profile).matches()) {
                    profiles.add(profile);
                }
            });
        } catch (IOException e) {
            throw WadalException.failed("cannot list " + dir + ": " + ExceptionText.of(e), e);
        }
        List<StoredRecord> entries = new ArrayList<>();
        for (String p : profiles) {
            lookup(p).ifPresent(entries::add);
        }
        return entries;
    }

    /** Writes both files of the record; throws IOException so a caller holding a fresh cluster id can say how to recover. */
    public void save(ClusterRecord record) throws IOException {
        PrivateFiles.directory(dir);
        PrivateFiles.writeAtomically(jsonFile(record.profile()), json.writeValueAsBytes(record));
        PrivateFiles.writeAtomically(idFile(record.profile()), (record.id() + "\n").getBytes(StandardCharsets.UTF_8));
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
     * Moves the profile's broken record files aside, to {@code <file>.broken-<UTC time>} next to
     * them, under the profile's lock: a broken {@code <P>.json} first, then the id file if that is
     * broken too. Readable records are left alone. The result says what moved and what is left.
     */
    public Repair repair(String profile, Instant now) {
        List<Moved> moved = new ArrayList<>();
        Optional<StoredRecord> stored = lookup(profile);
        if (stored.isEmpty() || !stored.get().isBroken()) {
            return new Repair(moved, stored);
        }
        try (ProfileLock lock = lock(profile)) {
            stored = lookup(profile);
            // At most the two files of the profile can be broken.
            for (int i = 0; i < 2 && stored.isPresent() && stored.get().isBroken(); i++) {
                BrokenRecord b = stored.get().broken();
                moved.add(new Moved(b.file(), moveAside(b.file(), now), b.problem()));
                stored = lookup(profile);
            }
        } catch (IOException e) {
            throw WadalException.failed("cannot move the broken record of profile '" + profile + "' aside in " + dir
                    + ": " + ExceptionText.of(e), e);
        }
        return new Repair(moved, stored);
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
            PrivateFiles.directory(dir);
            // NOFOLLOW: a link planted in the lock's place must not have wadal open (and chmod) its target.
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            FileLock fileLock;
            try {
                PrivateFiles.restrictFile(lockFile);
                fileLock = channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
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
        return dir.resolve(profile + JSON_SUFFIX);
    }

    private StoredRecord readJson(String profile, Path file) {
        try {
            byte[] bytes = contents(file);
            if (blank(bytes)) {
                throw new Unusable("is empty");
            }
            JsonNode node;
            try {
                node = json.readTree(bytes);
            } catch (JsonEOFException e) {
                throw new Unusable("is truncated (it ends in the middle of the JSON)");
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                throw new Unusable("is not JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            } catch (IOException e) {
                throw new Unusable("is not JSON");
            }
            if (!node.isObject()) {
                throw new Unusable("holds a JSON " + node.getNodeType().name().toLowerCase() + ", not a record object");
            }
            ClusterRecord r;
            try {
                r = json.treeToValue(node, ClusterRecord.class);
            } catch (JsonMappingException e) {
                String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
                throw new Unusable(field == null ? "is not a wadal record" : "has a field '" + shown(field) + "' of the wrong type");
            } catch (JsonProcessingException e) {
                throw new Unusable("is not a wadal record");
            }
            if (r.id() == null || r.id().isBlank()) {
                throw new Unusable("has no cluster id");
            }
            if (!ClusterRecord.isClusterId(r.id())) {
                throw new Unusable("has cluster id '" + shown(r.id()) + "', which is not an EMR cluster id (j-...)");
            }
            if (r.profile() != null && !r.profile().equals(profile)) {
                throw new Unusable("is the record of profile '" + shown(r.profile()) + "'");
            }
            if (r.region() != null && !REGION.matcher(r.region()).matches()) {
                throw new Unusable("has region '" + shown(r.region()) + "', which is not an AWS region");
            }
            return StoredRecord.of(r.profile() == null ? r.withProfile(profile) : r);
        } catch (Unusable u) {
            return StoredRecord.of(new BrokenRecord(profile, file, u.getMessage()));
        }
    }

    private Optional<StoredRecord> readIdFile(String profile, Path file) {
        try {
            String id = new String(contents(file), StandardCharsets.UTF_8).strip();
            // The bash original left an empty id file after a failed create: that is no record.
            if (id.isEmpty()) {
                return Optional.empty();
            }
            if (!ClusterRecord.isClusterId(id)) {
                throw new Unusable("(the bash original's id file) holds '" + shown(id) + "', not an EMR cluster id (j-...)");
            }
            return Optional.of(StoredRecord.of(new ClusterRecord(id, profile, null, null, null, null, null)));
        } catch (Unusable u) {
            return Optional.of(StoredRecord.of(new BrokenRecord(profile, file, u.getMessage())));
        }
    }

    /** The bytes of a record file: a plain file of record size without NUL bytes, never followed through a link. */
    private static byte[] contents(Path file) throws Unusable {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                throw new Unusable("is a symbolic link (wadal writes records as plain files)");
            }
            if (!a.isRegularFile()) {
                throw new Unusable("is not a plain file");
            }
            if (a.size() > MAX_RECORD_BYTES) {
                throw new Unusable("is " + a.size() + " bytes, far too large for a record");
            }
            ByteBuffer buf = ByteBuffer.allocate(MAX_RECORD_BYTES + 1);
            try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                while (buf.hasRemaining() && ch.read(buf) >= 0) {
                    // read on: the size may have changed since it was looked at
                }
            }
            if (!buf.hasRemaining()) {
                throw new Unusable("is far too large for a record");
            }
            byte[] bytes = new byte[buf.position()];
            buf.flip().get(bytes);
            for (byte b : bytes) {
                if (b == 0) {
                    throw new Unusable("holds NUL bytes (it was not written completely)");
                }
            }
            return bytes;
        } catch (AccessDeniedException e) {
            throw new Unusable("cannot be read (permission denied)");
        } catch (IOException e) {
            throw new Unusable("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Text from a record file as it may be printed: escaped, and short. */
    private static String shown(String s) {
        String line = TerminalText.line(s);
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }

    private Path moveAside(Path file, Instant now) throws IOException {
        String base = file.getFileName() + ".broken-" + ASIDE_STAMP.format(now);
        for (int n = 1; ; n++) {
            Path target = file.resolveSibling(n == 1 ? base : base + "-" + n);
            try {
                // Never over an earlier one; a link is moved as the link, its target left alone.
                return Files.move(file, target, LinkOption.NOFOLLOW_LINKS);
            } catch (FileAlreadyExistsException e) {
                // taken: try the next name
            }
        }
    }

    /** A held profile lock. */
    public interface ProfileLock extends AutoCloseable {
        @Override
        void close();
    }

    /** A record file moved aside by {@link #repair}, and what was wrong with it. */
    public record Moved(Path from, Path to, String problem) {
    }

    /** What {@link #repair} moved, and what the profile's record is now. */
    public record Repair(List<Moved> moved, Optional<StoredRecord> now) {
    }

    /** Why a record file cannot be used; completes "FILE ...". */
    private static final class Unusable extends Exception {
        Unusable(String problem) {
            super(problem, null, false, false);
        }
    }
}
