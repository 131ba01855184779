package io.wadal.cli;

import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.cli.mixin.ProfileAndArguments;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.console.TerminalText;
import io.wadal.shell.ShellQuote;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ls", mixinStandardHelpOptions = true, modelTransformer = LsCommand.Arguments.class,
        description = {"List works/SUBDIR on the master with ls; exits with ls's status.",
                "Words starting with - are options for ls (wadal's own -v, -p, -P, -h excepted); "
                        + "after --, every word is a directory name.",
                "  wadal ls myprof", "  wadal ls myprof -al notebooks", "  PROFILE=myprof wadal ls -lh -- -odd-name"})
public class LsCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;

    @Unmatched
    List<String> unmatched = new ArrayList<>();

    @Spec
    CommandSpec spec;

    public LsCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        String profile = ws.profileName();
        try (MinaRemoteShell master = ws.master(profile)) {
            ws.out().flush();
            ws.err().flush();
            // names come from the master: shown escaped, never as terminal control sequences
            OutputStream out = TerminalText.filter(ctx.stdout());
            OutputStream err = TerminalText.filter(ctx.stderr());
            try {
                return master.exec(command(), null, out, err);
            } finally {
                flush(out);
                flush(err);
            }
        }
    }

    private static void flush(OutputStream s) {
        try {
            s.flush();
        } catch (IOException e) {
            // stdout gone (a closed pipe): nothing left to show
        }
    }

    /**
     * Splits the words into ls options and directory names. picocli leaves some dashed words
     * (-1, -) among the positionals, so the split is redone here: before --, a word starting
     * with - is an option, in the order given; after --, every word is a name.
     */
    private String command() {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dash = original.indexOf("--");
        List<String> arguments = target.arguments();
        int afterDash = dash < 0 ? 0 : original.size() - dash - 1;
        List<String> beforeDash = arguments.subList(0, arguments.size() - afterDash);
        List<String> candidates = new ArrayList<>(unmatched);
        List<String> names = new ArrayList<>();
        for (String word : beforeDash) {
            if (word.length() > 1 && word.startsWith("-")) {
                candidates.add(word);
            } else {
                names.add(word);
            }
        }
        names.addAll(arguments.subList(arguments.size() - afterDash, arguments.size()));
        List<String> options = new ArrayList<>();
        for (String word : dash < 0 ? original : original.subList(0, dash)) {
            if (candidates.remove(word)) {
                options.add(word);
            }
        }
        options.addAll(candidates);
        return command(options, names);
    }

    /** {@code ls OPTS works/SUBDIR…}, every word quoted; the works/ prefix keeps a name from reading as an option. */
    static String command(List<String> options, List<String> subdirs) {
        List<String> words = new ArrayList<>(options);
        if (subdirs.isEmpty()) {
            words.add("works");
        }
        for (String dir : subdirs) {
            words.add("works/" + dir);
        }
        return "ls " + ShellQuote.join(words);
    }

    /** The usage line names the real arguments. */
    public static final class Arguments implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return ProfileAndArguments.name(spec, "[PROFILE] [LS-OPTION...] [SUBDIR...]",
                    "profile name (unless -P or $PROFILE is given), then options for ls and folders under works/");
        }
    }
}
