package io.wadal.cli.mixin;

import io.wadal.cli.WadalContext;
import io.wadal.cli.Workspace;
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

    public Workspace workspace(WadalContext ctx) {
        return Workspace.of(mixee, common, ctx, profile);
    }
}
