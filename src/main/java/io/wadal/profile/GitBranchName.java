package io.wadal.profile;

import java.util.Optional;

/**
 * What {@code git check-ref-format --branch} refuses, checked here so that a bad GIT_BRANCH fails
 * before the cluster is paid for rather than in the clone on the master. One difference: a bare
 * {@code @} is refused too, since git reads it as HEAD ({@code git check-ref-format} without
 * {@code --branch} refuses it as well).
 */
public final class GitBranchName {
    private static final String FORBIDDEN = " ~^:?*[\\";

    private GitBranchName() {
    }

    /** Why git would refuse the branch name, or empty when it is a valid one. */
    public static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (name.startsWith("-")) {
            return Optional.of("it starts with '-'");
        }
        if (name.equals("HEAD") || name.equals("@")) {
            return Optional.of("'" + name + "' means the current commit to git");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("it holds a control character");
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of("it holds " + (c == ' ' ? "a space" : "'" + c + "'"));
            }
        }
        if (name.contains("..")) {
            return Optional.of("it holds '..'");
        }
        if (name.contains("@{")) {
            return Optional.of("it holds '@{'");
        }
        if (name.endsWith(".")) {
            return Optional.of("it ends with '.'");
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty()) {
                return Optional.of("it starts or ends with '/' or holds '//'");
            }
            if (part.startsWith(".")) {
                return Optional.of("a part of it starts with '.'");
            }
            if (part.endsWith(".lock")) {
                return Optional.of("a part of it ends with '.lock'");
            }
        }
        return Optional.empty();
    }
}
