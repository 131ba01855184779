package io.wadal.profile;

/**
 * The profile schema: every key a profile may set. Code names a key through this enum, never
 * as a string; {@link ProfileKeys} derives its lists from it.
 */
public enum ProfileKey {
    CLUSTER_NAME,
    AWS_REGION,
    AWS_EMR_LABEL,
    AWS_EMR_SUBNET,
    EC2_TYPE,
    MASTER_EC2_TYPE,
    CORE_EC2_TYPE,
    TASK_EC2_TYPE,
    NUM_CORE_INSTANCE,
    CORE_EBS_SIZE,
    NUM_TASK_INSTANCE,
    TASK_SPOT_BID_PRICE,
    EC2_KEY_PAIR_NAME,
    EC2_KEY_PAIR_PATH,
    INIT_ASSET_DIR_S3,
    EMR_LOG_DIR_S3,
    BOOTSTRAP_SCRIPT,
    JUPYTER_MODE,
    JUPYTER_PORT,
    JUPYTER_PUBLIC,
    GIT_REPO,
    GIT_USER,
    GIT_PASS,
    GIT_MAIL,
    GIT_BRANCH,
    RUN_NOTEBOOK_ENVS,
    EMR_TERM_ACCESS_KEY,
    EMR_TERM_SECRET_KEY,
    IDLE_TIMEOUT,
    SERVICE_TAG,
    OWNER_TAG,
    TAGS,
    APPLICATIONS,
    EMR_CONFIG,
    EMR_SERVICE_ROLE,
    EMR_EC2_ROLE,
    SSH_USER,
    SSH_PORT,
    MASTER_HOST,
    AWS_S3_ACCESS_KEY,
    AWS_S3_SECRET_KEY;

    /** Whether the key's value is a secret: never shown, sent to an EMR API field, or put on a remote command line. */
    public boolean secret() {
        return ProfileKeys.SECRETS.contains(name());
    }
}
