package io.wadal.cli;

import io.wadal.cli.mixin.CommonOptions;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "wadal", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Launch a transient AWS EMR cluster from a named profile, work on it, and terminate it.", ""},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
                ProfilesCommand.class, PlanCommand.class, UploadAssetsCommand.class, CheckCommand.class, CreateCommand.class,
                StateCommand.class, WaitReadyCommand.class, JupyterCommand.class, UrlCommand.class, TunnelCommand.class,
                ClustersCommand.class, TerminateCommand.class,
                SshCommand.class, RunPysparkCommand.class, RunNotebookCommand.class,
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
                "2:usage or profile error (nothing was called)",
                "3:the cluster failed or terminated while being waited on",
                "4:timed out",
                "5:refused: unsaved work and no confirmation",
                "130:interrupted"})
public class WadalCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    public CommonOptions commonOptions() {
        return common;
    }

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        cmd.usage(cmd.getErr());
        return io.wadal.error.ExitCodes.USAGE;
    }
}
