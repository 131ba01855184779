package io.wadal.error;

/**
 * The one exception a command throws to stop with a documented exit code and a
 * one-line message for the user.
 */
public class WadalException extends RuntimeException {
    private final int exitCode;

    public WadalException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public WadalException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Bad arguments or profile: nothing was called (exit 2). */
    public static WadalException usage(String message) {
        return new WadalException(ExitCodes.USAGE, message);
    }

    /** A call to AWS or the master failed (exit 1). */
    public static WadalException failed(String message, Throwable cause) {
        return new WadalException(ExitCodes.FAILED, message, cause);
    }

    public static WadalException failed(String message) {
        return new WadalException(ExitCodes.FAILED, message);
    }
}
