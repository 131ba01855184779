package io.wadal.cli.mixin;

import io.wadal.app.GlobalOptions;
import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.console.TerminalText;
import io.wadal.profile.ProfileKey;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Stack;

/**
 * Options every command takes, declared once on the root command and inherited by every
 * subcommand, so they are accepted before or after the subcommand name. An inherited option
 * writes to these fields whichever command it was given to: a later value wins, -v and -p add up.
 */
public class CommonOptions {
    private static final String HOME = "--home";
    private static final String VERBOSE = "--verbose";
    private static final String PROFILE = "--profile";
    private static final String SET = "--set";

    @Option(names = HOME, paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "wadal home (profiles/, clusters/); default: $WADAL_HOME, the current directory if it has profiles/, else ~/.wadal")
    Path home;

    @Option(names = {"-v", VERBOSE}, scope = ScopeType.INHERIT, parameterConsumer = Repeat.class,
            description = "more detail on errors; repeat for AWS SDK debug logs")
    boolean[] verbosity = new boolean[0];

    @Option(names = {"-P", PROFILE}, paramLabel = "NAME", scope = ScopeType.INHERIT, description = "profile to use (profiles/NAME)")
    String profile;

    @Option(names = {"-p", SET}, paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT, description = "override a profile key (repeatable)",
            parameterConsumer = KeyEqualsValue.class)
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The options as parsed, read from the root of {@code spec}'s command line (none when it declares none). */
    public static GlobalOptions of(CommandSpec spec) {
        CommandSpec root = spec.root();
        Map<String, String> overrides = value(root, SET);
        return new GlobalOptions(value(root, HOME), verbosity(spec), value(root, PROFILE),
                overrides == null ? Map.of() : overrides);
    }

    /** How many times -v was given, before and after the subcommand name. */
    public static int verbosity(CommandSpec spec) {
        boolean[] v = value(spec.root(), VERBOSE);
        return v == null ? 0 : v.length;
    }

    /** The invocation of {@code spec}'s command, printing to its command line's streams. */
    public static Invocation invocation(CommandSpec spec, WadalContext ctx, String positionalProfile) {
        return new Invocation(ctx, of(spec), spec.commandLine().getOut(), spec.commandLine().getErr(), positionalProfile);
    }

    private static <T> T value(CommandSpec root, String name) {
        OptionSpec option = root.findOption(name);
        return option == null ? null : option.getValue();
    }

    /**
     * -v as a counter. Picocli would replace a repeatable option's values when the subcommand
     * repeats an inherited option given before its name; this adds to them ('-v state -vv' is 3).
     */
    public static final class Repeat implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            boolean[] before = argSpec.getValue();
            boolean[] after = Arrays.copyOf(before, before.length + 1);
            after[before.length] = true;
            argSpec.setValue(after);
        }
    }

    /** -p/--set KEY=VALUE, with an error that shows the word given (picocli's own says "option option '--set'"). */
    public static final class KeyEqualsValue implements IParameterConsumer {
        private static final String HOW = "give a profile key, '=' and its value, e.g. -p " + ProfileKey.IDLE_TIMEOUT + "=2h";

        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            if (args.isEmpty()) {
                throw new ParameterException(commandSpec.commandLine(), "-p/--set needs KEY=VALUE; " + HOW);
            }
            String word = args.pop();
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(commandSpec.commandLine(), "-p/--set '" + TerminalText.line(word) + "' is not KEY=VALUE"
                        + (eq < 0 ? " (no '=')" : " (no key before '=')") + "; " + HOW);
            }
            Map<String, String> overrides = argSpec.getValue();
            overrides.put(word.substring(0, eq), word.substring(eq + 1));
        }
    }
}
