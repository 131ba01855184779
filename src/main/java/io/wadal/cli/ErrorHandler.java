package io.wadal.cli;

import io.wadal.cli.mixin.CommonOptions;
import io.wadal.console.LogRedaction;
import io.wadal.console.TerminalText;
import io.wadal.console.Ui;
import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns every failure into one line on stderr and its exit code (README, "Exit codes"); the stack trace only with -v. */
public final class ErrorHandler implements IExecutionExceptionHandler, IExitCodeExceptionMapper, IParameterExceptionHandler {
    private final boolean verbose;

    /** With {@code verbose}, stack traces are shown even without -v. */
    public ErrorHandler(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        Ui ui = ui(cmd);
        boolean trace = verbose || CommonOptions.verbosity(cmd.getCommandSpec()) > 0;
        if (ex instanceof WadalException w) {
            ui.info("wadal: " + w.getMessage());
        } else {
            ui.info("wadal: unexpected error: " + LogRedaction.redact(String.valueOf(ex))
                    + (trace ? "" : " (run with -v for details)"));
        }
        if (trace) {
            // a library's exception text may carry a header or a secret; the log's redaction applies here too
            StringWriter text = new StringWriter();
            ex.printStackTrace(new PrintWriter(text));
            ui.print(LogRedaction.redact(text.toString()));
        }
        return getExitCode(ex);
    }

    @Override
    public int getExitCode(Throwable ex) {
        if (ex instanceof WadalException w) {
            return w.exitCode();
        }
        if (ex instanceof ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILED;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        Ui ui = ui(cmd);
        if (ex instanceof UnmatchedArgumentException u && !u.isUnknownOption() && !cmd.getSubcommands().isEmpty()) {
            ui.info("wadal: " + unknownCommand(u.getUnmatched().get(0), cmd));
            ui.info("See '" + cmd.getCommandSpec().root().qualifiedName() + " --help' for the commands.");
            return ExitCodes.USAGE;
        }
        if (ex instanceof UnmatchedArgumentException u && !u.isUnknownOption()) {
            // picocli says "Unmatched argument at index 3": its index counts words the user never numbered.
            List<String> extra = u.getUnmatched();
            ui.info("wadal: unexpected argument" + (extra.size() == 1 ? " " : "s ")
                    + extra.stream().map(a -> "'" + TerminalText.line(a) + "'").collect(Collectors.joining(", ")));
        } else {
            ui.info("wadal: " + ex.getMessage());
        }
        if (!UnmatchedArgumentException.printSuggestions(ex, ui.err())) {
            ui.print(cmd.getHelp().fullSynopsis());
        }
        ui.info("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.USAGE;
    }

    private static Ui ui(CommandLine cmd) {
        return new Ui(cmd.getOut(), cmd.getErr());
    }

    /** "unknown command 'creat' (did you mean create?)" for a word where a command name of root belongs. */
    static String unknownCommand(String typed, CommandLine root) {
        return "unknown command '" + TerminalText.line(typed) + "'"
                + nearest(typed, root.getSubcommands().keySet()).map(n -> " (did you mean " + n + "?)").orElse("");
    }

    /** The command name a typo most likely meant: the fewest edits (at most 2), or the only one it begins. */
    static Optional<String> nearest(String typed, Collection<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            int d = editDistance(typed, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        if (bestDistance <= 2) {
            return Optional.ofNullable(best);
        }
        List<String> extending = names.stream().filter(n -> typed.length() >= 2 && n.startsWith(typed)).toList();
        return extending.size() == 1 ? Optional.of(extending.get(0)) : Optional.empty();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
