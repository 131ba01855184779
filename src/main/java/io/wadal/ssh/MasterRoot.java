package io.wadal.ssh;

/**
 * Where the master's system folders are ({@code /usr/bin}, EMR's log folders). On a real master
 * they are where EMR puts them; tests move them under the fake master's home with the
 * environment variable {@value #ENV} (not a user option), a prefix put before every such path
 * (relative prefixes are relative to the login home).
 */
public record MasterRoot(String prefix) {
    public static final String ENV = "WADAL_MASTER_ROOT";

    public MasterRoot {
        prefix = prefix == null ? "" : prefix.replaceAll("/+$", "");
    }

    /** The master's own folders, unmoved. */
    public static MasterRoot real() {
        return new MasterRoot("");
    }

    /** An absolute path on the master, moved under the prefix. */
    public String path(String absolute) {
        return prefix + absolute;
    }
}
