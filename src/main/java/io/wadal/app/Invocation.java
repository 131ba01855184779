package io.wadal.app;

import io.wadal.assets.AssetCatalog;
import io.wadal.aws.CallerIdentity;
import io.wadal.aws.PublicAddress;
import io.wadal.check.SelfTerminationMeans;
import io.wadal.console.Ui;
import io.wadal.emr.EmrClusterService;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.ProfileLoader;
import io.wadal.ssh.BusySignal;
import io.wadal.ssh.MasterRoot;
import io.wadal.ssh.MinaRemoteShell;
import io.wadal.state.ClusterRecord;
import io.wadal.state.ClusterStore;
import io.wadal.state.JumpHostPins;
import io.wadal.state.LaunchIntents;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a command works with once its options are parsed: the home, the selected profile,
 * the state store and AWS services, each made on first use so that a command pays only for
 * what it needs.
 */
public final class Invocation {
    private final WadalContext ctx;
    private final GlobalOptions options;
    private final Ui ui;
    private final String positionalProfile;
    private WadalHome home;
    private ProfileLoader loader;
    private ClusterStore store;
    private LaunchIntents intents;
    // Loaded once per command: a second load would print the profile's warnings again.
    private final Map<String, Profile> loaded = new HashMap<>();

    /** A command's invocation: its options, where it prints, and the profile named by its positional argument (or null). */
    public Invocation(WadalContext ctx, GlobalOptions options, PrintWriter out, PrintWriter err, String positionalProfile) {
        this.ctx = ctx;
        this.options = options;
        this.ui = new Ui(out, err);
        this.positionalProfile = positionalProfile;
    }

    /** The command's output: results to stdout, messages to stderr. */
    public Ui ui() {
        return ui;
    }

    public WadalContext context() {
        return ctx;
    }

    public WadalHome home() {
        if (home == null) {
            home = WadalHome.resolve(options.home(), ctx);
        }
        return home;
    }

    public Consumer<String> warnings() {
        return ui.warnings();
    }

    public ProfileLoader profiles() {
        if (loader == null) {
            loader = new ProfileLoader(home().profiles(), ctx.env(), ctx.userHome(), warnings());
        }
        return loader;
    }

    public ClusterStore store() {
        if (store == null) {
            store = new ClusterStore(home().clusters());
        }
        return store;
    }

    public LaunchIntents launchIntents() {
        if (intents == null) {
            intents = new LaunchIntents(home().clusters());
        }
        return intents;
    }

    /**
     * The profile a command uses: -P, else the positional argument, else $PROFILE,
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
        return loaded.computeIfAbsent(name, n -> new ProfileLoader(home().profiles(), ctx.env(), ctx.userHome(),
                warnings).load(n, options.overrides()));
    }

    /** The profile's AWS_REGION, else the SDK's default region. */
    public String region(Profile profile) {
        return profile.region().or(() -> ctx.aws().defaultRegion()).orElseThrow(() -> WadalException.usage(
                "no AWS region: set " + ProfileKey.AWS_REGION + " in " + profile.where() + " (or configure a default region with 'aws configure')"));
    }

    /** The region a recorded cluster lives in: the record's, else the profile's. */
    public String region(ClusterRecord record) {
        return record.region() != null ? record.region() : region(profile(record.profile()));
    }

    /** The profile's cluster record, after settling a launch an earlier create left pending; exit 2 when there is none. */
    public ClusterRecord record(String profileName) {
        pendingLaunch().resolve(profileName);
        return store().find(profileName).orElseThrow(() -> WadalException.usage(
                profiles().exists(profileName)
                        ? "no cluster recorded for profile '" + profileName + "' in " + store().dir() + "; run 'wadal create "
                        + profileName + "' (or 'wadal clusters --adopt' if it was created elsewhere)"
                        : "no profile '" + profileName + "' in " + home().profiles() + " and no cluster recorded for it;"
                        + " 'wadal profiles' lists the profiles"));
    }

    /** An SSH connection to the profile's master; close it when done. */
    public MinaRemoteShell master(String profileName) {
        return masterSession().connect(profileName);
    }

    /** As {@link #master(String)}, with this hint when the master cannot be reached. */
    public MinaRemoteShell master(String profileName, String unreachableHint) {
        return masterSession().connect(profileName, unreachableHint);
    }

    /** As {@link #master(String)} for a cluster just seen ready: retries while its sshd is not up yet, until the deadline. */
    public MinaRemoteShell masterWithin(String profileName, Instant deadline) {
        return masterSession().connectWithin(profileName, deadline);
    }

    public ClusterLifecycle lifecycle() {
        return new ClusterLifecycle(this::profile, this::record, this::emrOf, this::store, this::masterWithin,
                this::masterSession, this::termination, ctx.clock(), ctx.sleeper(), ui);
    }

    public ClusterCreation creation() {
        return new ClusterCreation(this::profile, this::region, plans(), this::store, this::launchIntents, pendingLaunch(),
                this::emr, this::callerArn, this::sshAccess, r -> ctx.aws().iam(r),
                r -> (key, secret) -> ctx.aws().ownerOf(r, key, secret), this::lifecycle,
                this::jupyter, ctx.clock(), ctx.sleeper(), ui);
    }

    private MaxAgeSchedule maxAgeSchedule() {
        return new MaxAgeSchedule(() -> new AssetCatalog(home().assets()).read(AssetCatalog.TERMINATE), this::region,
                new MasterRoot(ctx.env(MasterRoot.ENV)), this::selfTerminationMeans, ctx.clock(), ui);
    }

    /** SSH_FROM's security group; the address lookup and its URL ({@link PublicAddress#ENV}) only when needed. */
    public SshAccess sshAccess() {
        String user = ctx.env("USER") != null ? ctx.env("USER")
                : ctx.env("USERNAME") != null ? ctx.env("USERNAME") : System.getProperty("user.name", "unknown");
        return new SshAccess(r -> ctx.aws().ec2(r), () -> PublicAddress.of(ctx.env(PublicAddress.ENV)), user, ctx.clock(),
                ui.infoLines());
    }

    public ClusterTermination termination() {
        return new ClusterTermination(this::record, this::profile, this::store, this::emrOf, this::master,
                ctx.console(), ui);
    }

    public ClusterRegistry clusters() {
        return new ClusterRegistry(this::store, this::record, this::region, this::emr, this::adoption, ctx.clock(), ui);
    }

    public ClusterAdoption adoption() {
        return new ClusterAdoption(this::store, this::launchIntents, pendingLaunch(), () -> profiles().names(),
                this::profile, this::emr, () -> ctx.aws().defaultRegion(),
                this::callerArn, ui);
    }

    public ClusterPlans plans() {
        return new ClusterPlans(this::profile, this::region, this::home, warnings());
    }

    public PendingLaunch pendingLaunch() {
        return new PendingLaunch(this::store, this::launchIntents, this::emr, ui);
    }

    public MasterSession masterSession() {
        MasterConnector connector = new MasterConnector(this::store, () -> new JumpHostPins(home().jumpHostPins()), this::emrOf,
                ctx.clock(), ctx.sleeper(), ui.infoLines(), new SshAccessRefresh(this::sshAccess, this::region));
        return new MasterSession(this::record, this::profile, this::store, connector,
                () -> new AssetCatalog(home().assets()).read(AssetCatalog.RUN_JUPYTER),
                () -> new AssetCatalog(home().assets()).read(AssetCatalog.AUTOSAVE),
                maxAgeSchedule(), ctx.clock(), ctx.sleeper(), ui, busySignal());
    }

    /** Touches EMR's isbusy file while a session is held; real time, whatever the context's sleeper (tests: {@link BusySignal#PERIOD_ENV}). */
    public BusySignal busySignal() {
        return BusySignal.of(new MasterRoot(ctx.env(MasterRoot.ENV)), ctx.env(BusySignal.PERIOD_ENV));
    }

    public MasterShell shell() {
        return new MasterShell(masterSession(), n -> profiles().exists(n), this::profileName, options.profile(), ctx.env("TERM"),
                ctx.stdin(), ctx.stdout(), ctx.stderr());
    }

    public SocksProxy socksProxy() {
        return new SocksProxy(this::profile, this::record, this::store, masterSession(), new TunnelHold(ui, busySignal()), ui);
    }

    public TermCommandSetup termCommand() {
        return new TermCommandSetup(this::profile, this::record, this::region, masterSession(),
                new MasterRoot(ctx.env(MasterRoot.ENV)));
    }

    public MasterLogReader masterLogs() {
        return new MasterLogReader(masterSession(), new MasterRoot(ctx.env(MasterRoot.ENV)), ctx.stdout(), ctx.stderr(),
                ctx.aws()::s3, ui);
    }

    public JupyterAccess jupyter() {
        return new JupyterAccess(this::profile, this::record, this::store, masterSession(), new TunnelHold(ui, busySignal()),
                ctx.browser(), ui);
    }

    public BatchRunner batch() {
        return new BatchRunner(this::profile, this::record, this::master, this::masterSession, this::lifecycle,
                () -> home().downloads(), ctx::env, ctx.stdout(), ctx.stderr(), ui)
                .jobs(this::jobScript, ctx.clock(), ctx.sleeper(), io.wadal.console.Interrupts::onCtrlC,
                        new MasterRoot(ctx.env(MasterRoot.ENV)).path(BusySignal.FILE), busySignal().period())
                .endsCluster(new JobEndTermination(() -> new AssetCatalog(home().assets()).read(AssetCatalog.TERMINATE), this::region,
                        new MasterRoot(ctx.env(MasterRoot.ENV)), this::selfTerminationMeans));
    }

    /** How the master could end a profile's cluster in a region: its EMR_TERM_* keys (STS says whose), else its instance role (IAM). */
    private SelfTerminationMeans.Means selfTerminationMeans(Profile p, String region) {
        return SelfTerminationMeans.forNow(p, region, () -> ctx.aws().iam(region), (key, secret) -> ctx.aws().ownerOf(region, key, secret));
    }

    /** The wadal_job.sh the master's jobs run with (the home's override, else the bundled one). */
    byte[] jobScript() {
        return new AssetCatalog(home().assets()).read(AssetCatalog.JOB);
    }

    /** jobs, attach and logs --job: the jobs on a profile's master. */
    public JobControl jobControl() {
        return new JobControl(this::master, this::masterSession, this::jobScript, ctx.sleeper(), ctx.stdout(), ui);
    }

    public AssetSync assetSync() {
        return new AssetSync(this::profile, this::region, this::home, ctx.aws(), ui);
    }

    public Checkup checkup() {
        return new Checkup(this::profile, this::region, this::home, assetSync(), ctx);
    }

    public ProfileListing profileListing() {
        return new ProfileListing(this::profiles, this::store, ui.warnings());
    }

    public RemoteFiles remoteFiles() {
        return new RemoteFiles(this::profileName, this::profile, this::record, this::master, () -> home().downloads(), ctx, ui);
    }

    public EmrClusterService emr(String region) {
        return new EmrClusterService(ctx.aws().emr(region));
    }

    /** The EMR service of the region a recorded cluster lives in. */
    private EmrClusterService emrOf(ClusterRecord record) {
        return emr(region(record));
    }

    /** The STS caller ARN create tags a cluster with and --adopt compares. */
    private String callerArn(String region) {
        return CallerIdentity.arn(ctx.aws().sts(region));
    }
}
