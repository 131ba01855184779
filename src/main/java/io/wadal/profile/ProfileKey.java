package io.wadal.profile;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import static io.wadal.profile.ValueKind.BOOL;
import static io.wadal.profile.ValueKind.HOST;
import static io.wadal.profile.ValueKind.INSTANCE_TYPE;
import static io.wadal.profile.ValueKind.JUMP_HOST;
import static io.wadal.profile.ValueKind.LIST;
import static io.wadal.profile.ValueKind.PATH;
import static io.wadal.profile.ValueKind.PRICE;
import static io.wadal.profile.ValueKind.RELEASE_LABEL;
import static io.wadal.profile.ValueKind.S3_URI;
import static io.wadal.profile.ValueKind.S3_URI_OR_OFF;
import static io.wadal.profile.ValueKind.SCRIPT;
import static io.wadal.profile.ValueKind.SECRET;
import static io.wadal.profile.ValueKind.SECRET_ASSIGNMENTS;
import static io.wadal.profile.ValueKind.SECRET_URL;
import static io.wadal.profile.ValueKind.SECURITY_GROUPS;
import static io.wadal.profile.ValueKind.SSH_SOURCES;
import static io.wadal.profile.ValueKind.TAG_LIST;
import static io.wadal.profile.ValueKind.TEXT;
import static io.wadal.profile.ValueKind.USER;
import static io.wadal.profile.ValueKind.durationOrOff;
import static io.wadal.profile.ValueKind.intRange;
import static io.wadal.profile.ValueKind.oneOf;
import static io.wadal.profile.ValueKind.tag;

/**
 * The profile schema: every key a profile may set, with its kind, its default, and the one-line
 * doc that profile.template and the README's "Profile keys" table show (tests hold them to it).
 * Code names a key through this enum, never as a string; {@link ProfileKeys} derives its lists
 * from it, and {@link Profile} validates each value by its key's kind.
 */
public enum ProfileKey {
    CLUSTER_NAME(ValueKind.name(Limits.MAX_CLUSTER_NAME), null, "the profile's name", "EMR cluster name, also tag `Name`"),
    AWS_REGION(TEXT, null, "SDK default (`AWS_REGION`, `~/.aws/config`)",
            "region of every AWS call, e.g. `ap-northeast-2` (best: the region of your data's bucket)"),
    AWS_EMR_LABEL(RELEASE_LABEL, null, "none, required for create", "release label, e.g. `emr-7.5.0`"),
    AWS_EMR_SUBNET(TEXT, null, "the default VPC", "subnet id the cluster runs in, e.g. `subnet-0123456789abcdef0`"),
    EC2_TYPE(INSTANCE_TYPE, "m5.xlarge", "instance type of every role without its own"),
    MASTER_EC2_TYPE(INSTANCE_TYPE, null, "EC2_TYPE", "instance type of the master node"),
    CORE_EC2_TYPE(INSTANCE_TYPE, null, "EC2_TYPE", "instance type of the core nodes"),
    TASK_EC2_TYPE(INSTANCE_TYPE, null, "EC2_TYPE", "instance type of the task nodes"),
    NUM_CORE_INSTANCE(intRange(0, 10_000), "1", "core nodes, which hold HDFS (0: none)"),
    CORE_EBS_SIZE(intRange(Limits.MIN_CORE_EBS, 16_384), null, "EMR's default for the instance type",
            "EBS GiB per core node, one volume (gp3; gp2 before emr-6)"),
    ROOT_EBS_SIZE(intRange(Limits.MIN_ROOT_EBS, Limits.MAX_ROOT_EBS), null, "30 with boot_eda.sh, else EMR's default",
            "GiB of each node's root volume (EMR `EbsRootVolumeSize`), where the presets install their Python packages"),
    NUM_TASK_INSTANCE(intRange(0, 10_000), "0", "task nodes, workers without HDFS; 0 = no TASK group at all"),
    TASK_SPOT_BID_PRICE(PRICE, null, "unset", "set: the TASK group is SPOT with this bid (USD); unset: on-demand"),
    EC2_KEY_PAIR_NAME(TEXT, null, "", "key pair name at AWS"),
    EC2_KEY_PAIR_PATH(PATH, null, "", "its private key file for SSH, e.g. `~/.ssh/my-key.pem` (not group/world readable)"),
    INIT_ASSET_DIR_S3(S3_URI, null, "none, required for upload-assets and create",
            "`s3://bucket/prefix` of the assets (filled by `wadal upload-assets`)"),
    EMR_LOG_DIR_S3(S3_URI_OR_OFF, null, "INIT_ASSET_DIR_S3/logs", "EMR `LogUri`: where EMR keeps the nodes' bootstrap and step logs; `off`: none kept"),
    BOOTSTRAP_SCRIPT(SCRIPT, "boot_eda.sh",
            "an asset name (boot_eda.sh, boot_etl.sh, boot_min.sh), a local file (uploaded by upload-assets), or an `s3://` URI"),
    PIP_INDEX_URL(SECRET_URL, null, "PyPI", "pip's index on the nodes (CodeArtifact, Artifactory); may carry a token: "
            + "reaches the nodes as a 0600 file through INIT_ASSET_DIR_S3, never in an EMR field (a secret)"),
    PIP_EXTRA_INDEX_URL(SECRET_URL, null, "", "a further index pip also searches, like PIP_INDEX_URL (a secret)"),
    JUPYTER_MODE(oneOf("lab", "notebook", "remote"), "lab", "`lab`, `notebook` or `remote` (a server for VS Code)"),
    JUPYTER_PORT(intRange(1, 65_535), "8192", "Jupyter's port on the master"),
    JUPYTER_PUBLIC(BOOL, "false", "`true`: Jupyter listens on all interfaces (for `wadal jupyter --direct`; needs the port "
            + "open in the security group); `false`: 127.0.0.1 only, reached through an SSH tunnel"),
    GIT_REPO(ValueKind.GIT_REPO, null, "", "notebook repository, cloned into `/home/hadoop/works/<repo>`"),
    GIT_USER(TEXT, null, "", "user name for GIT_REPO"),
    GIT_PASS(SECRET, null, "", "password or access token for GIT_REPO (a secret)"),
    GIT_MAIL(TEXT, null, "", "e-mail address of your commits on the master"),
    GIT_BRANCH(ValueKind.GIT_BRANCH, null, "the repository's default branch", "branch to check out"),
    RUN_NOTEBOOK_ENVS(SECRET_ASSIGNMENTS, null, "", "`K=V K2=V2`: environment for Jupyter and the run-* commands (a secret)"),
    EMR_TERM_ACCESS_KEY(SECRET, null, "",
            "access key of an IAM user allowed elasticmapreduce:TerminateJobFlows only, for `add-termcmd` and MAX_AGE"),
    EMR_TERM_SECRET_KEY(SECRET, null, "", "secret key of that IAM user, for `add-termcmd` and MAX_AGE"),
    IDLE_TIMEOUT(durationOrOff(Limits.MIN_IDLE_TIMEOUT, Limits.MAX_IDLE_TIMEOUT, "1 minute to 7 days"), "2h",
            "auto-termination after this long idle (`90m`, `2h`, `1d`; 1 minute to 7 days); `off` disables; "
                    + "ignored with a warning before emr-5.30.0 / emr-6.1.0"),
    KERNEL_IDLE_TIMEOUT(durationOrOff(Limits.MIN_KERNEL_IDLE, Limits.MAX_IDLE_TIMEOUT, "1 minute to 7 days"), "1h",
            "Jupyter shuts down a kernel idle this long (a running cell is activity, an open tab is not), so EMR's "
                    + "idle clock can start; `off` keeps kernels forever"),
    AUTOSAVE_INTERVAL(durationOrOff(Limits.MIN_AUTOSAVE, Limits.MAX_AUTOSAVE, "1 minute to 1 day"), "10m",
            "how often the master pushes a snapshot of uncommitted work in works/<repo> to branch "
                    + "`wadal/autosave/<cluster-id>` of GIT_REPO's origin; `off` disables"),
    MAX_AGE(durationOrOff(Limits.MIN_MAX_AGE, Limits.MAX_MAX_AGE, "10 minutes to 14 days"), "off",
            "the cluster ends at this age (`12h`) even while in use: the master takes a final autosave, then terminates it "
                    + "with EMR_TERM_*'s keys or its instance role (`check` says which); `off`: no limit"),
    SERVICE_TAG(tag("service"), null, "", "tag `service`"),
    OWNER_TAG(tag("owner"), null, "", "tag `owner`"),
    TAGS(TAG_LIST, null, "", "more tags, `k=v,k2=v2`"),
    APPLICATIONS(LIST, null, "Spark,Hadoop (+Ganglia before emr-7)", "EMR applications, comma-separated"),
    EMR_CONFIG(PATH, null, "the bundled `emr_config.json` (maximizeResourceAllocation, python3)", "EMR configurations JSON file (relative to the home)"),
    EMR_SERVICE_ROLE(TEXT, "EMR_DefaultRole", "IAM service role of the cluster"),
    EMR_EC2_ROLE(TEXT, "EMR_EC2_DefaultRole", "IAM role of the cluster's EC2 instances"),
    SSH_USER(USER, "hadoop", "user wadal logs in to the master as"),
    SSH_PORT(intRange(1, 65_535), "22", "SSH port of the master"),
    MASTER_HOST(HOST, null, "the master's DNS name from EMR", "host name or IP address wadal reaches the master at, instead of EMR's (VPN, private DNS)"),
    MASTER_ADDRESS(oneOf("auto", "public-dns", "private-ip", "private-dns"), "auto",
            "which of EMR's master addresses wadal connects to: `auto` (the public DNS name when there is one, else the private IP), "
                    + "`public-dns`, `private-ip`, `private-dns`"),
    SSH_FROM(SSH_SOURCES, "my-ip", "where SSH to the master may come from: `my-ip` (this machine's public address, "
            + "allowed in the security group `wadal-ssh` that wadal manages), ranges `203.0.113.0/24,198.51.100.7/32`, "
            + "or `off` (wadal manages no rule)"),
    ADDITIONAL_MASTER_SECURITY_GROUPS(SECURITY_GROUPS, null, "", "security groups of your own for the master, `sg-…,sg-…` "
            + "(each must exist in the cluster's VPC)"),
    SSH_PROXY_JUMP(JUMP_HOST, null, "none: straight to the master", "jump host (bastion) every SSH connection goes through, "
            + "`[user@]host[:port]` as OpenSSH's ProxyJump; its host key is pinned on first use"),
    SSH_PROXY_JUMP_KEY(PATH, null, "EC2_KEY_PAIR_PATH", "private key file for the jump host (not group/world readable)"),
    AWS_S3_ACCESS_KEY(SECRET, null, "", "S3 access key for the notebooks, placed on the master (0600 file); best: an IAM user allowed S3 only"),
    AWS_S3_SECRET_KEY(SECRET, null, "", "S3 secret key for the notebooks, placed on the master (0600 file)");

    /**
     * The key names as compile-time constants, for annotation texts (picocli's help), which cannot
     * call {@code name()}. ProfileSchemaTest holds them to the constants above.
     */
    public static final class Names {
        public static final String CLUSTER_NAME = "CLUSTER_NAME";
        public static final String AWS_REGION = "AWS_REGION";
        public static final String AWS_EMR_LABEL = "AWS_EMR_LABEL";
        public static final String AWS_EMR_SUBNET = "AWS_EMR_SUBNET";
        public static final String EC2_TYPE = "EC2_TYPE";
        public static final String MASTER_EC2_TYPE = "MASTER_EC2_TYPE";
        public static final String CORE_EC2_TYPE = "CORE_EC2_TYPE";
        public static final String TASK_EC2_TYPE = "TASK_EC2_TYPE";
        public static final String NUM_CORE_INSTANCE = "NUM_CORE_INSTANCE";
        public static final String CORE_EBS_SIZE = "CORE_EBS_SIZE";
        public static final String ROOT_EBS_SIZE = "ROOT_EBS_SIZE";
        public static final String NUM_TASK_INSTANCE = "NUM_TASK_INSTANCE";
        public static final String TASK_SPOT_BID_PRICE = "TASK_SPOT_BID_PRICE";
        public static final String EC2_KEY_PAIR_NAME = "EC2_KEY_PAIR_NAME";
        public static final String EC2_KEY_PAIR_PATH = "EC2_KEY_PAIR_PATH";
        public static final String INIT_ASSET_DIR_S3 = "INIT_ASSET_DIR_S3";
        public static final String EMR_LOG_DIR_S3 = "EMR_LOG_DIR_S3";
        public static final String BOOTSTRAP_SCRIPT = "BOOTSTRAP_SCRIPT";
        public static final String PIP_INDEX_URL = "PIP_INDEX_URL";
        public static final String PIP_EXTRA_INDEX_URL = "PIP_EXTRA_INDEX_URL";
        public static final String JUPYTER_MODE = "JUPYTER_MODE";
        public static final String JUPYTER_PORT = "JUPYTER_PORT";
        public static final String JUPYTER_PUBLIC = "JUPYTER_PUBLIC";
        public static final String GIT_REPO = "GIT_REPO";
        public static final String GIT_USER = "GIT_USER";
        public static final String GIT_PASS = "GIT_PASS";
        public static final String GIT_MAIL = "GIT_MAIL";
        public static final String GIT_BRANCH = "GIT_BRANCH";
        public static final String RUN_NOTEBOOK_ENVS = "RUN_NOTEBOOK_ENVS";
        public static final String EMR_TERM_ACCESS_KEY = "EMR_TERM_ACCESS_KEY";
        public static final String EMR_TERM_SECRET_KEY = "EMR_TERM_SECRET_KEY";
        public static final String IDLE_TIMEOUT = "IDLE_TIMEOUT";
        public static final String KERNEL_IDLE_TIMEOUT = "KERNEL_IDLE_TIMEOUT";
        public static final String AUTOSAVE_INTERVAL = "AUTOSAVE_INTERVAL";
        public static final String MAX_AGE = "MAX_AGE";
        public static final String SERVICE_TAG = "SERVICE_TAG";
        public static final String OWNER_TAG = "OWNER_TAG";
        public static final String TAGS = "TAGS";
        public static final String APPLICATIONS = "APPLICATIONS";
        public static final String EMR_CONFIG = "EMR_CONFIG";
        public static final String EMR_SERVICE_ROLE = "EMR_SERVICE_ROLE";
        public static final String EMR_EC2_ROLE = "EMR_EC2_ROLE";
        public static final String SSH_USER = "SSH_USER";
        public static final String SSH_PORT = "SSH_PORT";
        public static final String MASTER_HOST = "MASTER_HOST";
        public static final String MASTER_ADDRESS = "MASTER_ADDRESS";
        public static final String SSH_FROM = "SSH_FROM";
        public static final String ADDITIONAL_MASTER_SECURITY_GROUPS = "ADDITIONAL_MASTER_SECURITY_GROUPS";
        public static final String SSH_PROXY_JUMP = "SSH_PROXY_JUMP";
        public static final String SSH_PROXY_JUMP_KEY = "SSH_PROXY_JUMP_KEY";
        public static final String AWS_S3_ACCESS_KEY = "AWS_S3_ACCESS_KEY";
        public static final String AWS_S3_SECRET_KEY = "AWS_S3_SECRET_KEY";

        private Names() {
        }
    }

    /** Limits the kinds above take; in a holder class because an enum's constants come before its fields. */
    static final class Limits {
        static final int MAX_CLUSTER_NAME = 256;
        static final Duration MIN_IDLE_TIMEOUT = Duration.ofMinutes(1);
        static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(7);
        static final Duration MIN_KERNEL_IDLE = Duration.ofMinutes(1);
        static final Duration MIN_AUTOSAVE = Duration.ofMinutes(1);
        static final Duration MAX_AUTOSAVE = Duration.ofDays(1);
        /** Dataproc's range for --max-age. */
        static final Duration MIN_MAX_AGE = Duration.ofMinutes(10);
        static final Duration MAX_MAX_AGE = Duration.ofDays(14);
        /** EMR refuses core-node EBS volumes under 5 GB (Management Guide, "Instance storage"). */
        static final int MIN_CORE_EBS = 5;
        /**
         * EMR's range for EbsRootVolumeSize: 10 to 100 GiB; from emr-6.10.0 the smallest (and the default) is 15 GiB,
         * which the request builder holds the release to.
         */
        static final int MIN_ROOT_EBS = 10;
        static final int MAX_ROOT_EBS = 100;
        /** The root volume boot_eda.sh gets unless ROOT_EBS_SIZE says otherwise: its packages take several GB. */
        static final int EDA_ROOT_EBS = 30;

        private Limits() {
        }
    }

    private final ValueKind kind;
    private final String defaultValue;
    private final String defaultDoc;
    private final String doc;

    /** A key whose default is a value, documented as itself. */
    ProfileKey(ValueKind kind, String defaultValue, String doc) {
        this(kind, defaultValue, defaultValue, doc);
    }

    ProfileKey(ValueKind kind, String defaultValue, String defaultDoc, String doc) {
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.defaultDoc = defaultDoc;
        this.doc = doc;
    }

    /** The key named so, if there is one. */
    public static Optional<ProfileKey> find(String name) {
        return Arrays.stream(values()).filter(k -> k.name().equals(name)).findFirst();
    }

    public ValueKind kind() {
        return kind;
    }

    /** The value an unset (or blank) key has; empty when there is none or it is derived (CLUSTER_NAME: the profile name). */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The default as the docs put it ("EC2_TYPE", "required for create"); empty when there is nothing to say. */
    public String defaultDoc() {
        return defaultDoc;
    }

    /** What the key is, in one line (profile.template and the README's "Profile keys" table). */
    public String doc() {
        return doc;
    }

    /** Whether the key's value is a secret: never shown, sent to an EMR API field, or put on a remote command line. */
    public boolean secret() {
        return kind.isSecret();
    }
}
