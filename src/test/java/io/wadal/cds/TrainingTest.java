package io.wadal.cds;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's training run goes through the SSH path too, so MINA's classes land in the
 * class-data-sharing archive: if a command stops reaching the training master (a changed
 * command line no canned answer matches, a profile key renamed), this fails instead of the
 * archive silently losing them.
 */
class TrainingTest {
    @Test
    void theTrainingRunReachesTheMasterOverSshAndItsCommandsSucceed() throws Exception {
        Training.Result result = Training.run();
        Map<String, Integer> exits = result.runs().stream()
                .collect(Collectors.toMap(r -> String.join(" ", r.args()), Training.Run::exit, (a, b) -> b));
        for (String run : List.of("create train", "wait-ready --timeout 1m train", "ssh train -- true", "ls train",
                "jupyter train -u", "run-pyspark train job.py", "upload train data.csv",
                "download train data.csv --to downloads", "terminate --force train")) {
            assertEquals(0, exits.get(run), run + " in " + result);
        }
        List<String> seen = result.masterCommands();
        assertTrue(seen.contains("true"), "ssh -- true reached the master: " + seen);
        assertTrue(seen.contains("ls 'works'"), "ls reached the master: " + seen);
        assertTrue(seen.stream().anyMatch(c -> c.contains("run_jupyter.sh start")), "wait-ready set the workspace up: " + seen);
        assertTrue(seen.stream().anyMatch(c -> c.contains("spark-submit")), "run-pyspark ran: " + seen);
        assertTrue(seen.stream().filter(c -> c.contains("jupyter server list --json")).count() >= 2,
                "wait-ready and jupyter -u asked for the Jupyter servers: " + seen);
    }
}
