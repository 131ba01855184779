package io.wadal.check;

import io.wadal.aws.RolePermission;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import io.wadal.emr.PlanSummary;
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

    /** @param detail what was found, for check and for create's refusal */
    public record Means(Kind kind, String detail) {
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

    /** The means the master will use; reads IAM only when {@link #needsIam}, else asks AWS whose the keys are. */
    public static Means of(Profile p, String region, Supplier<IamClient> iam, KeyOwner keyOwner) {
        if (p.maxAge().isEmpty()) {
            return new Means(Kind.OFF, ProfileKey.MAX_AGE + "=off: no age limit");
        }
        if (hasKeys(p)) {
            String owner;
            try {
                owner = keyOwner.of(p.emrTermAccessKey().orElseThrow(), p.emrTermSecretKey().orElseThrow());
            } catch (AwsServiceException e) {
                if (e.statusCode() != 403 && e.statusCode() != 400) {
                    throw e;
                }
                return new Means(Kind.NONE, "AWS refuses " + ProfileKey.EMR_TERM_ACCESS_KEY + " and " + ProfileKey.EMR_TERM_SECRET_KEY
                        + " (" + AwsErrors.why(e) + "): mistyped, deactivated or deleted keys");
            }
            return new Means(Kind.KEYS, "with the IAM user of " + ProfileKey.EMR_TERM_ACCESS_KEY + ", " + owner
                    + " (terminate_cluster, as add-termcmd installs it)");
        }
        RolePermission.Verdict v = new RolePermission(iam.get()).ofInstanceProfile(p.ec2Role(), ACTION,
                "arn:%s:elasticmapreduce:" + region + ":%s:cluster/j-*");
        return v.allowed()
                ? new Means(Kind.INSTANCE_ROLE, "with its instance role: " + v.detail())
                : new Means(Kind.NONE, v.detail());
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

    private static String refusal(Profile p, Means m) {
        String age = ProfileKey.MAX_AGE + "=" + p.maxAge().map(d -> PlanSummary.duration(d.getSeconds())).orElse("");
        String keys = ProfileKey.EMR_TERM_ACCESS_KEY + " and " + ProfileKey.EMR_TERM_SECRET_KEY;
        return age + " needs a way for the master to terminate its own cluster, and it has none: " + m.detail()
                + (hasKeys(p) ? ". Fix " + keys + " (the keys of an IAM user allowed " + ACTION + "), or remove them and allow "
                        : ". Set " + keys + " (the keys of an IAM user allowed only " + ACTION + "), or allow ")
                + ACTION + " to the role of " + ProfileKey.EMR_EC2_ROLE + " " + p.ec2Role() + ", or set " + ProfileKey.MAX_AGE + "=off";
    }
}
