package io.wadal.cli;

import io.wadal.WadalException;
import io.wadal.cli.mixin.CommonOptions;
import io.wadal.emr.EmrClusterService;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileLoader;
import io.wadal.ssh.MasterConnector;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.state.LaunchIntents;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a command works with once its options are parsed: the home, the selected profile,
 * the state store and AWS services, each made on first use so that a command pays only for
 * what it needs.
 */
public final class Workspace {
    private final WadalContext ctx;
    private final CommonOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final String positionalProfile;
    private Path home;
    private ProfileLoader loader;
    private ClusterStore store;
    private LaunchIntents intents;
    // Loaded once per command: a second load would print the profile's warnings again.
    private final Map<String, Profile> loaded = new HashMap<>();

    public Workspace(WadalContext ctx, CommonOptions options, PrintWriter out, PrintWriter err, String positionalProfile) {
        this.ctx = ctx;
        this.options = options;
        this.out = out;
        this.err = err;
        this.positionalProfile = positionalProfile;
    }

    /** The workspace of a subcommand, with options given before the subcommand name merged in. */
    public static Workspace of(CommandSpec spec, CommonOptions sub, WadalContext ctx, String positionalProfile) {
        CommonOptions root = ((WadalCommand) spec.root().userObject()).commonOptions();
        return new Workspace(ctx, CommonOptions.merge(root, sub), spec.commandLine().getOut(),
                spec.commandLine().getErr(), positionalProfile);
    }

    /** Where results go: the command's stdout. */
    public PrintWriter out() {
        return out;
    }

    /** Where messages and progress go: the command's stderr. */
    public PrintWriter err() {
        return err;
    }

    public WadalContext context() {
        return ctx;
    }

    public Path home() {
        if (home == null) {
            home = HomeResolver.resolve(options.home(), ctx);
        }
        return home;
    }

    public Consumer<String> warnings() {
        return w -> {
            err.println("warning: " + w);
            err.flush();
        };
    }

    public ProfileLoader profiles() {
        if (loader == null) {
            loader = new ProfileLoader(home().resolve("profiles"), ctx.env(), ctx.userHome(), warnings());
        }
        return loader;
    }

    public ClusterStore store() {
        if (store == null) {
            store = new ClusterStore(home().resolve("clusters"));
        }
        return store;
    }

    public LaunchIntents launchIntents() {
        if (intents == null) {
            intents = new LaunchIntents(home().resolve("clusters"));
        }
        return intents;
    }

    /**
     * The profile a command uses (SPEC §2): -P, else the positional argument, else $PROFILE,
     * else $WADAL_PROFILE.
     */
    public String profileName() {
        String positional = positionalProfile;
        if (options.profile() != null) {
            if (positional != null) {
                throw WadalException.usage("profile given twice: -P " + options.profile() + " and '" + positional + "'");
            }
            return options.profile();
        }
        if (positional != null) {
            return positional;
        }
        for (String var : new String[] {"PROFILE", "WADAL_PROFILE"}) {
            String v = ctx.env(var);
            if (v != null) {
                return v;
            }
        }
        throw WadalException.usage("enter profile or specify PROFILE envvar");
    }

    public Profile profile(String name) {
        return loaded.computeIfAbsent(name, n -> profiles().load(n, options.overrides()));
    }

    /** The profile, its loader's warnings going to {@code warnings} instead of stderr (check reports them). */
    public Profile profile(String name, Consumer<String> warnings) {
        return loaded.computeIfAbsent(name, n -> new ProfileLoader(home().resolve("profiles"), ctx.env(), ctx.userHome(),
                warnings).load(n, options.overrides()));
    }

    /** The profile's AWS_REGION, else the SDK's default region. */
    public String region(Profile profile) {
        return profile.region().or(() -> ctx.aws().defaultRegion()).orElseThrow(() -> WadalException.usage(
                "no AWS region: set AWS_REGION in " + where(profile) + " (or configure a default region with 'aws configure')"));
    }

    /** The region a recorded cluster lives in: the record's, else the profile's. */
    public String region(ClusterRecord record) {
        return record.region() != null ? record.region() : region(profile(record.profile()));
    }

    /** The profile's cluster record, after settling a launch an earlier create left pending; exit 2 when there is none. */
    public ClusterRecord record(String profileName) {
        PendingLaunch.resolve(this, profileName);
        return store().find(profileName).orElseThrow(() -> WadalException.usage(
                profiles().exists(profileName)
                        ? "no cluster recorded for profile '" + profileName + "' in " + store().dir() + "; run 'wadal create "
                        + profileName + "' (or 'wadal clusters --adopt' if it was created elsewhere)"
                        : "no profile '" + profileName + "' in " + home().resolve("profiles") + " and no cluster recorded for it;"
                        + " 'wadal profiles' lists the profiles"));
    }

    /** An SSH connection to the profile's master (SPEC §9); close it when done. */
    public MinaRemoteShell master(String profileName) {
        ClusterRecord record = record(profileName);
        Profile profile = profile(profileName);
        return new MasterConnector(store(), () -> emr(region(record))).connect(profile, record);
    }

    /** As {@link #master(String)}, with this hint when the master cannot be reached. */
    public MinaRemoteShell master(String profileName, String unreachableHint) {
        ClusterRecord record = record(profileName);
        Profile profile = profile(profileName);
        return new MasterConnector(store(), () -> emr(region(record))).connect(profile, record, unreachableHint);
    }

    /** As {@link #master(String)} for a cluster just seen ready: retries while its sshd is not up yet, until the deadline. */
    public MinaRemoteShell masterWithin(String profileName, Instant deadline) {
        ClusterRecord record = record(profileName);
        Profile profile = profile(profileName);
        return new MasterConnector(store(), () -> emr(region(record))).connectWithin(profile, record, deadline, ctx.clock(),
                ctx.sleeper(), line -> {
                    err.println(line);
                    err.flush();
                });
    }

    public EmrClusterService emr(String region) {
        return new EmrClusterService(ctx.aws().emr(region));
    }

    private static String where(Profile p) {
        return p.file() == null ? "the profile" : p.file().toString();
    }
}
