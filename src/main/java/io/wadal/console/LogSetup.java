package io.wadal.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.LoggerFactory;

/**
 * Logback configured in code (found through the Configurator service file): faster to start
 * than an XML file, and everything goes to stderr so stdout stays data. Quiet until the
 * command line is parsed; then -v shows wadal's debug messages, -vv the AWS SDK's too.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    /**
     * Sets the log levels of the running JVM for the -v count parsed from the command line. Without
     * -v the configured levels stand, and logback is not loaded for a command that logs nothing.
     */
    public static void verbosity(int v) {
        if (v > 0) {
            levels((LoggerContext) LoggerFactory.getILoggerFactory(), v);
        }
    }

    @Override
    public ExecutionStatus configure(LoggerContext lc) {
        RedactingLayout layout = new RedactingLayout("%level %logger{20}: %msg%n");
        layout.setContext(lc);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(lc);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(lc);
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        lc.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(console);
        levels(lc, 0);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets the log levels for a verbosity (0, -v, -vv); tests of an in-process run call it directly. */
    public static void levels(LoggerContext lc, int v) {
        lc.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(v >= 2 ? Level.DEBUG : Level.WARN);
        lc.getLogger("io.wadal").setLevel(v >= 1 ? Level.DEBUG : Level.WARN);
        // MINA reports failures that wadal turns into its own one-line message; its copy is noise.
        lc.getLogger("org.apache.sshd").setLevel(v >= 2 ? Level.DEBUG : Level.OFF);
        // MINA's forwarder (subclassed there) logs a forward the far end refused as a WARN with a stack trace; wadal says why itself
        lc.getLogger("io.wadal.ssh.LocalPeerCheck$CheckedForwarders").setLevel(v >= 2 ? Level.DEBUG : Level.OFF);
    }
}
