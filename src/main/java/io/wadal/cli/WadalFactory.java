package io.wadal.cli;

import io.wadal.app.WadalContext;
import picocli.CommandLine;

import java.lang.reflect.Constructor;

/** Builds commands with the run's {@link WadalContext}; anything else picocli builds itself. */
public final class WadalFactory implements CommandLine.IFactory {
    private final WadalContext ctx;

    public WadalFactory(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> c = cls.getDeclaredConstructor(WadalContext.class);
            return c.newInstance(ctx);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
