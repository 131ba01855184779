package io.wadal.cli;

import io.wadal.app.WadalContext;
import io.wadal.cli.mixin.CommonOptions;
import io.wadal.error.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "wadal", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Launch a transient AWS EMR cluster from a named profile, work on it, and terminate it.", ""},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
                ProfilesCommand.class, PlanCommand.class, UploadAssetsCommand.class, CheckCommand.class, CreateCommand.class,
                StateCommand.class, WaitReadyCommand.class, JupyterCommand.class, UrlCommand.class, TunnelCommand.class,
                ClustersCommand.class, TerminateCommand.class,
                SshCommand.class, RunPysparkCommand.class, RunNotebookCommand.class, JobsCommand.class, AttachCommand.class,
                LsCommand.class, UploadCommand.class, DownloadCommand.class, MoveCommand.class,
                AddTermcmdCommand.class, LogsCommand.class,
                HelpCommand.class, AutoComplete.GenerateCompletion.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = "A profile is the file profiles/<NAME> in wadal's home; give it as the first argument, "
                + "with -P NAME, or in the PROFILE environment variable. See 'wadal COMMAND --help'.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:failure talking to AWS or the master (the message says which call and why)",
                "2:usage or profile error (nothing was launched or changed)",
                "3:the cluster failed or terminated while being waited on",
                "4:timed out",
                "5:refused: terminate not confirmed (unsaved work, or the master unreachable)",
                "130:interrupted",
                "141:the output was closed (its reader, such as head, ended) while a job's log was streamed; the job goes on"})
public class WadalCommand implements Callable<Integer> {
    /** Commands that use no profile: they take (and their help and the completion script show) none of the common options. */
    private static final List<String> NO_PROFILE = List.of("help", "generate-completion");

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** wadal's command line: the commands made by {@link WadalFactory} with the run's context, every failure through {@code errors}. */
    public static CommandLine commandLine(WadalContext ctx, ErrorHandler errors) {
        CommandLine cmd = new CommandLine(new WadalCommand(), new WadalFactory(ctx))
                .setExecutionExceptionHandler(errors)
                .setExitCodeExceptionMapper(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
        for (CommandLine sub : cmd.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            List<OptionSpec> own = spec.options().stream().filter(o -> !o.inherited()).toList();
            List<OptionSpec> inherited = spec.options().stream().filter(OptionSpec::inherited).toList();
            if (NO_PROFILE.contains(spec.name())) {
                inherited.forEach(spec::remove);
            } else {
                // the common options first, where each command listed them before they were inherited (the completion script's order)
                own.forEach(spec::remove);
                own.forEach(spec::addOption);
            }
        }
        return cmd;
    }

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        cmd.usage(cmd.getErr());
        return ExitCodes.USAGE;
    }
}
