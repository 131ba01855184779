package io.wadal.cli.mixin;

import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The optional PROFILE argument and the common options of a command that works on one profile. */
public class ProfileArgument {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROFILE", description = "profile name (or -P NAME, or $PROFILE)")
    String profile;

    public Invocation workspace(WadalContext ctx) {
        return Invocation.of(mixee, common, ctx, profile);
    }
}
