package io.wadal.ssh;

/**
 * A name that is exactly one path element on every system a download may land on: a name the
 * master lists must be one before it is joined to a local directory, or {@code ../../x},
 * {@code /tmp/x} or {@code ..\x} would write outside it.
 */
public final class PlainName {
    private PlainName() {
    }

    public static boolean isPlain(String name) {
        return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }
}
