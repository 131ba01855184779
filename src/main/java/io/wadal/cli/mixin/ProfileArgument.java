package io.wadal.cli.mixin;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The optional PROFILE argument of a command that works on one profile. */
public class ProfileArgument {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROFILE", description = "profile name (or -P NAME, or $PROFILE)")
    String profile;

    public Invocation workspace(WadalContext ctx) {
        return CommonOptions.invocation(mixee, ctx, profile);
    }
}
