package io.wadal.error;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;

/**
 * What went wrong, in a few words for a message, from an exception: its message when it has one
 * (the first line, without a leading Java class name), else what its type means, so that no
 * message says "null". The raw texts of the SSH library that mean the master went away become
 * sentences.
 */
public final class ExceptionText {
    /** What {@link #of} says when the other end closed or reset the connection. */
    public static final String CLOSED = "the master closed the connection";
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");

    private ExceptionText() {
    }

    public static String of(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        if (e instanceof FileSystemException f) {
            return fileSystem(f);
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            return cause != null && cause != e ? of(cause) : byType(e);
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e && message.equals(cause.toString())) {
            // A wrapper made from its cause (UncheckedIOException, …): the cause says it better.
            return of(cause);
        }
        return library(firstLine(CLASS_PREFIX.matcher(message.strip()).replaceFirst("")));
    }

    private static String fileSystem(FileSystemException f) {
        String file = f.getFile() == null ? "" : f.getFile() + ": ";
        if (f instanceof NoSuchFileException) {
            return file + "no such file or directory";
        }
        if (f instanceof AccessDeniedException) {
            return file + "permission denied";
        }
        String reason = f.getReason();
        return file + (reason == null || reason.isBlank() ? byType(f) : reason);
    }

    private static String byType(Throwable e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof EOFException) {
            return "the connection ended early";
        }
        if (e instanceof ClosedChannelException) {
            return "the connection was closed";
        }
        return e.getClass().getSimpleName() + " (no details given)";
    }

    /** MINA SSHD's texts for a connection or channel that the other side ended. */
    private static String library(String message) {
        // "No session attached to Nio2Session[…]": the connection ended before MINA made it a session
        if (message.contains("WriteAbortedException") || message.matches("(?i).*session is (being )?closed.*")
                || message.startsWith("No session attached to")) {
            return CLOSED;
        }
        if (message.matches("(?i).*channel is (being )?closed.*")) {
            return "the SSH channel was closed by the master";
        }
        return message;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}
