package io.wadal.cli.mixin;

import io.wadal.console.TerminalText;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Stack;

/**
 * Options every command takes. They are accepted before or after the subcommand
 * name; {@link #merge} combines the root's copy with the subcommand's.
 */
public class CommonOptions {
    @Option(names = "--home", paramLabel = "DIR",
            description = "wadal home (profiles/, clusters/); default: $WADAL_HOME, the current directory if it has profiles/, else ~/.wadal")
    Path home;

    @Option(names = {"-v", "--verbose"}, description = "more detail on errors; repeat for AWS SDK debug logs")
    boolean[] verbosity = new boolean[0];

    @Option(names = {"-P", "--profile"}, paramLabel = "NAME", description = "profile to use (profiles/NAME)")
    String profile;

    @Option(names = {"-p", "--set"}, paramLabel = "KEY=VALUE", description = "override a profile key (repeatable)",
            parameterConsumer = KeyEqualsValue.class)
    Map<String, String> overrides = new LinkedHashMap<>();

    public Path home() {
        return home;
    }

    public int verbosity() {
        return verbosity.length;
    }

    public String profile() {
        return profile;
    }

    public Map<String, String> overrides() {
        return overrides;
    }

    /** The subcommand's options, falling back to the ones given before the subcommand name. */
    public static CommonOptions merge(CommonOptions root, CommonOptions sub) {
        CommonOptions m = new CommonOptions();
        m.home = sub.home != null ? sub.home : root.home;
        m.verbosity = new boolean[root.verbosity.length + sub.verbosity.length];
        m.profile = sub.profile != null ? sub.profile : root.profile;
        m.overrides.putAll(root.overrides);
        m.overrides.putAll(sub.overrides);
        return m;
    }

    /** -p/--set KEY=VALUE, with an error that shows the word given (picocli's own says "option option '--set'"). */
    public static final class KeyEqualsValue implements IParameterConsumer {
        private static final String HOW = "give a profile key, '=' and its value, e.g. -p IDLE_TIMEOUT=2h";

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
