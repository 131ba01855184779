package io.wadal.check;

import io.wadal.aws.RolePermission;
import io.wadal.emr.PlanSummary;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;

import java.util.function.Supplier;

/**
 * How the master can end its own cluster at MAX_AGE: with the EMR_TERM_* keys (the terminate_cluster
 * of add-termcmd), else with its instance role when the role's policies allow TerminateJobFlows
 * (EMR_EC2_DefaultRole's do not). Decided before a launch, so a limit that could never fire is
 * refused instead of silently not holding.
 */
public final class SelfTerminationMeans {
    public static final String ACTION = "elasticmapreduce:TerminateJobFlows";

    public enum Kind { OFF, KEYS, INSTANCE_ROLE, NONE }

    /**
     * @param detail what was found, for check and for create's refusal
     * @param fix    for {@link Kind#NONE}: what to do about it, fitting the reason; else empty
     */
    public record Means(Kind kind, String detail, String fix) {
        Means(Kind kind, String detail) {
            this(kind, detail, "");
        }
    }

    private SelfTerminationMeans() {
    }

    /** Whether finding the means calls AWS: MAX_AGE set. */
    public static boolean callsAws(Profile p) {
        return p.maxAge().isPresent();
    }

    /** The rule the master's side follows too: the keys when both are set, else the instance role. */
    public static boolean hasKeys(Profile p) {
        return p.hasEmrTermKeys();
    }

    /** Who holds a pair of keys (their ARN), asking AWS with them; an AWS refusal is an {@link AwsServiceException}. */
    @FunctionalInterface
    public interface KeyOwner {
        String of(String accessKey, String secretKey);
    }

    /** The means the master will use: asks AWS whose the keys are, else reads the instance role's policies through IAM. */
    public static Means of(Profile p, String region, Supplier<IamClient> iam, KeyOwner keyOwner) {
        if (p.maxAge().isEmpty()) {
            return new Means(Kind.OFF, ProfileKey.MAX_AGE + "=off: no age limit");
        }
        return forNow(p, region, iam, keyOwner);
    }

    /** The means the master has to end its cluster at all, MAX_AGE or not (a job's --terminate-after). */
    public static Means forNow(Profile p, String region, Supplier<IamClient> iam, KeyOwner keyOwner) {
        String keys = ProfileKey.EMR_TERM_ACCESS_KEY + " and " + ProfileKey.EMR_TERM_SECRET_KEY;
        String offFix = ", or set " + ProfileKey.MAX_AGE + "=off";
        String roleFix = "allow " + ACTION + " to the role of " + ProfileKey.EMR_EC2_ROLE + " " + p.ec2Role();
        if (p.emrTermAccessKey().isPresent() != p.emrTermSecretKey().isPresent()) {
            ProfileKey set = p.emrTermAccessKey().isPresent() ? ProfileKey.EMR_TERM_ACCESS_KEY : ProfileKey.EMR_TERM_SECRET_KEY;
            ProfileKey unset = set == ProfileKey.EMR_TERM_ACCESS_KEY ? ProfileKey.EMR_TERM_SECRET_KEY : ProfileKey.EMR_TERM_ACCESS_KEY;
            return new Means(Kind.NONE, set + " is set but " + unset + " is not", "Set " + unset + " too (the keys of an IAM user "
                    + "allowed only " + ACTION + "), or remove " + set + " and " + roleFix + offFix);
        }
        if (hasKeys(p)) {
            String owner;
            try {
                owner = keyOwner.of(p.emrTermAccessKey().orElseThrow(), p.emrTermSecretKey().orElseThrow());
            } catch (AwsServiceException e) {
                if (e.statusCode() != 403 && e.statusCode() != 400) {
                    throw e;
                }
                String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                        ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
                return new Means(Kind.NONE, "AWS refuses " + keys + " (" + code + "): mistyped, deactivated or deleted keys",
                        "Fix " + keys + " (the keys of an IAM user allowed " + ACTION + "), or remove them and " + roleFix + offFix);
            }
            return new Means(Kind.KEYS, "with the IAM user of " + ProfileKey.EMR_TERM_ACCESS_KEY + ", " + owner
                    + " (terminate_cluster, as add-termcmd installs it)");
        }
        RolePermission.Verdict v = new RolePermission(iam.get()).ofInstanceProfile(p.ec2Role(), ACTION,
                "arn:%s:elasticmapreduce:" + region + ":%s:cluster/j-*");
        String setKeys = "Set " + keys + " (the keys of an IAM user allowed only " + ACTION + ")";
        return switch (v.answer()) {
            case ALLOWED, ALLOWED_WITH_CONDITION -> new Means(Kind.INSTANCE_ROLE, "with its instance role: " + v.detail());
            case DENIED -> new Means(Kind.NONE, v.detail(), setKeys + ", or lift that Deny" + offFix);
            case UNKNOWN -> new Means(Kind.NONE, v.detail(), setKeys + offFix);
            case NOT_ALLOWED -> new Means(Kind.NONE, v.detail(), setKeys + ", or " + roleFix + offFix);
        };
    }

    /** For create: a MAX_AGE the master could not act on stops the launch, with the fixes (exit 2). */
    public static Means require(Profile p, String region, Supplier<IamClient> iam, KeyOwner keyOwner) {
        Means m = of(p, region, iam, keyOwner);
        if (m.kind() == Kind.NONE) {
            throw WadalException.usage(refusal(p, m));
        }
        return m;
    }

    /** check's max-age item. */
    public static CheckResult item(Profile p, String region, Supplier<IamClient> iam, KeyOwner keyOwner) {
        Means m = of(p, region, iam, keyOwner);
        String age = p.maxAge().map(d -> PlanSummary.duration(d.getSeconds())).orElse("");
        return switch (m.kind()) {
            case OFF -> CheckResult.skipped(Items.MAX_AGE, m.detail());
            case KEYS, INSTANCE_ROLE -> CheckResult.ok(Items.MAX_AGE, "at " + age + " the master ends the cluster " + m.detail());
            case NONE -> CheckResult.failed(Items.MAX_AGE, refusal(p, m));
        };
    }

    /** Why MAX_AGE cannot hold and how to fix it, for create's refusal and check. */
    public static String refusal(Profile p, Means m) {
        String age = ProfileKey.MAX_AGE + "=" + p.maxAge().map(d -> PlanSummary.duration(d.getSeconds())).orElse("");
        return age + " needs a way for the master to terminate its own cluster, and it has none: " + m.detail() + ". " + m.fix();
    }
}
