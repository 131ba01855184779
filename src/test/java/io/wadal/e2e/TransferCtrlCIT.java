package io.wadal.e2e;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.Pty;
import io.wadal.testing.Records;
import io.wadal.testing.Slow;
import io.wadal.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real Ctrl-C (SIGINT to the launcher's JVM) during an upload: exit 130, and no partial file is left on the master; with or without a terminal. */
@ExtendWith(FakeMaster.class)
@Slow
class TransferCtrlCIT {
    @TempDir
    Path home;

    @Test
    void ctrlCDuringAnUploadRemovesThePartialFileAndExits130(FakeMaster master) throws Exception {
        Records.profileWithCluster(home, "e2e", "", master);
        Path big = home.resolve("big.bin");
        TestFiles.random(big, 500L << 20, 7);
        Path part = master.works().resolve(".big.bin.wadal-part");

        ProcessBuilder pb = new ProcessBuilder(MasterCommandsIT.LAUNCHER.toString(), "upload", "e2e", big.toString())
                .directory(home.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("PROFILE") || k.startsWith("WADAL_"));
        Process p = pb.start();
        try {
            // The launcher's first run after a build also makes its CDS archive: allow for it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (!(Files.exists(part) && Files.size(part) > 0) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(p.isAlive() && Files.exists(part), "the upload is under way");

            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).inheritIO().start().waitFor());

            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wadal ended on SIGINT");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(130, p.exitValue(), err);
            assertTrue(err.contains("interrupted: uploading "), err);
            assertFalse(Files.exists(part), "the partial file was removed: " + err);
            assertFalse(Files.exists(master.works().resolve("big.bin")), "nothing replaced");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void ctrlCOnATerminalWhileTheProgressBarShowsDoesTheSame(FakeMaster master) throws Exception {
        Records.profileWithCluster(home, "e2e", "", master);
        Path big = home.resolve("big.bin");
        TestFiles.random(big, 500L << 20, 7);
        Path part = master.works().resolve(".big.bin.wadal-part");
        Map<String, String> env = new HashMap<>();
        System.getenv().keySet().stream()
                .filter(k -> k.startsWith("AWS_") || k.equals("PROFILE") || k.startsWith("WADAL_"))
                .forEach(k -> env.put(k, null));

        try (Pty pty = Pty.start(home, env, MasterCommandsIT.LAUNCHER.toString(), "upload", "e2e", big.toString())) {
            pty.await("%");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(part) && Files.size(part) > 0) && pty.running() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(Files.exists(part) && pty.running(), "the upload is under way, its bar showing\n" + pty);

            pty.type("\u0003");

            assertEquals(130, pty.exitStatus(), "ended by itself, not killed by the signal\n" + pty);
            assertTrue(pty.screen().contains("interrupted: uploading "), pty.toString());
            assertFalse(Files.exists(part), "the partial file was removed\n" + pty);
            assertFalse(Files.exists(master.works().resolve("big.bin")), "nothing replaced");
        }
    }
}
