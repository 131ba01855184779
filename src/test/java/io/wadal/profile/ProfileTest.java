package io.wadal.profile;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileTest {
    private static final Path FILE = Path.of("profiles", "p");

    private static Profile profile(Map<String, String> values) {
        return new Profile("p", FILE, values);
    }

    private static String invalid(Map<String, String> values) {
        WadalException e = assertThrows(WadalException.class, () -> profile(values));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith(FILE + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaults() {
        Profile p = profile(Map.of());
        assertEquals("p", p.clusterName());
        assertEquals(Optional.empty(), p.region());
        assertEquals("m5.xlarge", p.ec2Type());
        assertEquals("m5.xlarge", p.masterEc2Type());
        assertEquals("m5.xlarge", p.coreEc2Type());
        assertEquals("m5.xlarge", p.taskEc2Type());
        assertEquals(1, p.coreInstances());
        assertEquals(OptionalInt.empty(), p.coreEbsSizeGb(), "unset: EMR's default for the instance type");
        assertEquals(0, p.taskInstances());
        assertEquals(Optional.empty(), p.taskSpotBidPrice());
        assertEquals("boot_eda.sh", p.bootstrapScript());
        assertEquals("lab", p.jupyterMode());
        assertEquals(8192, p.jupyterPort());
        assertFalse(p.jupyterPublic());
        assertEquals(Optional.of(Duration.ofHours(2)), p.idleTimeout());
        assertEquals("EMR_DefaultRole", p.serviceRole());
        assertEquals("EMR_EC2_DefaultRole", p.ec2Role());
        assertEquals("hadoop", p.sshUser());
        assertEquals(22, p.sshPort());
        assertEquals(Optional.empty(), p.masterHost());
        assertEquals(Map.of(), p.tags());
    }

    @Test
    void perRoleTypesFallBackToEc2Type() {
        Profile p = profile(Map.of("EC2_TYPE", "r5.2xlarge", "TASK_EC2_TYPE", "c5.xlarge"));
        assertEquals("r5.2xlarge", p.masterEc2Type());
        assertEquals("r5.2xlarge", p.coreEc2Type());
        assertEquals("c5.xlarge", p.taskEc2Type());
    }

    @Test
    void blankValueIsUnset() {
        Profile p = profile(Map.of("EC2_TYPE", "  ", "CLUSTER_NAME", ""));
        assertEquals("m5.xlarge", p.ec2Type());
        assertEquals("p", p.clusterName());
    }

    @ParameterizedTest
    @CsvSource({"emr-6.15.0,true", "emr-5.36.2,true", "emr-7.5.0,false", "emr-7.0.0,false"})
    void applicationsIncludeGangliaOnlyBeforeEmr7(String label, boolean ganglia) {
        List<String> apps = profile(Map.of("AWS_EMR_LABEL", label)).applications();
        assertEquals(ganglia ? List.of("Spark", "Hadoop", "Ganglia") : List.of("Spark", "Hadoop"), apps);
    }

    @Test
    void explicitApplicationsWin() {
        assertEquals(List.of("Spark", "Hive", "Livy"),
                profile(Map.of("AWS_EMR_LABEL", "emr-6.15.0", "APPLICATIONS", "Spark, Hive Livy")).applications());
    }

    @Test
    void emrVersionIsParsed() {
        assertArrayEquals(new int[] {6, 15, 0}, profile(Map.of("AWS_EMR_LABEL", "emr-6.15.0")).emrVersion().orElseThrow());
    }

    @Test
    void idleTimeoutOffAndValues() {
        assertEquals(Optional.empty(), profile(Map.of("IDLE_TIMEOUT", "off")).idleTimeout());
        assertEquals(Optional.empty(), profile(Map.of("IDLE_TIMEOUT", "OFF")).idleTimeout());
        assertEquals(Optional.of(Duration.ofMinutes(90)), profile(Map.of("IDLE_TIMEOUT", "90m")).idleTimeout());
        assertEquals(Optional.of(Duration.ofDays(7)), profile(Map.of("IDLE_TIMEOUT", "7d")).idleTimeout());
        assertEquals(Optional.of(Duration.ofMinutes(1)), profile(Map.of("IDLE_TIMEOUT", "PT1M")).idleTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"59s", "7d1s", "PT168H1S", "0m", "99999999999999d"})
    void idleTimeoutOutsideOneMinuteToSevenDays(String v) {
        String msg = invalid(Map.of("IDLE_TIMEOUT", v));
        assertTrue(msg.contains("IDLE_TIMEOUT='" + v + "' ") && (msg.contains("out of range") || msg.contains("not a duration")), msg);
    }

    @Test
    void countsAreTrimmed() {
        Profile p = profile(Map.of("NUM_CORE_INSTANCE", " 3 ", "SSH_PORT", "2222 "));
        assertEquals(3, p.coreInstances());
        assertEquals(2222, p.sshPort());
    }

    @ParameterizedTest
    @CsvSource({"NUM_CORE_INSTANCE,two", "NUM_TASK_INSTANCE,1.5", "CORE_EBS_SIZE,32GB", "JUPYTER_PORT,http", "SSH_PORT,99999999999"})
    void nonNumericCounts(String key, String value) {
        String msg = invalid(Map.of(key, value));
        assertEquals(FILE + ": " + key + "='" + value + "' is not a whole number", msg);
    }

    @ParameterizedTest
    @CsvSource({"NUM_CORE_INSTANCE,-1", "CORE_EBS_SIZE,0", "CORE_EBS_SIZE,4", "JUPYTER_PORT,65536", "SSH_PORT,0"})
    void countsOutOfRange(String key, String value) {
        assertTrue(invalid(Map.of(key, value)).contains(key + "='" + value + "' must be between"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-0.1", "0", "-1", "1e99", "0.06USD", ".", "0.0", "1.", ".5", "+1", "0x10", " 0.06", "NaN"})
    void spotBidMustBeAPositivePrice(String v) {
        assertTrue(invalid(Map.of("TASK_SPOT_BID_PRICE", v)).contains("TASK_SPOT_BID_PRICE='" + v + "'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.06", "1", "0.5", "12.345"})
    void spotBidsInPlainDecimals(String v) {
        assertEquals(Optional.of(v), profile(Map.of("TASK_SPOT_BID_PRICE", v)).taskSpotBidPrice());
    }

    @ParameterizedTest
    @ValueSource(strings = {"m5.xlarge", "r6gd.2xlarge", "m7i-flex.large", "u-6tb1.112xlarge", "c7i.metal-48xl", "t3.micro"})
    void instanceTypes(String type) {
        for (String key : List.of("EC2_TYPE", "MASTER_EC2_TYPE", "CORE_EC2_TYPE", "TASK_EC2_TYPE")) {
            assertEquals(type, profile(Map.of(key, type)).values().get(key));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"m5", "m5.", ".xlarge", "m5 xlarge", "m5.xlarge;x", "M5.XLARGE", "m5..xlarge", "m5.x.large",
            "-m5.xlarge", "m5.xlarge-", "m5_x.large"})
    void malformedInstanceTypesNameTheirKey(String type) {
        for (String key : List.of("EC2_TYPE", "MASTER_EC2_TYPE", "CORE_EC2_TYPE", "TASK_EC2_TYPE")) {
            assertEquals(FILE + ": " + key + "='" + type + "' is not an EC2 instance type; write family.size, e.g. m5.xlarge",
                    invalid(Map.of(key, type)));
        }
    }

    @Test
    void tagKeysAndValuesWithinEmrLimits() {
        Profile p = profile(Map.of("TAGS", "k".repeat(128) + "=" + "v".repeat(256), "OWNER_TAG", "é".repeat(256),
                "CLUSTER_NAME", "n".repeat(256)));
        assertEquals(256, p.tags().get("k".repeat(128)).length());
        assertTrue(invalid(Map.of("TAGS", "k".repeat(129) + "=v")).contains("TAGS='" + "k".repeat(77)
                + "...' has a tag key of 129 characters; EMR takes at most 128"));
        assertTrue(invalid(Map.of("TAGS", "team=" + "v".repeat(257))).contains("has a value of 257 characters for tag 'team'"));
        assertTrue(invalid(Map.of("OWNER_TAG", "é".repeat(257))).contains(": OWNER_TAG='"));
        assertTrue(invalid(Map.of("SERVICE_TAG", "s".repeat(300))).contains("SERVICE_TAG='"));
        assertTrue(invalid(Map.of("CLUSTER_NAME", "n".repeat(257))).endsWith("' is 257 characters; EMR takes at most 256"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws:cloudformation:stack=x", "AWS:x=1", "team=a, Aws:Owner=me"})
    void tagKeysReservedByAwsAreRefused(String tags) {
        String msg = invalid(Map.of("TAGS", tags));
        assertTrue(msg.contains("; keys starting with aws: are reserved by AWS"), msg);
        assertTrue(profile(Map.of("TAGS", "awsx=1,my:aws:thing=2")).tags().containsKey("awsx"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"CLUSTER_NAME|a\\u0000b|\\x00", "GIT_USER|al\\u001bice|\\x1b", "TAGS|team=a\\tb|\\t",
            "SSH_USER|hadoop\\n|\\n", "MY_HELPER|x\\u007f|\\x7f", "APPLICATIONS|Spark\\u0000|\\x00", "OWNER_TAG|me\\u009b|\\x9b",
            "CLUSTER_NAME|a\\rb|\\r", "EC2_TYPE|\\tm5.xlarge|\\t", "GIT_BRANCH|main\\u0000|\\x00"})
    void controlCharactersAreRefusedAndShownEscaped(String key, String escaped, String shown) {
        String value = unescape(escaped);
        String msg = invalid(Map.of(key, value));
        assertTrue(msg.contains(key + "='") && msg.endsWith(" holds a control character (" + shown + "); remove it"), msg);
        assertFalse(msg.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)), msg);
    }

    @Test
    void tabsAndLineBreaksSeparateListItemsButNothingElse() {
        assertEquals(List.of("Spark", "Hive"), profile(Map.of("APPLICATIONS", "Spark\n\tHive")).applications());
        assertEquals("A=1\nB=2", profile(Map.of("RUN_NOTEBOOK_ENVS", "A=1\nB=2")).get("RUN_NOTEBOOK_ENVS").orElseThrow());
        String msg = invalid(Map.of("RUN_NOTEBOOK_ENVS", "A=1\u0000"));
        assertEquals(FILE + ": RUN_NOTEBOOK_ENVS=**** holds a control character; remove it", msg);
        assertEquals(FILE + ": GIT_PASS=**** holds a control character; remove it", invalid(Map.of("GIT_PASS", "hun\u0007ter2")));
    }

    private static String unescape(String s) {
        return s.replace("\\u0000", "\u0000").replace("\\u001b", "\u001b").replace("\\u007f", "\u007f")
                .replace("\\u009b", "\u009b").replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec2-1-2-3-4.ap-northeast-2.compute.amazonaws.com", "localhost", "10.0.0.5", "127.0.0.1",
            "::1", "[::1]", "fe80::1%eth0", "2001:db8::8a2e:370:7334", "[2001:db8:0:0:0:0:2:1]", "::ffff:10.0.0.1",
            "master.", "ip-10-0-0-5", "a_b.internal"})
    void masterHostsThatAreHostNamesOrAddresses(String host) {
        String unbracketed = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        assertEquals(Optional.of(unbracketed), profile(Map.of("MASTER_HOST", host)).masterHost());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-oProxyCommand=touch /tmp/x", "-x", "my host", "host;id", "user@host", "host:22", "a..b",
            ".host", "host-.com", "1.2.3.999", "256.1.1.1", "1:2:3", "[::1", "::1]", "1::2::3", "1:2:3:4:5:6:7:8:9",
            "[host]", "h/x", "ho$t", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"})
    void masterHostsThatAreNot(String host) {
        String msg = invalid(Map.of("MASTER_HOST", host));
        assertTrue(msg.contains("MASTER_HOST='") && msg.contains("' is not a host name or IP address"), msg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hadoop", "ec2-user", "_svc", "a.b", "u1", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void sshUsersThatAreUserNames(String user) {
        assertEquals(user, profile(Map.of("SSH_USER", user)).sshUser());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-oProxyCommand=x", "-l", "had oop", "root@host", "a/b", "a;b", "a:b", "$USER", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ha\"doop"})
    void sshUsersThatAreNot(String user) {
        String msg = invalid(Map.of("SSH_USER", user));
        assertTrue(msg.contains("SSH_USER='") && msg.contains("' is not a user name"), msg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h:8765/", "https://host/", "https://host", "git@host:", "https://host/.git", "https://host//",
            "https://host/team/..", "ssh://host:22", "file:///"})
    void gitReposWithoutARepositoryName(String url) {
        assertEquals(FILE + ": GIT_REPO='" + url + "' does not end in a repository name (letters, digits, . _ -); "
                + "write the whole URL, e.g. https://github.com/team/notebooks.git", invalid(Map.of("GIT_REPO", url)));
    }

    @Test
    void aGitRepoWithoutANameNeverShowsTheCredentialsInIt() {
        for (String url : List.of("https://bob:hunter2@host/", "https://bob:hun/ter2@host:8765")) {
            String msg = invalid(Map.of("GIT_REPO", url));
            assertFalse(msg.contains("hunter2") || msg.contains("ter2") || msg.contains("bob"), msg);
            assertTrue(msg.contains("GIT_REPO='https://****@host"), msg);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-dev", "a..b", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[b", "a\\b", "@", "HEAD", "a@{b", ".x",
            "x/.y", "x.lock", "x.lock/y", "/x", "x/", "x//y", "x."})
    void gitBranchesGitWouldRefuse(String branch) {
        String msg = invalid(Map.of("GIT_BRANCH", branch));
        assertTrue(msg.contains("GIT_BRANCH='" + branch + "' is not a branch name git accepts: "), msg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-bucket/x", "s3://", "s3://A_BUCKET/x", "s3://b", "s3://my bucket/x", "s3://my..bucket"})
    void badS3Uris(String v) {
        String msg = invalid(Map.of("INIT_ASSET_DIR_S3", v));
        assertTrue(msg.contains("INIT_ASSET_DIR_S3='" + v + "' is not an s3:// URI"), msg);
    }

    @Test
    void s3UrisAreParsed() {
        Profile p = profile(Map.of("INIT_ASSET_DIR_S3", "s3://my-bucket/wadal/", "EMR_LOG_DIR_S3", "s3://my-bucket"));
        assertEquals(new S3Uri("my-bucket", "wadal"), p.initAssetDir().orElseThrow());
        assertEquals("s3://my-bucket/wadal/boot_eda.sh", p.initAssetDir().orElseThrow().resolve("boot_eda.sh"));
        assertEquals(new S3Uri("my-bucket", ""), p.logDir().orElseThrow());
    }

    @Test
    void bootstrapScriptS3UriIsChecked() {
        assertTrue(invalid(Map.of("BOOTSTRAP_SCRIPT", "s3://x")).contains("BOOTSTRAP_SCRIPT"));
        assertEquals("boot_etl.sh", profile(Map.of("BOOTSTRAP_SCRIPT", "boot_etl.sh")).bootstrapScript());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.5.0", "emr-7.5", "emr-7.5.0-latest", "EMR-7.5.0", "emr-99999999999.0.0"})
    void badLabels(String label) {
        assertEquals(FILE + ": AWS_EMR_LABEL='" + label + "' is not a release label; write e.g. emr-7.5.0",
                invalid(Map.of("AWS_EMR_LABEL", label)));
    }

    @Test
    void jupyterModeAndPublic() {
        assertTrue(invalid(Map.of("JUPYTER_MODE", "Lab")).contains("must be lab, notebook or remote"));
        assertTrue(invalid(Map.of("JUPYTER_PUBLIC", "yes")).contains("must be true or false"));
        assertTrue(profile(Map.of("JUPYTER_PUBLIC", "TRUE")).jupyterPublic());
        assertEquals("remote", profile(Map.of("JUPYTER_MODE", "remote")).jupyterMode());
    }

    @Test
    void tagsFromServiceOwnerAndTags() {
        Profile p = profile(Map.of("SERVICE_TAG", "analytics", "OWNER_TAG", "me", "TAGS", "team=data, env = dev,,"));
        assertEquals(List.of("service", "owner", "team", "env"), List.copyOf(p.tags().keySet()));
        assertEquals("dev", p.tags().get("env"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"team", "=data", " =data", "a=1,b"})
    void malformedTags(String v) {
        assertTrue(invalid(Map.of("TAGS", v)).contains("TAGS='" + v + "' must be key=value pairs"));
    }

    @ParameterizedTest
    @CsvSource({"https://github.com/example/notebooks.git,notebooks", "git@github.com:me/repo.git,repo",
            "https://gitlab.example.com/group/sub/proj/,proj", "http://h:8765/team/nb,nb", "ssh://git@h:22/team/nb.git,nb",
            "/srv/git/nb.git,nb", "file:///srv/git/nb,nb", "https://bob:pw@h/team/nb.git,nb", "git@h:nb.git,nb"})
    void gitRepoName(String url, String name) {
        assertEquals(Optional.of(name), profile(Map.of("GIT_REPO", url)).gitRepoName());
    }

    @Test
    void secretValuesAreNeverShown() {
        Profile p = profile(Map.of("GIT_PASS", "hunter2", "AWS_S3_SECRET_KEY", "s3cr3t"));
        assertTrue(p.secretValues().containsAll(List.of("hunter2", "s3cr3t")));
        WadalException e = assertThrows(WadalException.class, () -> p.with(Map.of("NUM_CORE_INSTANCE", "x-hunter2")));
        assertEquals(FILE + ": NUM_CORE_INSTANCE='x-****' is not a whole number", e.getMessage());
    }

    @Test
    void withChangesKeysAndRevalidates() {
        Profile p = profile(Map.of("NUM_CORE_INSTANCE", "2"));
        Profile q = p.with(Map.of("NUM_CORE_INSTANCE", "5"));
        assertEquals(2, p.coreInstances());
        assertEquals(5, q.coreInstances());
        assertEquals(FILE, q.file());
    }

    @Test
    void inMemoryProfileIsNamedInMessages() {
        WadalException e = assertThrows(WadalException.class, () -> new Profile("mem", null, Map.of("SSH_PORT", "x")));
        assertEquals("profile 'mem': SSH_PORT='x' is not a whole number", e.getMessage());
    }

    @Test
    void lineOfTheKeyIsNamedWhenKnown() {
        WadalException e = assertThrows(WadalException.class,
                () -> new Profile("p", FILE, Map.of("SSH_PORT", "x", "AWS_REGION", "y"), Map.of("SSH_PORT", 4)));
        assertEquals(FILE + ":4: SSH_PORT='x' is not a whole number", e.getMessage());
    }

    @Test
    void withForgetsTheLineOfAChangedKey() {
        Profile p = new Profile("p", FILE, Map.of("SSH_PORT", "22"), Map.of("SSH_PORT", 4));
        WadalException e = assertThrows(WadalException.class, () -> p.with(Map.of("SSH_PORT", "x")));
        assertEquals(FILE + ": SSH_PORT='x' is not a whole number", e.getMessage());
    }
}
