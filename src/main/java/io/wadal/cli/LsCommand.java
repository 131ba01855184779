package io.wadal.cli;

import io.wadal.app.Invocation;
import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.ProfileAndArguments;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

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
        return ws.remoteFiles().ls(spec.commandLine().getParseResult().originalArgs(), unmatched, target.arguments());
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
