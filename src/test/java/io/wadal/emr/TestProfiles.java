package io.wadal.emr;

import io.wadal.profile.Profile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

final class TestProfiles {
    static final String GIT_PASS = "gitpass-Zq81xK";
    static final String S3_SECRET = "s3secret-Wm42pR/abc+def";
    static final String S3_ACCESS = "AKIAS3ACCESS7788";
    static final String TERM_SECRET = "termsecret-Yv09tL";
    static final String TERM_ACCESS = "AKIATERMACCESS9911";
    static final String NOTEBOOK_ENV_VALUE = "envvalue-Hq55nB";
    static final String PIP_TOKEN = "piptoken-Rk73vD";

    private TestProfiles() {
    }

    static Profile profile(String name, Map<String, String> values) {
        return new Profile(name, Path.of("profiles/" + name), values);
    }

    static Profile minimal(String label) {
        return profile("mini", Map.of("AWS_EMR_LABEL", label, "INIT_ASSET_DIR_S3", "s3://wadal-assets/init"));
    }

    /** Every profile key set. */
    static Profile full() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("CLUSTER_NAME", "team analytics");
        v.put("AWS_REGION", "ap-northeast-2");
        v.put("AWS_EMR_LABEL", "emr-7.5.0");
        v.put("AWS_EMR_SUBNET", "subnet-0abc123");
        v.put("EC2_TYPE", "m5.2xlarge");
        v.put("MASTER_EC2_TYPE", "m5.xlarge");
        v.put("CORE_EC2_TYPE", "r5.xlarge");
        v.put("TASK_EC2_TYPE", "c5.xlarge");
        v.put("NUM_CORE_INSTANCE", "2");
        v.put("CORE_EBS_SIZE", "100");
        v.put("ROOT_EBS_SIZE", "40");
        v.put("NUM_TASK_INSTANCE", "3");
        v.put("TASK_SPOT_BID_PRICE", "0.06");
        v.put("EC2_KEY_PAIR_NAME", "team-key");
        v.put("EC2_KEY_PAIR_PATH", "/keys/team-key.pem");
        v.put("INIT_ASSET_DIR_S3", "s3://wadal-assets/init/");
        v.put("EMR_LOG_DIR_S3", "s3://wadal-logs/emr");
        v.put("BOOTSTRAP_SCRIPT", "boot_etl.sh");
        v.put("PIP_INDEX_URL", "https://aws:" + PIP_TOKEN + "@acme-111122223333.d.codeartifact.ap-northeast-2.amazonaws.com/pypi/py/simple/");
        v.put("PIP_EXTRA_INDEX_URL", "https://pypi.acme.example/simple/");
        v.put("JUPYTER_MODE", "notebook");
        v.put("JUPYTER_PORT", "8888");
        v.put("JUPYTER_PUBLIC", "true");
        v.put("GIT_REPO", "https://github.com/acme/notebooks.git");
        v.put("GIT_USER", "alice");
        v.put("GIT_PASS", GIT_PASS);
        v.put("GIT_MAIL", "alice@example.com");
        v.put("GIT_BRANCH", "main");
        v.put("RUN_NOTEBOOK_ENVS", "STAGE=dev TOKEN=" + NOTEBOOK_ENV_VALUE);
        v.put("EMR_TERM_ACCESS_KEY", TERM_ACCESS);
        v.put("EMR_TERM_SECRET_KEY", TERM_SECRET);
        v.put("IDLE_TIMEOUT", "90m");
        v.put("KERNEL_IDLE_TIMEOUT", "45m");
        v.put("AUTOSAVE_INTERVAL", "5m");
        v.put("MAX_AGE", "12h");
        v.put("SERVICE_TAG", "analytics");
        v.put("OWNER_TAG", "alice");
        v.put("TAGS", "team=data,env=dev");
        v.put("APPLICATIONS", "Spark,Hadoop,Hive,Livy");
        v.put("EMR_CONFIG", "emr_config.json");
        v.put("EMR_SERVICE_ROLE", "TeamEmrRole");
        v.put("EMR_EC2_ROLE", "TeamEmrEc2Role");
        v.put("SSH_USER", "hadoop");
        v.put("SSH_PORT", "2222");
        v.put("MASTER_HOST", "10.0.0.5");
        v.put("MASTER_ADDRESS", "private-ip");
        v.put("SSH_FROM", "203.0.113.0/24,198.51.100.7/32");
        v.put("ADDITIONAL_MASTER_SECURITY_GROUPS", "sg-0123456789abcdef0");
        v.put("SSH_PROXY_JUMP", "ec2-user@bastion.acme.example");
        v.put("SSH_PROXY_JUMP_KEY", "/keys/bastion.pem");
        v.put("AWS_S3_ACCESS_KEY", S3_ACCESS);
        v.put("AWS_S3_SECRET_KEY", S3_SECRET);
        return profile("analytics", v);
    }
}
