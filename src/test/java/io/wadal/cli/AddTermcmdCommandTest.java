package io.wadal.cli;

import io.wadal.testing.FakeMaster;
import io.wadal.testing.Records;
import io.wadal.testing.SshMaster;
import io.wadal.testing.WadalRun.Result;
import io.wadal.testing.WadalRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(FakeMaster.class)
class AddTermcmdCommandTest {
    private static final String ACCESS = "AKIATERMONLY0000TEST";
    // A quote and shell syntax in the secret: it must reach aws byte for byte.
    private static final String SECRET = "s3cr'et/Key+$(touch pwned)";

    @TempDir
    Path home;
    @TempDir
    Path fakeBin;
    private SshMaster master;

    @BeforeEach
    void setUp(SshMaster master) throws IOException {
        this.master = master;
        Records.profileWithCluster(home, "p", "EMR_TERM_ACCESS_KEY=" + ACCESS + "\nEMR_TERM_SECRET_KEY='" + SECRET.replace("'", "'\\''") + "'\n", master);
    }

    private WadalRun wadal() {
        return new WadalRun(home).env("WADAL_MASTER_ROOT", "sysroot");
    }

    @Test
    void installsACommandThatTerminatesExactlyThisClusterWithTheKeys() throws Exception {
        Files.createDirectories(master.home().resolve("sysroot/usr/bin"));

        Result r = wadal().run("add-termcmd", "p");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("Installed sysroot/usr/bin/terminate_cluster on the master: it terminates cluster j-FAKEMASTER (ap-northeast-2).\n", r.out());
        assertEquals("", r.err());
        Path installed = master.home().resolve("sysroot/usr/bin/terminate_cluster");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(installed));
        assertEquals(master.account(), Files.getOwner(installed).getName());
        assertNoTemporaryFileLeft();
        assertKeysNeverOnACommandLineOrInOutput(r);

        List<String> call = runInstalled(installed);
        assertEquals(List.of("arg=emr", "arg=terminate-clusters", "arg=--region", "arg=ap-northeast-2",
                "arg=--cluster-ids", "arg=j-FAKEMASTER", "key=" + ACCESS, "secret=" + SECRET, "token=unset"), call);
        assertFalse(Files.exists(master.home().resolve("pwned")));
    }

    @Test
    void withoutSudoOrAWritableSystemFolderItGoesToTheUsersBin() throws Exception {
        // sysroot/usr/bin and sysroot/usr/local/bin do not exist: neither sudo nor a plain install can use them.
        Result r = wadal().run("add-termcmd", "p");

        assertEquals(0, r.exitCode(), r.toString());
        Path installed = master.home().resolve("bin/terminate_cluster");
        assertEquals("Installed " + installed + " on the master: it terminates cluster j-FAKEMASTER (ap-northeast-2).\n", r.out());
        assertTrue(r.err().contains("warning: no sudo on the master: installed in " + installed), r.toString());
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(installed));
        assertNoTemporaryFileLeft();
        assertKeysNeverOnACommandLineOrInOutput(r);
        assertTrue(runInstalled(installed).contains("arg=j-FAKEMASTER"));
    }

    @Test
    void theSecondSystemFolderIsTriedBeforeTheUsersBin() throws Exception {
        Files.createDirectories(master.home().resolve("sysroot/usr/local/bin"));
        Result r = wadal().run("add-termcmd", "p");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("Installed sysroot/usr/local/bin/terminate_cluster "), r.toString());
        assertEquals("", r.err());
    }

    @Test
    void withoutBothKeysItIsAUsageErrorNamingBothBeforeConnecting() throws IOException {
        Path profile = home.resolve("profiles/p");
        Files.writeString(profile, Files.readString(profile).replaceAll("(?m)^EMR_TERM_SECRET_KEY=.*\n", ""));

        Result r = wadal().run("add-termcmd", "p");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("EMR_TERM_ACCESS_KEY and EMR_TERM_SECRET_KEY"), r.toString());
        assertFalse(r.err().contains(ACCESS), r.toString());
        assertEquals(List.of(), master.commands());
    }

    private void assertKeysNeverOnACommandLineOrInOutput(Result r) {
        assertFalse(master.commands().isEmpty());
        for (String command : master.commands()) {
            assertFalse(command.contains(ACCESS) || command.contains("s3cr"), command);
        }
        assertFalse(r.toString().contains(ACCESS) || r.toString().contains("s3cr"), r.toString());
    }

    private void assertNoTemporaryFileLeft() throws IOException {
        try (var files = Files.list(master.home())) {
            List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".terminate_cluster")).toList();
            assertEquals(List.of(), left);
        }
    }

    /** Runs the installed command with a fake aws first on PATH and stale credentials around it. */
    private List<String> runInstalled(Path installed) throws Exception {
        Path record = fakeBin.resolve("aws-call");
        Path aws = fakeBin.resolve("aws");
        Files.writeString(aws, """
                #!/bin/sh
                { for a in "$@"; do printf 'arg=%s\\n' "$a"; done
                  printf 'key=%s\\nsecret=%s\\ntoken=%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "${AWS_SESSION_TOKEN-unset}"
                } > "$WADAL_TEST_AWS_RECORD"
                """);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder pb = new ProcessBuilder(installed.toString()).directory(master.home().toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        pb.environment().put("WADAL_TEST_AWS_RECORD", record.toString());
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG0");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "wrong");
        pb.environment().put("AWS_SESSION_TOKEN", "stale");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return Files.readAllLines(record);
    }
}
