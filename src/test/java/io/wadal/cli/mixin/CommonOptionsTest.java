package io.wadal.cli.mixin;

import io.wadal.Main;
import io.wadal.app.GlobalOptions;
import io.wadal.app.WadalContext;
import io.wadal.aws.AwsClients;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The common options, given before the subcommand name, after it, or both. */
class CommonOptionsTest {
    private static GlobalOptions parse(String... args) {
        WadalContext ctx = WadalContext.system();
        try (AwsClients aws = ctx.aws()) {
            ParseResult parsed = Main.commandLine(ctx, false).parseArgs(args);
            return CommonOptions.of(parsed.subcommand().commandSpec());
        }
    }

    @Test
    void minusVAddsUpBeforeAndAfterTheCommandName() {
        assertEquals(3, parse("-v", "state", "-vv", "p").verbosity());
        assertEquals(2, parse("--verbose", "state", "--verbose").verbosity());
        assertEquals(0, parse("state", "p").verbosity());
    }

    @Test
    void overridesAddUpAndTheLaterValueOfAKeyWins() {
        GlobalOptions o = parse("-p", "A=1", "-p", "C=0", "state", "--set", "B=2", "-p", "A=3");
        assertEquals(Map.of("A", "3", "B", "2", "C", "0"), o.overrides());
        assertEquals(List.of("A", "C", "B"), List.copyOf(o.overrides().keySet()));
    }

    @Test
    void theHomeAndProfileGivenAfterTheCommandNameWin() {
        GlobalOptions o = parse("--home", "a", "-P", "x", "state", "--home", "b", "-P", "y");
        assertEquals(Path.of("b"), o.home());
        assertEquals("y", o.profile());
        GlobalOptions before = parse("--home", "a", "-P", "x", "state");
        assertEquals(Path.of("a"), before.home());
        assertEquals("x", before.profile());
    }

    @Test
    void helpAndCompletionTakeNoneAndTheOthersListThemFirst() {
        WadalContext ctx = WadalContext.system();
        try (AwsClients aws = ctx.aws()) {
            CommandLine wadal = Main.commandLine(ctx, false);
            assertNull(wadal.getSubcommands().get("help").getCommandSpec().findOption("--home"));
            assertNull(wadal.getSubcommands().get("generate-completion").getCommandSpec().findOption("-v"));
            List<String> waitReady = wadal.getSubcommands().get("wait-ready").getCommandSpec().options().stream()
                    .map(OptionSpec::longestName).toList();
            assertEquals(List.of("--home", "--verbose", "--profile", "--set"), waitReady.subList(0, 4), waitReady.toString());
        }
    }
}
