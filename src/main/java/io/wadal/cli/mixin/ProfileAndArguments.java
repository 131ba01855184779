package io.wadal.cli.mixin;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The positionals of a command that takes arguments besides the profile (run-notebook,
 * run-pyspark, upload, download, move, ls). As in the original: with -P, or with
 * $PROFILE set, every positional is an argument; otherwise the first one is the profile.
 */
public class ProfileAndArguments {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private static final String GENERIC_LABEL = "[PROFILE] ARGS";

    @Parameters(paramLabel = GENERIC_LABEL, description = "profile name (unless -P or $PROFILE is given), then the arguments")
    List<String> positionals = new ArrayList<>();

    private List<String> arguments;

    /** The workspace, with the profile taken from the positionals when neither -P nor $PROFILE names it. */
    public Invocation workspace(WadalContext ctx) {
        boolean named = CommonOptions.of(mixee).profile() != null
                || ctx.env("PROFILE") != null || ctx.env("WADAL_PROFILE") != null;
        String profile = named || positionals.isEmpty() ? null : positionals.get(0);
        arguments = named || positionals.isEmpty() ? List.copyOf(positionals) : List.copyOf(positionals.subList(1, positionals.size()));
        return CommonOptions.invocation(mixee, ctx, profile);
    }

    /** The positionals that are not the profile; call {@link #workspace} first. */
    public List<String> arguments() {
        if (arguments == null) {
            throw new IllegalStateException("workspace() decides which positional is the profile");
        }
        return arguments;
    }

    /**
     * Shows the command's real arguments in its usage line and help ("[PROFILE] SRC [DST]") instead
     * of "[PROFILE] ARGS"; for a command's {@link picocli.CommandLine.IModelTransformer}.
     */
    public static CommandSpec name(CommandSpec spec, String label, String description) {
        PositionalParamSpec generic = spec.positionalParameters().stream()
                .filter(p -> p.paramLabel().equals(GENERIC_LABEL)).findFirst()
                .orElseThrow(() -> new IllegalStateException(spec.name() + " has no " + GENERIC_LABEL));
        spec.remove(generic);
        spec.addPositional(PositionalParamSpec.builder(generic).paramLabel(label).hideParamSyntax(true)
                .description(description).build());
        return spec;
    }
}
