package io.wadal.app;

import java.nio.file.Path;

/** wadal's home and the folders under it, as the README's "Home, profiles, state" lists them. */
public record WadalHome(Path root) {
    public Path profiles() {
        return root.resolve("profiles");
    }

    public Path clusters() {
        return root.resolve("clusters");
    }

    /** Files here override the bundled assets of the same name, or add to them. */
    public Path assets() {
        return root.resolve("assets");
    }

    /** Where download, move and run-notebook --download put files when no --to is given. */
    public Path downloads() {
        return root.resolve("downloads");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
