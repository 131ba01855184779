package io.wadal.check;

import io.wadal.emr.IdleLifetime;
import io.wadal.emr.PlanSummary;
import io.wadal.emr.RunJobFlowRequestBuilder;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.ssh.KeyFiles;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;

/** The checks that need no network: what create runs before it calls AWS, and check's local items. */
public final class LocalChecks {
    private LocalChecks() {
    }

    /**
     * What create refuses to launch with (exit 2, nothing called): a cluster wadal could not SSH
     * into, directly or through its jump host (SSH_PROXY_JUMP_KEY). An unset EC2_KEY_PAIR_PATH is
     * allowed (a profile may only ever create and terminate).
     */
    public static void beforeCreate(Profile p) {
        p.keyPairPath().ifPresent(KeyFiles::load);
        jumpKeyOfItsOwn(p).ifPresent(jumpKey -> KeyFiles.load(jumpKey, ProfileKey.SSH_PROXY_JUMP_KEY));
    }

    /** SSH_PROXY_JUMP_KEY when a jump host is set and its key is not EC2_KEY_PAIR_PATH's (checked as that one). */
    private static Optional<Path> jumpKeyOfItsOwn(Profile p) {
        if (p.proxyJump().isEmpty()) {
            return Optional.empty();
        }
        return p.proxyJumpKey().filter(jumpKey -> !p.keyPairPath().equals(Optional.of(jumpKey)));
    }

    /** EC2_KEY_PAIR_PATH present, private and a key wadal can read; with a jump host, SSH_PROXY_JUMP_KEY too. */
    public static CheckResult keyFile(Profile p) {
        CheckResult own = ec2KeyFile(p);
        Optional<Path> jumpKey = jumpKeyOfItsOwn(p);
        if (jumpKey.isEmpty()) {
            return own;
        }
        try {
            List<KeyPair> keys = KeyFiles.load(jumpKey.get(), ProfileKey.SSH_PROXY_JUMP_KEY);
            String jump = "jump host key " + ProfileKey.SSH_PROXY_JUMP_KEY + "=" + jumpKey.get() + " ("
                    + keys.get(0).getPublic().getAlgorithm() + " key, readable by you only)";
            return own.withDetail(own.detail() + "; " + jump);
        } catch (WadalException e) {
            return CheckResult.failed(Items.KEY_FILE, e.getMessage()
                    + (own.status() == CheckResult.Status.OK ? "" : "; " + own.detail()));
        }
    }

    private static CheckResult ec2KeyFile(Profile p) {
        Optional<Path> path = p.keyPairPath();
        if (path.isEmpty()) {
            return CheckResult.warning(Items.KEY_FILE, ProfileKey.EC2_KEY_PAIR_PATH + " not set: wadal cannot SSH to the master "
                    + "(wait-ready, ssh, run-notebook need it)");
        }
        try {
            List<KeyPair> keys = KeyFiles.load(path.get());
            return CheckResult.ok(Items.KEY_FILE, path.get() + " (" + keys.get(0).getPublic().getAlgorithm()
                    + " key, readable by you only)");
        } catch (WadalException e) {
            return CheckResult.failed(Items.KEY_FILE, e.getMessage());
        }
    }

    /** Whether the release label lets EMR stop the cluster after IDLE_TIMEOUT. */
    public static CheckResult idleTimeout(Profile p) {
        if (p.emrLabel().isEmpty()) {
            return CheckResult.skipped(Items.IDLE_TIMEOUT, "no " + ProfileKey.AWS_EMR_LABEL);
        }
        String label = p.emrLabel().get();
        String orMaxAge = p.maxAge().map(a -> " (or " + ProfileKey.MAX_AGE + " ends it at " + PlanSummary.duration(a.getSeconds()) + ")")
                .orElse("");
        if (p.idleTimeout().isEmpty()) {
            return CheckResult.ok(Items.IDLE_TIMEOUT, ProfileKey.IDLE_TIMEOUT + "=off: the cluster runs until you terminate it" + orMaxAge);
        }
        String timeout = PlanSummary.duration(p.idleTimeout().get().getSeconds());
        if (!RunJobFlowRequestBuilder.supportsAutoTermination(p.emrVersion().orElseThrow())) {
            return CheckResult.warning(Items.IDLE_TIMEOUT, label + " has no auto-termination (from emr-5.30.0 / emr-6.1.0): "
                    + ProfileKey.IDLE_TIMEOUT + " " + timeout + " is ignored, so terminate the cluster yourself" + orMaxAge);
        }
        String lifetime = label + " " + IdleLifetime.describe(p.idleTimeout(), p.kernelIdleTimeout(), p.maxAge());
        return IdleLifetime.kernelsKeepItForever(p.idleTimeout(), p.kernelIdleTimeout(), p.maxAge())
                ? CheckResult.warning(Items.IDLE_TIMEOUT, lifetime + "; set " + ProfileKey.KERNEL_IDLE_TIMEOUT + " (e.g. 1h)")
                : CheckResult.ok(Items.IDLE_TIMEOUT, lifetime);
    }
}
