package io.wadal.app;

import io.wadal.assets.AssetCatalog;
import io.wadal.aws.PublicAddress;
import io.wadal.check.CheckResult;
import io.wadal.check.Items;
import io.wadal.check.Preflight;
import io.wadal.emr.ClusterPlanner;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.profile.SecretMasker;
import io.wadal.workspace.WorkspaceSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@code wadal check}: the preflight items of one profile, launching nothing, with the profile's secrets masked. */
public final class Checkup {
    static final Duration GIT_TIMEOUT = Duration.ofSeconds(20);

    private final BiFunction<String, Consumer<String>, Profile> profiles;
    private final Function<Profile, String> regions;
    private final Supplier<WadalHome> home;
    private final AssetSync assetSync;
    private final WadalContext ctx;

    /**
     * @param profiles the profile, its loader's warnings going to the consumer (the profile item reports them)
     * @param regions  the profile's region, else the SDK's default; exit 2 when there is none
     */
    public Checkup(BiFunction<String, Consumer<String>, Profile> profiles, Function<Profile, String> regions,
                   Supplier<WadalHome> home, AssetSync assetSync, WadalContext ctx) {
        this.profiles = profiles;
        this.regions = regions;
        this.home = home;
        this.assetSync = assetSync;
        this.ctx = ctx;
    }

    /** Every item, in {@link Items#ORDER}. */
    public List<CheckResult> run(String profileName) {
        List<String> warnings = new ArrayList<>();
        Profile p = profiles.apply(profileName, warnings::add);
        String region = regions.apply(p);
        CheckResult profile = profileItem(p, region, warnings);
        List<CheckResult> results = new Preflight(p, region, regionSource(p), ctx.aws(), () -> {
            try {
                return assetSync.assets(p, p.initAssetDir().orElseThrow(), region);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, ctx.clock(), GIT_TIMEOUT, PublicAddress.of(ctx.env(PublicAddress.ENV))).run(profile);
        SecretMasker masker = new SecretMasker(secrets(p));
        return results.stream().map(r -> r.withDetail(masker.mask(r.detail()))).toList();
    }

    /** The profile loads (else exit 2 before this) and create would accept it; its warnings are this item's. */
    private CheckResult profileItem(Profile p, String region, List<String> loaderWarnings) {
        List<String> warnings = new ArrayList<>(loaderWarnings);
        try {
            new ClusterPlanner(home.get().root(), new AssetCatalog(home.get().assets()), w -> {
                // reported by the idle-timeout item
                if (!w.startsWith(ProfileKey.IDLE_TIMEOUT.name())) {
                    warnings.add(w);
                }
            }).planForLaunch(p, region);
            WorkspaceSpec.of(p);
        } catch (WadalException e) {
            return CheckResult.failed(Items.PROFILE, e.getMessage());
        }
        String where = p.where();
        return warnings.isEmpty() ? CheckResult.ok(Items.PROFILE, where)
                : CheckResult.warning(Items.PROFILE, where + ": " + String.join("; ", warnings));
    }

    /** The profile's secrets, with a password written into GIT_REPO in the forms git may show it. */
    private static List<String> secrets(Profile p) {
        List<String> secrets = new ArrayList<>(p.secretValues());
        try {
            WorkspaceSpec.gitRemote(p).ifPresent(g -> secrets.addAll(g.passwordForms()));
        } catch (WadalException e) {
            // the profile item reports it; its message shows no password
        }
        return secrets;
    }

    private String regionSource(Profile p) {
        if (p.region().isPresent()) {
            return ProfileKey.AWS_REGION + " in " + p.where();
        }
        for (String var : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            if (ctx.env(var) != null) {
                return "environment variable " + var;
            }
        }
        return "the AWS config's default region";
    }
}
