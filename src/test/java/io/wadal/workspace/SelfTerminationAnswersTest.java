package io.wadal.workspace;

import io.wadal.ssh.RemoteShell.ExecResult;
import io.wadal.testing.LocalShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the master says of its termination is believed only when well formed; what wadal sends it is only ids, a region, a time and a path. */
class SelfTerminationAnswersTest {
    @TempDir
    Path home;

    @Test
    void aWellFormedStatusIsBelievedAndAnythingElseIsNot() {
        assertEquals(Optional.of(new SelfTermination.Status(Optional.of(Instant.ofEpochSecond(1796146500)), true, true,
                        Optional.of(new SelfTermination.Outcome(false, Instant.ofEpochSecond(1796146400), "MAX_AGE: the deadline is reached")))),
                SelfTermination.status("at=1796146500\nvia=keys\nloop=running\nlast=failed\nlast_at=1796146400\n"
                        + "last_reason=MAX_AGE: the deadline is reached\n"));
        assertEquals(Optional.of(new SelfTermination.Status(Optional.empty(), false, false, Optional.empty())),
                SelfTermination.status("at=0\nvia=role\nloop=stopped\n"));
        assertEquals(Optional.of(new SelfTermination.Status(Optional.empty(), false, false, Optional.empty())),
                SelfTermination.status("at=0\nvia=role\nloop=stopped\nlast=ok\nlast_at=1\nlast_reason=\u001b]0;owned\u0007\n"),
                "a reason with escape sequences is not shown");
        assertEquals(Optional.empty(), SelfTermination.status("at=soon\nvia=role\nloop=stopped\n"));
        assertEquals(Optional.empty(), SelfTermination.status("at=1\nvia=root\nloop=stopped\n"));
        assertEquals(Optional.empty(), SelfTermination.status("at=1\nvia=role\n"));
    }

    @Test
    void agesAreWrittenAsInAProfile() {
        assertEquals("12h", SelfTermination.age(Duration.ofHours(12)));
        assertEquals("2d", SelfTermination.age(Duration.ofDays(2)));
        assertEquals("1h30m", SelfTermination.age(Duration.ofMinutes(90)));
        assertEquals("10m", SelfTermination.age(Duration.ofMinutes(10)));
        assertEquals("36h", SelfTermination.age(Duration.ofHours(36)));
    }

    @Test
    void onlyAClusterIdARegionAndAPlainPathReachTheCommandLine() {
        SelfTermination t = new SelfTermination(new byte[0]);
        LocalShell none = new LocalShell(home, Map.of());
        assertThrows(IllegalArgumentException.class, () -> t.schedule(none, "j-1; reboot", "eu-west-1", Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> t.schedule(none, "j-1", "eu west 1", Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> t.schedule(none, "j-1", "eu-west-1", Optional.empty(), Optional.of("/usr/bin/terminate_cluster\nreboot")));
    }

    @Test
    void aMasterWithoutTheScriptIsNotToldAnythingWhenMaxAgeIsOff() throws IOException {
        ExecResult r = SelfTermination.cancel(new LocalShell(home, Map.of("HOME", home.toString())), "j-1", "eu-west-1");
        assertEquals(0, r.exitStatus(), r.toString());
        assertEquals("missing\n", r.out());
        assertEquals(List.of(), List.of(home.toFile().list()), "nothing installed");
    }

    /** No path in the script may power off, halt or reboot a machine: the tests run it on theirs. */
    @Test
    void theTerminationScriptNeverPowersAMachineOff() throws IOException {
        Pattern powerOff = Pattern.compile("\\b(shutdown|poweroff|halt|reboot)\\b|\\binit\\s+[06]\\b|\\btelinit\\b|systemctl\\s+\\S*\\s*(poweroff|halt|reboot|kexec)"
                + "|/proc/sysrq-trigger|\\bkill\\s+(-\\S+\\s+)*1\\b");
        for (String asset : List.of("wadal_terminate.sh", "wadal_autosave.sh")) {
            String text = Files.readString(Path.of(System.getProperty("basedir", "."), "assets", asset));
            assertTrue(!powerOff.matcher(text).find(), asset + " holds a power-off command: " + powerOff.matcher(text).results()
                    .map(m -> m.group()).toList());
        }
    }
}
