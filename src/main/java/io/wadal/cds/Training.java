package io.wadal.cds;

import io.wadal.Main;
import io.wadal.aws.AwsClients;
import io.wadal.cli.WadalContext;
import io.wadal.console.Console;
import io.wadal.time.Sleeper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The launcher's training run for the class-data-sharing archive: it goes through the code
 * paths of a typical command — parsing, a profile, the RunJobFlow request, an EMR call (to a
 * closed local port, so nothing leaves the machine), JSON — so their classes load from the
 * archive afterwards.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("wadal-cds");
        try {
            Files.createDirectories(home.resolve("profiles"));
            Files.writeString(home.resolve("profiles/train"), """
                    export AWS_REGION=us-east-1
                    export AWS_EMR_LABEL=emr-7.5.0
                    export INIT_ASSET_DIR_S3=s3://wadal-training/assets
                    export NUM_TASK_INSTANCE=1
                    export TASK_SPOT_BID_PRICE=0.1
                    """);
            Files.createDirectories(home.resolve("clusters"));
            Files.writeString(home.resolve("clusters/train_cluster.id"), "j-TRAINING\n");
            Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1", "AWS_ACCESS_KEY_ID", "x",
                    "AWS_SECRET_ACCESS_KEY", "x", "AWS_MAX_ATTEMPTS", "1");
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            String[][] runs = {{"--help"}, {"plan", "train"}, {"plan", "--json", "train"}, {"state", "train"},
                    {"profiles", "--json"}, {"create", "--help"}, {"clusters", "--json"}};
            for (String[] run : runs) {
                try (AwsClients aws = new AwsClients(env)) {
                    WadalContext ctx = new WadalContext(env, home, home, Clock.systemUTC(), Sleeper.REAL,
                            Console.system(), aws);
                    Main.run(run, ctx, sink, sink);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
