package io.wadal.ssh;

/** Remote paths as SFTP sees them: '/'-separated strings, relative to the login home. */
final class RemotePath {
    private RemotePath() {
    }

    /** Without trailing slashes or a last "." segment: {@code works/a/./} is {@code works/a}. */
    static String normalize(String path) {
        String p = path;
        while (true) {
            if (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            } else if (p.endsWith("/.")) {
                p = p.substring(0, p.length() - 2);
            } else {
                return p;
            }
        }
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : slash == 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String child(String dir, String relative) {
        if (relative.isEmpty()) {
            return dir;
        }
        return dir.isEmpty() ? relative : dir.endsWith("/") ? dir + relative : dir + "/" + relative;
    }

    /** The temporary name a file is written under until it is complete: {@code dir/.NAME.wadal-part}. */
    static String part(String path) {
        return child(parent(path), "." + name(path) + FileTransfer.PART_SUFFIX);
    }
}
