package io.wadal.state;

import io.wadal.error.WadalException;

import java.nio.file.Path;

/**
 * A record file wadal cannot use: unreadable, not a record, a symbolic link, or holding an id
 * that is not a cluster id. {@code problem} completes "FILE ...", e.g. "is not JSON".
 */
public record BrokenRecord(String profile, Path file, String problem) {

    /** One line: what is wrong with which file, and the two ways out. */
    public String message() {
        return "the record of profile '" + profile + "' is broken: " + file + " " + problem
                + "; run 'wadal clusters --repair " + profile + "' (moves it aside) or remove the file";
    }

    /** Exit 2: the profile's commands stop before any call. */
    public WadalException exception() {
        return WadalException.usage(message());
    }
}
