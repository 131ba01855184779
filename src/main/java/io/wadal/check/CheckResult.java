package io.wadal.check;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** One line of {@code wadal check}: what was checked, how it went, and what was found. */
public record CheckResult(String item, Status status, String detail) {
    public enum Status {
        OK, WARNING, FAILED, SKIPPED;

        @JsonValue
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static CheckResult ok(String item, String detail) {
        return new CheckResult(item, Status.OK, detail);
    }

    public static CheckResult warning(String item, String detail) {
        return new CheckResult(item, Status.WARNING, detail);
    }

    public static CheckResult failed(String item, String detail) {
        return new CheckResult(item, Status.FAILED, detail);
    }

    public static CheckResult skipped(String item, String detail) {
        return new CheckResult(item, Status.SKIPPED, detail);
    }

    public boolean failed() {
        return status == Status.FAILED;
    }

    public CheckResult withDetail(String newDetail) {
        return new CheckResult(item, status, newDetail);
    }
}
