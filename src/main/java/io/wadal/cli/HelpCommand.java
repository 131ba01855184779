package io.wadal.cli;

import io.wadal.error.WadalException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.util.concurrent.Callable;

/** {@code wadal help [COMMAND]}: the same text as {@code wadal [COMMAND] --help}, on stdout. */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true,
        description = "Show the help of wadal, or of one command: wadal help COMMAND.")
public class HelpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "the command to show the help of")
    String command;

    @Override
    public Integer call() {
        CommandLine root = spec.commandLine().getParent();
        CommandLine target = command == null ? root : root.getSubcommands().get(command);
        if (target == null) {
            throw WadalException.usage(ErrorHandler.unknownCommand(command, root));
        }
        target.usage(spec.commandLine().getOut());
        return 0;
    }
}
