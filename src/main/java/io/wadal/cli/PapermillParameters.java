package io.wadal.cli;

import io.wadal.profile.ProfileKeys;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Stack;

/**
 * Every command's -p KEY=VALUE overrides a profile key; papermill's -p KEY VALUE takes two
 * words. Before parsing, a -p whose next word has no '=' becomes --parameters, so both
 * meanings share the letter and --set always overrides. A one-word -p naming no profile key
 * is refused: it would silently do nothing where a notebook parameter was meant. Values of
 * other options and everything after -- are left alone.
 */
public final class PapermillParameters implements IParameterPreprocessor {
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
