package io.wadal.cli;

import io.wadal.app.BatchRunner;
import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.error.WadalException;
import io.wadal.cli.mixin.JobOptions;
import io.wadal.cli.mixin.ProfileAndArguments;
import io.wadal.job.JobEnvironment;
import io.wadal.job.RemoteJob;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;

@Command(name = "run-notebook", mixinStandardHelpOptions = true, preprocessor = RunNotebookCommand.PapermillParameters.class,
        customSynopsis = "wadal run-notebook [OPTIONS] [PROFILE] NOTEBOOK [-p KEY VALUE]... [-e KEY=VALUE]... [--download] [--terminate-after]",
        description = {"Run works/NOTEBOOK on the master with papermill into works/<NOTEBOOK without .ipynb>.out.ipynb, "
                + "in the notebook's folder, with a SparkContext; stream its output and exit with its status.",
                "-p KEY VALUE (two words) is a notebook parameter, as in papermill; -p KEY=VALUE (one word) "
                        + "and --set KEY=VALUE override a profile key, as in every command.",
                "  wadal run-notebook myprof team/etl.ipynb -p date 2026-11-21 -p limit 10",
                "  wadal create myprof && wadal wait-ready myprof && wadal run-notebook myprof etl.ipynb --terminate-after"})
public class RunNotebookCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Mixin
    ProfileAndArguments target;
    @Mixin
    JobOptions job;
    @Option(names = "--parameters", arity = "2", paramLabel = "KEY VALUE", hideParamSyntax = true,
            description = "a notebook parameter (papermill's -p; repeatable); -p KEY VALUE means the same")
    List<String> parameters = new ArrayList<>();
    @Option(names = "--download", description = "then download the output notebook into <home>/downloads/ (printed on stdout)")
    boolean download;

    public RunNotebookCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Invocation ws = target.workspace(ctx);
        String name = ws.profileName();
        List<String> args = target.arguments();
        if (args.size() != 1) {
            throw WadalException.usage(args.isEmpty()
                    ? "name the notebook to run: wadal run-notebook [PROFILE] NOTEBOOK (a path under works/ on the master)"
                    : "one notebook at a time: got " + args.size() + " (" + String.join(", ", args) + "); "
                            + "parameters are -p KEY VALUE");
        }
        Profile profile = ws.profile(name);
        RemoteJob papermill = RemoteJob.notebook(args.get(0), pairs(parameters),
                JobEnvironment.of(profile, ctx.env("ENVS"), job.env()));
        return ws.batch().run(name, papermill, job.terminateAfter(), download);
    }

    private static List<Map.Entry<String, String>> pairs(List<String> flat) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            pairs.add(Map.entry(flat.get(i), flat.get(i + 1)));
        }
        return pairs;
    }

    /**
     * Every command's -p KEY=VALUE overrides a profile key; papermill's -p KEY VALUE takes two
     * words. Before parsing, a -p whose next word has no '=' becomes --parameters, so both
     * meanings share the letter and --set always overrides. A one-word -p naming no profile key
     * is refused: it would silently do nothing where a notebook parameter was meant. Values of
     * other options and everything after -- are left alone.
     */
    public static final class PapermillParameters implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
            List<String> words = new ArrayList<>(args);
            Collections.reverse(words); // the top of the stack is the next word
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                if (word.equals("--")) {
                    break;
                }
                if (word.equals("-p") && i + 1 < words.size() && !words.get(i + 1).contains("=")) {
                    words.set(i, "--parameters");
                    i += 2;
                } else if (word.equals("-p") && i + 1 < words.size()) {
                    String key = words.get(i + 1).substring(0, words.get(i + 1).indexOf('='));
                    if (!ProfileKeys.ALL.contains(key)) {
                        throw new ParameterException(spec.commandLine(), "-p " + key + "=...: " + key + " is not a profile key; "
                                + "for a notebook parameter write -p " + key + " VALUE");
                    }
                    i += 1;
                } else if (word.startsWith("-") && !word.contains("=")) {
                    OptionSpec option = spec.findOption(word);
                    i += option == null ? 0 : option.arity().min();
                }
            }
            args.clear();
            for (int i = words.size() - 1; i >= 0; i--) {
                args.push(words.get(i));
            }
            return false;
        }
    }
}
