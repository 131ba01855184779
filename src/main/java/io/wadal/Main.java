package io.wadal;

import io.wadal.aws.AwsClients;
import io.wadal.cli.ErrorHandler;
import io.wadal.cli.WadalCommand;
import io.wadal.app.WadalContext;
import io.wadal.cli.WadalFactory;
import io.wadal.console.CtrlC;
import io.wadal.console.LogSetup;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LogSetup.verbosity(args);
        WadalContext ctx = WadalContext.system();
        int code;
        try (AwsClients aws = ctx.aws()) {
            code = run(args, ctx);
        } finally {
            CtrlC.commandEnded();
        }
        System.exit(code);
    }

    /** Runs one wadal command line; tests call this with their own context. */
    public static int run(String[] args, WadalContext ctx) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(ctx.stdout(), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(ctx.stderr(), StandardCharsets.UTF_8), true);
        try {
            return commandLine(ctx, ErrorHandler.verbose(args)).setOut(out).setErr(err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static CommandLine commandLine(WadalContext ctx, boolean verbose) {
        ErrorHandler errors = new ErrorHandler(verbose);
        return new CommandLine(new WadalCommand(), new WadalFactory(ctx))
                .setExecutionExceptionHandler(errors)
                .setExitCodeExceptionMapper(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
