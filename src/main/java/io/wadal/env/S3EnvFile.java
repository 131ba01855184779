package io.wadal.env;

/**
 * The file on the master, relative to the SSH user's home, that holds the profile's S3 keys
 * (mode 0600). The workspace setup writes it; batch jobs and Jupyter read it.
 */
public final class S3EnvFile {
    public static final String PATH = ".wadal/s3.env";

    private S3EnvFile() {
    }
}
