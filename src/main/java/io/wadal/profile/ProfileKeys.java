package io.wadal.profile;

import java.util.List;
import java.util.Set;

/** Every profile key, and the ones whose values are secrets. */
public final class ProfileKeys {
    public static final List<String> ALL = List.of(
            "CLUSTER_NAME", "AWS_REGION", "AWS_EMR_LABEL", "AWS_EMR_SUBNET",
            "EC2_TYPE", "MASTER_EC2_TYPE", "CORE_EC2_TYPE", "TASK_EC2_TYPE",
            "NUM_CORE_INSTANCE", "CORE_EBS_SIZE", "NUM_TASK_INSTANCE", "TASK_SPOT_BID_PRICE",
            "EC2_KEY_PAIR_NAME", "EC2_KEY_PAIR_PATH", "INIT_ASSET_DIR_S3", "EMR_LOG_DIR_S3",
            "BOOTSTRAP_SCRIPT", "JUPYTER_MODE", "JUPYTER_PORT", "JUPYTER_PUBLIC",
            "GIT_REPO", "GIT_USER", "GIT_PASS", "GIT_MAIL", "GIT_BRANCH", "RUN_NOTEBOOK_ENVS",
            "EMR_TERM_ACCESS_KEY", "EMR_TERM_SECRET_KEY", "IDLE_TIMEOUT",
            "SERVICE_TAG", "OWNER_TAG", "TAGS", "APPLICATIONS", "EMR_CONFIG",
            "EMR_SERVICE_ROLE", "EMR_EC2_ROLE", "SSH_USER", "SSH_PORT", "MASTER_HOST",
            "AWS_S3_ACCESS_KEY", "AWS_S3_SECRET_KEY");

    /**
     * Values never shown, sent to an EMR API field, or placed on a remote command line.
     * RUN_NOTEBOOK_ENVS is among them: the original README suggests passing passwords through it.
     */
    public static final Set<String> SECRETS = Set.of(
            "GIT_PASS", "AWS_S3_SECRET_KEY", "EMR_TERM_SECRET_KEY", "AWS_S3_ACCESS_KEY", "EMR_TERM_ACCESS_KEY",
            "RUN_NOTEBOOK_ENVS");

    private ProfileKeys() {
    }
}
