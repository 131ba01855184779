package io.wadal.profile;

import io.wadal.console.LogRedaction;
import io.wadal.error.ExceptionText;
import io.wadal.error.WadalException;
import io.wadal.shell.ShellQuote;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds and reads {@code profiles/<name>}: the original's bash assignments, parsed and never
 * executed, then {@code -p KEY=VALUE} overrides, then {@link Profile}'s validation. Every problem
 * is a {@link WadalException#usage} naming the file and line.
 */
public final class ProfileLoader {
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> LEFTOVER_SUFFIXES = List.of("~", ".swp", ".swo", ".bak", ".orig", ".tmp");
    /** Local paths: the original passed them to ssh -i and friends, which expand a quoted "~/..." themselves. */
    private static final List<String> PATH_KEYS = Arrays.stream(ProfileKey.values())
            .filter(k -> k.kind().isLocalPath()).map(ProfileKey::name).toList();

    private final Path profilesDir;
    private final Map<String, String> env;
    private final Path userHome;
    private final Consumer<String> warnings;

    /**
     * @param profilesDir {@code <home>/profiles}
     * @param env         environment for {@code $VAR}
     * @param userHome    what {@code ~} expands to
     * @param warnings    receives one-line warnings
     */
    public ProfileLoader(Path profilesDir, Map<String, String> env, Path userHome, Consumer<String> warnings) {
        this.profilesDir = Objects.requireNonNull(profilesDir, "profilesDir");
        this.env = env == null ? Map.of() : env;
        this.userHome = Objects.requireNonNull(userHome, "userHome");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** Sorted profile names: regular files in profilesDir, skipping hidden files and editor leftovers. */
    public List<String> names() {
        if (!Files.isDirectory(profilesDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(profilesDir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> PROFILE_NAME.matcher(n).matches())
                    .filter(n -> LEFTOVER_SUFFIXES.stream().noneMatch(n::endsWith))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw WadalException.usage("cannot list " + profilesDir + ": " + ExceptionText.of(e));
        }
    }

    /** Whether {@code profiles/<name>} is a profile file (false for a name no profile can have). */
    public boolean exists(String name) {
        return name != null && PROFILE_NAME.matcher(name).matches() && Files.isRegularFile(profilesDir.resolve(name));
    }

    /** Loads {@code profiles/<name>} and applies overrides (from {@code -p KEY=VALUE}). */
    public Profile load(String name, Map<String, String> overrides) {
        if (name == null || !PROFILE_NAME.matcher(name).matches()) {
            throw WadalException.usage("invalid profile name '" + name
                    + "': use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        Path file = profilesDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            List<String> available = names();
            throw WadalException.usage("profile '" + name + "' not found: no file " + file + (available.isEmpty()
                    ? " (no profiles yet: copy profile.template to " + file + " and fill it in)"
                    : " (available: " + String.join(", ", available) + ")"));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw WadalException.usage(file + ": not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw WadalException.usage(file + ": cannot read: " + ExceptionText.of(e));
        }
        Profile profile = parse(name, file, text, overrides);
        warnIfOthersCanRead(profile, file, overrides == null ? Map.of() : overrides);
        return profile;
    }

    /** A secret in a file that group or others can read is shared with every account of the machine. */
    private void warnIfOthersCanRead(Profile profile, Path file, Map<String, String> overrides) {
        boolean holdsSecret = profile.secrets().keySet().stream().anyMatch(k -> !overrides.containsKey(k.name()));
        if (!holdsSecret) {
            return;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return; // not a POSIX file system: nothing to check
        }
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
            warnings.accept("profile '" + profile.name() + "' (" + file + ") holds secrets and is readable by others; run: chmod 600 "
                    + ShellQuote.asTyped(file.toString()));
        }
    }

    /** Parses text as if it were the file {@code file}. */
    public Profile parse(String name, Path file, String text, Map<String, String> overrides) {
        String where = Profile.where(name, file);
        Map<String, String> fixed = overrides == null ? Map.of() : overrides;
        checkOverrideKeys(fixed);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        Map<String, String> unknownKeys = new LinkedHashMap<>();
        ProfileParser parser = new ProfileParser(where, normalize(text), userHome.toString(), variable -> {
            if (fixed.containsKey(variable)) {
                return fixed.get(variable);
            }
            return values.containsKey(variable) ? values.get(variable) : env.get(variable);
        });
        for (ProfileParser.Assignment a = parser.next(); a != null; a = parser.next()) {
            if (fixed.containsKey(a.key())) {
                // overridden: only the line's syntax matters, and it has been read
                values.put(a.key(), fixed.get(a.key()));
                continue;
            }
            check(where, a);
            if (!ProfileKeys.ALL.contains(a.key())) {
                unknownKeys.putIfAbsent(a.key(), where + ":" + a.line() + ": ");
            }
            a.warnings().forEach(warnings);
            values.put(a.key(), a.value());
            lines.put(a.key(), a.line());
        }
        // a variable used by a later line is a helper (BUCKET=...; INIT_ASSET_DIR_S3=s3://$BUCKET/wadal), not a typo
        unknownKeys.keySet().removeAll(parser.referenced());
        unknownKeys.forEach((key, at) -> warnings.accept(at + unknownKey(key)));
        values.putAll(fixed);
        fixed.keySet().forEach(key -> lines.put(key, Profile.SET_BY_OPTION));
        expandHomeInPaths(values);
        values.forEach(ProfileLoader::keepOutOfLogs);
        return new Profile(name, file, values, lines);
    }

    /** A secret value, and each value of a secret list of assignments (RUN_NOTEBOOK_ENVS="TOKEN=… STAGE=dev"). */
    private static void keepOutOfLogs(String key, String value) {
        if (!Masking.isSecret(key) || value == null) {
            return;
        }
        LogRedaction.secret(value);
        for (String word : value.split("\\s+")) {
            int eq = word.indexOf('=');
            LogRedaction.secret(unquoted(eq < 0 ? word : word.substring(eq + 1)));
        }
    }

    private static String unquoted(String v) {
        return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
                ? v.substring(1, v.length() - 1) : v;
    }

    private static void check(String where, ProfileParser.Assignment a) {
        String at = where + ":" + a.line() + ": ";
        TemplatePlaceholders.problem(a.key(), a.value(), a.trailing()).ifPresent(problem -> {
            throw WadalException.usage(at + problem);
        });
        if (!a.trailing().isEmpty()) {
            String shown = Masking.isSecret(a.key()) ? Masking.MASK : a.trailing();
            throw WadalException.usage(at + "unexpected text after the value of " + a.key() + ": '" + shown
                    + "'; put a value with spaces in quotes, e.g. " + a.key() + "=\"a b\"");
        }
    }

    private void checkOverrideKeys(Map<String, String> overrides) {
        Set<String> unknown = new LinkedHashSet<>();
        for (String key : overrides.keySet()) {
            if (!KEY.matcher(key).matches()) {
                throw WadalException.usage("-p " + key + "=...: '" + key + "' is not a valid key name"
                        + " (letters, digits and _, not starting with a digit)");
            }
            if (!ProfileKeys.ALL.contains(key)) {
                unknown.add(key);
            }
        }
        unknown.forEach(key -> warnings.accept("-p " + key + ": " + unknownKey(key)));
    }

    private static String unknownKey(String key) {
        return "unknown key " + key + KeySuggestions.closest(key).map(k -> " (did you mean " + k + "?)").orElse("");
    }

    private void expandHomeInPaths(Map<String, String> values) {
        for (String key : PATH_KEYS) {
            String v = values.get(key);
            if (v != null && (v.equals("~") || v.startsWith("~/"))) {
                values.put(key, v.length() <= 2 ? userHome.toString() : userHome.resolve(v.substring(2)).toString());
            }
        }
    }

    /** The path as the user would type it into a shell: quoted only when it has to be. */
    /** Files written on Windows: a byte order mark and CRLF line ends. */
    private static String normalize(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return t.replace("\r\n", "\n");
    }
}
