package io.wadal.app;

import io.wadal.aws.AwsClients;
import io.wadal.console.BrowserLauncher;
import io.wadal.console.Console;
import io.wadal.time.Sleeper;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a run of wadal gets from the outside world: environment, directories, time, the
 * terminal, the standard streams (raw bytes: remote output passes through unchanged), AWS
 * clients and the browser. Tests build one with their own values.
 */
public record WadalContext(Map<String, String> env, Path cwd, Path userHome, Clock clock, Sleeper sleeper,
                           Console console, AwsClients aws, InputStream stdin, OutputStream stdout,
                           OutputStream stderr, BrowserLauncher browser) {

    /** A context that opens no browser (commands then print the URL to open). */
    public WadalContext(Map<String, String> env, Path cwd, Path userHome, Clock clock, Sleeper sleeper,
                        Console console, AwsClients aws, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        this(env, cwd, userHome, clock, sleeper, console, aws, stdin, stdout, stderr, url -> false);
    }

    public static WadalContext system() {
        Map<String, String> env = System.getenv();
        return new WadalContext(env, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")),
                Clock.systemUTC(), Sleeper.REAL, Console.system(), new AwsClients(env),
                new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err), BrowserLauncher.system());
    }

    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
