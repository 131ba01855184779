package io.wadal.console;

import io.wadal.console.BrowserLauncher.SystemBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrowserLauncherTest {
    private static final String URL = "http://localhost:8192/?token=abc&x=1";
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    @TempDir
    Path bin;

    /** An xdg-open of the test's: a shell script that records its argument, then runs {@code body}. */
    private Path xdgOpen(String body) throws IOException {
        Path script = bin.resolve("xdg-open");
        Files.writeString(script, "#!/bin/sh\nprintf '%s' \"$1\" > \"$0.url\"\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void anOpenerThatFailsIsAFailure() throws IOException {
        // What xdg-open does where there is no display: "no method available for opening", exit 3.
        Path opener = xdgOpen("echo 'xdg-open: no method available for opening' >&2; exit 3");
        assertFalse(SystemBrowser.ran(List.of(opener.toString(), URL), PATIENCE));
        assertEquals(URL, Files.readString(bin.resolve("xdg-open.url")), "the opener got the URL as one argument");
    }

    @Test
    void anOpenerThatSucceedsOrKeepsTheBrowserInTheForegroundHasOpenedIt() throws IOException {
        assertTrue(SystemBrowser.ran(List.of(xdgOpen("exit 0").toString(), URL), PATIENCE));
        // Still running when patience runs out (here: none at all): the browser it started is in use.
        Path foreground = xdgOpen("exec sleep 600");
        assertTrue(SystemBrowser.ran(List.of(foreground.toString(), URL), Duration.ZERO));
        ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains(bin.toString()) || c.contains("sleep 600")).orElse(false))
                .forEach(ProcessHandle::destroy);
    }

    @Test
    void noOpenerAtAllIsAFailure() {
        assertFalse(SystemBrowser.ran(List.of(bin.resolve("no-such-opener").toString(), URL), PATIENCE));
    }

    @Test
    void eachSystemHasItsOpener() {
        assertEquals(List.of("xdg-open", URL), SystemBrowser.command("Linux", URL));
        assertEquals(List.of("xdg-open", URL), SystemBrowser.command("FreeBSD", URL));
        assertEquals(List.of("open", URL), SystemBrowser.command("Mac OS X", URL));
        assertEquals(List.of("rundll32", "url.dll,FileProtocolHandler", URL), SystemBrowser.command("Windows 11", URL));
    }
}
