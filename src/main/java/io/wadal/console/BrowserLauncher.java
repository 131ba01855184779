package io.wadal.console;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Opens a URL in the user's browser. Tests give their own, so no test opens a real browser. */
public interface BrowserLauncher {
    /** Opens the URL; false when no browser could be started or the opener failed (the caller then says to open the URL). */
    boolean open(String url);

    static BrowserLauncher system() {
        return new SystemBrowser(System.getProperty("os.name", ""));
    }

    /**
     * java.awt.Desktop where it can browse (not headless), else the platform's opener: the one place
     * wadal starts a local program.
     */
    final class SystemBrowser implements BrowserLauncher {
        private static final Duration PATIENCE = Duration.ofSeconds(5);
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
            return ran(command(osName, url), PATIENCE);
        }

        /**
         * Whether the opener worked: it exited with status 0 (xdg-open exits 3 where there is no
         * display), or it is still running after {@code patience}, as an opener does that runs the
         * browser itself in the foreground.
         */
        static boolean ran(List<String> command, Duration patience) {
            try {
                Process p = new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().close();
                return !p.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // Ctrl-C: the caller ends the command
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
