package io.wadal.console;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Opens a URL in the user's browser. Tests give their own, so no test opens a real browser. */
public interface BrowserLauncher {
    /** Opens the URL; false when no browser could be started (the caller then only prints the URL). */
    boolean open(String url);

    static BrowserLauncher system() {
        return new SystemBrowser(System.getProperty("os.name", ""));
    }

    /**
     * java.awt.Desktop where it can browse (not headless), else the platform's opener: the one place
     * wadal starts a local program (SPEC §1).
     */
    final class SystemBrowser implements BrowserLauncher {
        private final String osName;

        public SystemBrowser(String osName) {
            this.osName = osName;
        }

        @Override
        public boolean open(String url) {
            if (desktopCanBrowse()) {
                try {
                    Desktop.getDesktop().browse(URI.create(url));
                    return true;
                } catch (IOException | RuntimeException e) {
                    // fall through to the platform's opener
                }
            }
            try {
                Process p = new ProcessBuilder(command(osName, url))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().close();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** The command that opens a URL on this operating system (os.name). */
        public static List<String> command(String osName, String url) {
            String os = osName.toLowerCase();
            if (os.startsWith("windows")) {
                return List.of("rundll32", "url.dll,FileProtocolHandler", url);
            }
            if (os.startsWith("mac") || os.startsWith("darwin")) {
                return List.of("open", url);
            }
            return List.of("xdg-open", url);
        }

        private static boolean desktopCanBrowse() {
            try {
                return !GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                        && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE);
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }
}
