package io.wadal.check;

import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static io.wadal.check.AwsErrors.code;

/**
 * The IAM roles a launch names: EMR_SERVICE_ROLE is a role, EMR_EC2_ROLE an instance profile
 * (RunJobFlow's JobFlowRole), which must hold a role for the nodes to get credentials.
 */
final class RoleChecks {
    private static final String CREATE_DEFAULT_ROLES = "run 'aws emr create-default-roles', which creates "
            + ProfileKey.EMR_SERVICE_ROLE.defaultValue().orElseThrow() + " and "
            + ProfileKey.EMR_EC2_ROLE.defaultValue().orElseThrow() + " (a role and its instance profile)";

    private final Profile p;
    private final IamClient iam;

    RoleChecks(Profile p, IamClient iam) {
        this.p = p;
        this.iam = iam;
    }

    /** What a lookup found: the thing, nothing (NoSuchEntity), or a refusal to say (access denied). */
    private record Found<T>(Optional<T> value, Optional<String> denied) {
        boolean missing() {
            return value.isEmpty() && denied.isEmpty();
        }
    }

    CheckResult roles() {
        String serviceRole = p.serviceRole();
        String profileName = p.ec2Role();
        Found<Role> service = find(() -> iam.getRole(b -> b.roleName(serviceRole)).role());
        Found<InstanceProfile> profile = find(() -> iam.getInstanceProfile(b -> b.instanceProfileName(profileName)).instanceProfile());

        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (service.missing()) {
            problems.add("service role " + serviceRole + " (" + ProfileKey.EMR_SERVICE_ROLE + ") does not exist");
        }
        if (profile.missing()) {
            Found<Role> sameNamedRole = find(() -> iam.getRole(b -> b.roleName(profileName)).role());
            problems.add("instance profile " + profileName + " (" + ProfileKey.EMR_EC2_ROLE + ") does not exist"
                    + (sameNamedRole.value().isPresent() ? " (a role of that name does, but EMR needs the instance profile)" : ""));
            if (sameNamedRole.value().isPresent()) {
                fixes.add("'aws iam create-instance-profile --instance-profile-name " + profileName
                        + "' and 'aws iam add-role-to-instance-profile --instance-profile-name " + profileName
                        + " --role-name " + profileName + "'");
            }
        } else if (profile.value().isPresent() && profile.value().get().roles().isEmpty()) {
            problems.add("instance profile " + profileName + " holds no role, so the nodes would get no credentials");
            fixes.add("'aws iam add-role-to-instance-profile --instance-profile-name " + profileName + " --role-name <the nodes' role>'");
        }
        List<String> denied = new ArrayList<>();
        service.denied().ifPresent(d -> denied.add("service role " + serviceRole + " (" + d + ")"));
        profile.denied().ifPresent(d -> denied.add("instance profile " + profileName + " (" + d + ")"));
        String notChecked = denied.isEmpty() ? "" : "; not checked, your credentials may not read IAM: " + String.join(", ", denied);

        if (!problems.isEmpty()) {
            if (fixes.isEmpty() || service.missing()) {
                fixes.add(0, defaults(serviceRole, profileName)
                        ? CREATE_DEFAULT_ROLES : "create them or fix " + ProfileKey.EMR_SERVICE_ROLE + " / " + ProfileKey.EMR_EC2_ROLE
                        + " (" + CREATE_DEFAULT_ROLES + ")");
            }
            return CheckResult.failed(Items.ROLES, String.join("; ", problems) + ": " + String.join(", or ", fixes) + notChecked);
        }
        if (!denied.isEmpty()) {
            return CheckResult.warning(Items.ROLES, "could not check " + String.join(" and ", denied)
                    + ": your credentials may not read IAM (iam:GetRole, iam:GetInstanceProfile); EMR checks them at create, "
                    + "and a missing one fails the launch (" + CREATE_DEFAULT_ROLES + ")");
        }
        String holds = profile.value().orElseThrow().roles().stream().map(Role::roleName).findFirst().orElse("?");
        return CheckResult.ok(Items.ROLES, "service role " + serviceRole + " and instance profile " + profileName
                + " (role " + holds + ") exist");
    }

    private static boolean defaults(String serviceRole, String profileName) {
        return serviceRole.equals(ProfileKey.EMR_SERVICE_ROLE.defaultValue().orElseThrow())
                && profileName.equals(ProfileKey.EMR_EC2_ROLE.defaultValue().orElseThrow());
    }

    private static <T> Found<T> find(Supplier<T> call) {
        try {
            return new Found<>(Optional.of(call.get()), Optional.empty());
        } catch (AwsServiceException e) {
            if (code(e).equals("NoSuchEntity")) {
                return new Found<>(Optional.empty(), Optional.empty());
            }
            if (e.statusCode() == 403 || code(e).startsWith("AccessDenied")) {
                return new Found<>(Optional.empty(), Optional.of(code(e).isEmpty() ? "HTTP 403" : code(e)));
            }
            throw e;
        }
    }
}
