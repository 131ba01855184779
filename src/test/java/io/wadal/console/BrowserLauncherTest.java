package io.wadal.console;

import io.wadal.console.BrowserLauncher.SystemBrowser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BrowserLauncherTest {
    private static final String URL = "http://localhost:8192/?token=abc&x=1";

    @Test
    void eachSystemHasItsOpener() {
        assertEquals(List.of("xdg-open", URL), SystemBrowser.command("Linux", URL));
        assertEquals(List.of("xdg-open", URL), SystemBrowser.command("FreeBSD", URL));
        assertEquals(List.of("open", URL), SystemBrowser.command("Mac OS X", URL));
        assertEquals(List.of("rundll32", "url.dll,FileProtocolHandler", URL), SystemBrowser.command("Windows 11", URL));
    }
}
