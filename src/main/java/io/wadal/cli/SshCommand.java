package io.wadal.cli;

import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.WadalException;
import io.wadal.cli.mixin.CommonOptions;
import io.wadal.console.TerminalText;
import io.wadal.ssh.InteractiveShell;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.shell.ShellQuote;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "ssh", mixinStandardHelpOptions = true, modelTransformer = SshCommand.CommandWords.class,
        description = {"Open a shell on the master, or run a command there and exit with its status.",
                "  wadal ssh myprof", "  wadal ssh myprof -- ls -la works", "  PROFILE=myprof wadal ssh -- 'cd works && git status'"})
public class SshCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "[PROFILE] [-- CMD...]", description = "profile name (or -P, or $PROFILE), then after -- the command to run")
    List<String> words = new ArrayList<>();

    public SshCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        List<String> command = afterDoubleDash();
        List<String> before = words.subList(0, words.size() - command.size());
        if (!before.isEmpty() && before.get(0).startsWith("-")) {
            throw WadalException.usage("unknown option '" + TerminalText.line(before.get(0)) + "'; see 'wadal ssh --help'");
        }
        if (before.size() > 1) {
            throw WadalException.usage("put the command after --, e.g. " + commandAfterDoubleDash(before));
        }
        Invocation ws = CommonOptions.invocation(spec, ctx, before.isEmpty() ? null : before.get(0));
        String profile = ws.profileName();
        try (MinaRemoteShell master = ws.master(profile)) {
            if (command.isEmpty()) {
                return InteractiveShell.run(master.session(), ctx.env("TERM"), ctx.stdin(), ctx.stdout(), ctx.stderr());
            }
            // One word is a shell command line as the user typed it (ssh does the same); several are joined.
            String line = String.join(" ", command);
            ws.out().flush();
            ws.err().flush();
            return master.exec(line, ctx.stdin(), ctx.stdout(), ctx.stderr());
        }
    }

    /**
     * The line to type instead: the first word stays the profile unless it names none while
     * -P or $PROFILE names one ('PROFILE=p wadal ssh ls -la' meant 'wadal ssh -- ls -la').
     */
    private String commandAfterDoubleDash(List<String> before) {
        Invocation ws = CommonOptions.invocation(spec, ctx, null);
        boolean firstIsProfile = ws.profiles().exists(before.get(0));
        if (!firstIsProfile) {
            try {
                ws.profileName();
            } catch (WadalException none) {
                firstIsProfile = true;
            }
        }
        List<String> command = firstIsProfile ? before.subList(1, before.size()) : before;
        return TerminalText.line("wadal ssh " + (firstIsProfile ? before.get(0) + " " : "") + "-- "
                + command.stream().map(ShellQuote::asTyped).collect(Collectors.joining(" ")));
    }

    /** 'wadal ssh P ls -la': -la is a word of the command (then refused with the hint above), not an unknown option. */
    public static final class CommandWords implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().unmatchedOptionsArePositionalParams(true);
            return spec;
        }
    }

    private List<String> afterDoubleDash() {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dash = original.indexOf("--");
        if (dash < 0) {
            return List.of();
        }
        int count = original.size() - dash - 1;
        return words.subList(words.size() - count, words.size());
    }
}
