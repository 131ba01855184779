package io.wadal.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether an instance profile's role may call one action, read from the role's own policies
 * (attached and inline) and its permissions boundary through the IAM API. moto does not serve
 * iam:SimulatePrincipalPolicy, and many users may not call it either; reading the policies
 * needs only iam:Get* and iam:List*. What IAM cannot show (an organization's service control
 * policies) is not seen: the verdict says "the role's policies".
 */
public final class RolePermission {
    public enum Answer { ALLOWED, ALLOWED_WITH_CONDITION, DENIED, NOT_ALLOWED, UNKNOWN }

    /** @param role the role's name, when the instance profile has one; detail: why, naming the policies */
    public record Verdict(Answer answer, Optional<String> role, String detail) {
        public boolean allowed() {
            return answer == Answer.ALLOWED || answer == Answer.ALLOWED_WITH_CONDITION;
        }
    }

    private record Named(String name, PolicyDocument document) {
    }

    private final IamClient iam;

    public RolePermission(IamClient iam) {
        this.iam = iam;
    }

    /**
     * @param action   e.g. {@code elasticmapreduce:TerminateJobFlows}
     * @param resource the resource in the role's partition and account, {@code %s} for each: e.g.
     *                 {@code arn:%s:elasticmapreduce:REGION:%s:cluster/j-*}
     */
    public Verdict ofInstanceProfile(String instanceProfile, String action, String resource) {
        InstanceProfile profile;
        try {
            profile = iam.getInstanceProfile(b -> b.instanceProfileName(instanceProfile)).instanceProfile();
        } catch (AwsServiceException e) {
            return failure(e, Optional.empty(), "instance profile " + instanceProfile);
        }
        if (profile.roles().isEmpty()) {
            return new Verdict(Answer.NOT_ALLOWED, Optional.empty(), "instance profile " + instanceProfile + " holds no role");
        }
        Role role = profile.roles().get(0);
        String name = role.roleName();
        String[] arn = role.arn() == null ? new String[0] : role.arn().split(":", 6);
        String onResource = resource.formatted(arn.length > 4 ? arn[1] : "aws", arn.length > 4 ? arn[4] : "*");
        List<Named> policies = new ArrayList<>();
        Optional<Named> boundary;
        try {
            for (AttachedPolicy a : iam.listAttachedRolePoliciesPaginator(b -> b.roleName(name)).attachedPolicies()) {
                policies.add(new Named(a.policyName(), managed(a.policyArn())));
            }
            for (String inline : iam.listRolePoliciesPaginator(b -> b.roleName(name)).policyNames()) {
                policies.add(new Named(inline + " (inline)", PolicyDocument.parse(
                        iam.getRolePolicy(b -> b.roleName(name).policyName(inline)).policyDocument())));
            }
            Role full = iam.getRole(b -> b.roleName(name)).role();
            boundary = full.permissionsBoundary() == null ? Optional.empty()
                    : Optional.of(new Named(full.permissionsBoundary().permissionsBoundaryArn(),
                            managed(full.permissionsBoundary().permissionsBoundaryArn())));
        } catch (AwsServiceException e) {
            return failure(e, Optional.of(name), "the policies of role " + name);
        } catch (IOException e) {
            return new Verdict(Answer.UNKNOWN, Optional.of(name), "a policy of role " + name + " could not be read: " + e.getMessage());
        }
        return decide(name, policies, boundary, action, onResource);
    }

    private static Verdict decide(String role, List<Named> policies, Optional<Named> boundary, String action, String resource) {
        Optional<String> allowedBy = Optional.empty();
        Optional<String> conditionallyBy = Optional.empty();
        for (Named p : policies) {
            switch (p.document().decide(action, resource)) {
                case DENY -> {
                    return new Verdict(Answer.DENIED, Optional.of(role), "policy " + p.name() + " of role " + role + " denies " + action);
                }
                case ALLOW -> allowedBy = allowedBy.or(() -> Optional.of(p.name()));
                case ALLOW_WITH_CONDITION -> conditionallyBy = conditionallyBy.or(() -> Optional.of(p.name()));
                case NONE -> { }
            }
        }
        if (allowedBy.isEmpty() && conditionallyBy.isEmpty()) {
            String checked = policies.isEmpty() ? "it has no policies"
                    : "its policies (" + String.join(", ", policies.stream().map(Named::name).toList()) + ") do not allow " + action;
            return new Verdict(Answer.NOT_ALLOWED, Optional.of(role), "role " + role + ": " + checked);
        }
        if (boundary.isPresent() && boundary.get().document().decide(action, resource) != PolicyDocument.Effect.ALLOW) {
            return new Verdict(Answer.NOT_ALLOWED, Optional.of(role), "role " + role + "'s permissions boundary "
                    + boundary.get().name() + " does not allow " + action);
        }
        return allowedBy.isPresent()
                ? new Verdict(Answer.ALLOWED, Optional.of(role), "role " + role + " may call " + action + " (policy " + allowedBy.get() + ")")
                : new Verdict(Answer.ALLOWED_WITH_CONDITION, Optional.of(role), "role " + role + " may call " + action
                        + " under a condition of policy " + conditionallyBy.get() + " that wadal cannot evaluate");
    }

    private PolicyDocument managed(String arn) throws IOException {
        String version = iam.getPolicy(b -> b.policyArn(arn)).policy().defaultVersionId();
        return PolicyDocument.parse(iam.getPolicyVersion(b -> b.policyArn(arn).versionId(version)).policyVersion().document());
    }

    private static Verdict failure(AwsServiceException e, Optional<String> role, String what) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
        if (code.equals("NoSuchEntity")) {
            return new Verdict(Answer.NOT_ALLOWED, role, what + " does not exist");
        }
        if (e.statusCode() == 403 || code.startsWith("AccessDenied")) {
            return new Verdict(Answer.UNKNOWN, role, "your credentials may not read " + what + " ("
                    + (code.isEmpty() ? "HTTP 403" : code) + "; iam:GetInstanceProfile, iam:GetRole, iam:List*RolePolicies, "
                    + "iam:GetRolePolicy, iam:GetPolicy, iam:GetPolicyVersion)");
        }
        throw e;
    }
}
