package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.CommonOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

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
        boolean dashP = CommonOptions.of(spec).profile() != null;
        Invocation ws = CommonOptions.invocation(spec, ctx, before.size() == 1 && !dashP ? before.get(0) : null);
        return ws.shell().run(before, command);
    }

    /** 'wadal ssh P ls -la': -la is a word of the command (refused with a hint to put it after --), not an unknown option. */
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
