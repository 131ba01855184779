package io.wadal;

import io.wadal.app.WadalContext;
import io.wadal.aws.AwsClients;
import io.wadal.cli.ErrorHandler;
import io.wadal.cli.WadalCommand;
import io.wadal.cli.mixin.CommonOptions;
import io.wadal.console.CtrlC;
import io.wadal.console.LogSetup;
import picocli.CommandLine.RunLast;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        WadalContext ctx = WadalContext.system();
        int code;
        try (AwsClients aws = ctx.aws()) {
            code = run(args, ctx, LogSetup::verbosity);
        } finally {
            CtrlC.commandEnded();
        }
        System.exit(code);
    }

    /** Runs one wadal command line; tests call this with their own context (the JVM's log levels are left alone). */
    public static int run(String[] args, WadalContext ctx) {
        return run(args, ctx, verbosity -> { });
    }

    /**
     * Runs one command line, handing the parsed -v count to {@code logLevels} before the command
     * runs: nothing logs while the arguments are parsed, so no scan of them ahead of picocli is needed.
     */
    private static int run(String[] args, WadalContext ctx, IntConsumer logLevels) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(ctx.stdout(), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(ctx.stderr(), StandardCharsets.UTF_8), true);
        try {
            return commandLine(ctx, false).setOut(out).setErr(err).setExecutionStrategy(parsed -> {
                logLevels.accept(CommonOptions.verbosity(parsed.commandSpec()));
                return new RunLast().execute(parsed);
            }).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** wadal's command line; with {@code verbose}, errors show their stack trace even without -v. */
    public static CommandLine commandLine(WadalContext ctx, boolean verbose) {
        return WadalCommand.commandLine(ctx, new ErrorHandler(verbose));
    }
}
