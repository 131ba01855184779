package io.wadal.console;

/** Told how a {@link FileTransfer} advances, for a progress bar or a summary line. */
public interface TransferListener {
    TransferListener NONE = new TransferListener() {
    };

    /** Bytes are about to move: {@code files} files of {@code totalBytes} together. */
    default void started(String what, int files, long totalBytes) {
    }

    /** {@code bytes} more have arrived (a delta, not a total). */
    default void transferred(long bytes) {
    }

    /** The transfer ended, successfully or not. */
    default void finished() {
    }
}
