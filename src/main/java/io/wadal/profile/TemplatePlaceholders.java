package io.wadal.profile;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognizes values still holding a placeholder of a profile.template — the original's (every
 * exact value it shipped, per key) or wadal's ({@code YOUR-...}) — and says what to put instead.
 */
final class TemplatePlaceholders {
    /** The original bash wadal's profile.template, value by value (typos included). */
    private static final Map<ProfileKey, List<String>> ORIGINAL = Map.ofEntries(
            Map.entry(ProfileKey.CLUSTER_NAME, List.of("YOUR-CLUSTER-NAME")),
            Map.entry(ProfileKey.AWS_REGION, List.of("YOUR-AWS-REGION")),
            Map.entry(ProfileKey.AWS_EMR_LABEL, List.of("EMR-LABEL")),
            Map.entry(ProfileKey.AWS_EMR_SUBNET, List.of("EMR-VPC-SUBNET")),
            Map.entry(ProfileKey.MASTER_EC2_TYPE, List.of("MASTER-NODE-EC2-INSTNACE-TYPE", "MASTER-NODE-EC2-INSTANCE-TYPE")),
            Map.entry(ProfileKey.CORE_EC2_TYPE, List.of("CORE-NODE-EC2-INSTANCE-TYPE", "CORE-NODE-EC2-INSTNACE-TYPE")),
            Map.entry(ProfileKey.CORE_EBS_SIZE, List.of("CORE-NODE-EBS-SIZE-IN-GB")),
            Map.entry(ProfileKey.NUM_CORE_INSTANCE, List.of("CORE-NODE-INSTNACE-NUMBER", "CORE-NODE-INSTANCE-NUMBER")),
            Map.entry(ProfileKey.TASK_EC2_TYPE, List.of("TASK-NODE-EC2-INSTANCE-TYPE", "TASK-NODE-EC2-INSTNACE-TYPE")),
            Map.entry(ProfileKey.NUM_TASK_INSTANCE, List.of("TASK-NODE-INSTANCE-NUMBER", "TASK-NODE-INSTNACE-NUMBER")),
            Map.entry(ProfileKey.TASK_SPOT_BID_PRICE, List.of("TASK-SPOT-INSTANCE-BID-PRICE")),
            Map.entry(ProfileKey.EC2_TYPE, List.of("EC2-INSTANCE-TYPE")),
            Map.entry(ProfileKey.EC2_KEY_PAIR_NAME, List.of("EC2-KEY-PAIR-NAME")),
            Map.entry(ProfileKey.EC2_KEY_PAIR_PATH, List.of("EC2-KEY-PAIR-PATH(include .pem)", "EC2-KEY-PAIR-PATH")),
            Map.entry(ProfileKey.INIT_ASSET_DIR_S3, List.of("S3-URI-FOR-INIT-ASSET")),
            Map.entry(ProfileKey.EMR_LOG_DIR_S3, List.of("S3-URI-FOR-EMR-LOG")),
            Map.entry(ProfileKey.JUPYTER_MODE, List.of("JUPYTER-MODE")),
            Map.entry(ProfileKey.GIT_REPO, List.of("GIT-REPO")),
            Map.entry(ProfileKey.GIT_USER, List.of("GIT-USER")),
            Map.entry(ProfileKey.GIT_PASS, List.of("GIT-PASS")),
            Map.entry(ProfileKey.GIT_MAIL, List.of("GIT-MAIL")),
            Map.entry(ProfileKey.RUN_NOTEBOOK_ENVS, List.of("ENV-VARS-TO-RUN-NOTEBOOK")),
            Map.entry(ProfileKey.EMR_TERM_ACCESS_KEY, List.of("{IAM 유저의 Access Key}")),
            Map.entry(ProfileKey.EMR_TERM_SECRET_KEY, List.of("{IAM 유저의 Secret Key}")));

    private static final String INSTANCE_TYPE = "an EC2 instance type, e.g. m5.xlarge";

    private static final Map<ProfileKey, String> WHAT_TO_SET = Map.ofEntries(
            Map.entry(ProfileKey.CLUSTER_NAME, "a cluster name, e.g. \"my cluster\" (or delete the line to use the profile name)"),
            Map.entry(ProfileKey.AWS_REGION, "your AWS region, e.g. ap-northeast-2"),
            Map.entry(ProfileKey.AWS_EMR_LABEL, "an EMR release label, e.g. emr-7.5.0"),
            Map.entry(ProfileKey.AWS_EMR_SUBNET, "the id of a subnet of your region, e.g. subnet-0123456789abcdef0"),
            Map.entry(ProfileKey.EC2_TYPE, INSTANCE_TYPE),
            Map.entry(ProfileKey.MASTER_EC2_TYPE, INSTANCE_TYPE),
            Map.entry(ProfileKey.CORE_EC2_TYPE, INSTANCE_TYPE),
            Map.entry(ProfileKey.TASK_EC2_TYPE, INSTANCE_TYPE),
            Map.entry(ProfileKey.CORE_EBS_SIZE, "the EBS size in GiB of each core node, e.g. 100 (or delete the line for EMR's default)"),
            Map.entry(ProfileKey.NUM_CORE_INSTANCE, "the number of core nodes, e.g. 1"),
            Map.entry(ProfileKey.NUM_TASK_INSTANCE, "the number of task nodes, e.g. 0"),
            Map.entry(ProfileKey.TASK_SPOT_BID_PRICE, "a spot bid in USD, e.g. 0.10 (or delete the line for on-demand task nodes)"),
            Map.entry(ProfileKey.EC2_KEY_PAIR_NAME, "the name of your EC2 key pair"),
            Map.entry(ProfileKey.EC2_KEY_PAIR_PATH, "the path of its private key file, e.g. ~/.ssh/my-key.pem"),
            Map.entry(ProfileKey.INIT_ASSET_DIR_S3, "an S3 folder for wadal's assets, e.g. s3://my-bucket/wadal"),
            Map.entry(ProfileKey.EMR_LOG_DIR_S3, "an S3 folder for EMR's logs, e.g. s3://my-bucket/wadal/logs"),
            Map.entry(ProfileKey.JUPYTER_MODE, "lab, notebook or remote"),
            Map.entry(ProfileKey.GIT_REPO, "the https:// URL of your notebook repository"),
            Map.entry(ProfileKey.GIT_USER, "your git user name"),
            Map.entry(ProfileKey.GIT_PASS, "your git password or access token"),
            Map.entry(ProfileKey.GIT_MAIL, "the e-mail address of your commits"),
            Map.entry(ProfileKey.RUN_NOTEBOOK_ENVS, "K=V pairs for Jupyter, e.g. \"STAGE=dev\" (or delete the line)"),
            Map.entry(ProfileKey.EMR_TERM_ACCESS_KEY, "the access key of the IAM user allowed to terminate clusters"),
            Map.entry(ProfileKey.EMR_TERM_SECRET_KEY, "the secret key of the IAM user allowed to terminate clusters"));

    private TemplatePlaceholders() {
    }

    /**
     * @param trailing unquoted text after the value on its line, where the original put {@code ex) ...}
     * @return the complaint (without file and line) when the value is a placeholder
     */
    static Optional<String> problem(String key, String value, String trailing) {
        String whole = trailing.isEmpty() ? value : value + " " + trailing;
        Optional<ProfileKey> schemaKey = ProfileKey.find(key);
        List<String> known = schemaKey.map(k -> ORIGINAL.getOrDefault(k, List.of())).orElse(List.of());
        boolean secret = Masking.isSecret(key);
        // a password may well contain "ex)", so for secrets only the original's "  ex) ..." after the value counts
        boolean placeholder = known.contains(value) || known.contains(whole) || value.startsWith("YOUR-")
                || trailing.contains("ex)") || (!secret && value.contains("ex)"));
        if (!placeholder) {
            return Optional.empty();
        }
        String held = secret ? "a template placeholder" : "the template placeholder '" + whole + "'";
        String what = schemaKey.map(WHAT_TO_SET::get).orElse("a real value (or delete the line)");
        return Optional.of(key + " still holds " + held + "; set it to " + what);
    }
}
