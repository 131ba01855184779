package io.wadal.profile;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileLoaderTest {
    private static final Path FILE = Path.of("profiles", "myprof");
    private static final String WHERE = FILE.toString();
    private static final Path HOME = Path.of("/home/tester");

    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> env = Map.of("STAGE", "dev", "BUCKET_FROM_ENV", "env-bucket", "AWS_REGION", "us-west-2");

    private ProfileLoader loader(Path profilesDir) {
        return new ProfileLoader(profilesDir, env, HOME, warnings::add);
    }

    private Profile parse(String text) {
        return parse(text, Map.of());
    }

    private Profile parse(String text, Map<String, String> overrides) {
        return loader(Path.of("profiles")).parse("myprof", FILE, text, overrides);
    }

    private String value(String text, String key) {
        return parse(text).values().get(key);
    }

    /** Parses text expecting a usage error; returns its message. */
    private String error(String text) {
        return error(text, Map.of());
    }

    private String error(String text, Map<String, String> overrides) {
        WadalException e = assertThrows(WadalException.class, () -> parse(text, overrides));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        return e.getMessage();
    }

    @Nested
    class Format {
        @Test
        void readsAssignmentsWithOrWithoutExportAndTrailingComments() {
            Profile p = parse("""
                    # comment
                      # indented comment

                    export CLUSTER_NAME="my cluster"
                    AWS_REGION=ap-northeast-2          # export is optional
                    export\tAWS_EMR_LABEL=emr-7.5.0 ; # a trailing ; is fine
                    """);
            assertEquals(Map.of("CLUSTER_NAME", "my cluster", "AWS_REGION", "ap-northeast-2", "AWS_EMR_LABEL", "emr-7.5.0"),
                    p.values());
            assertEquals("my cluster", p.clusterName());
            assertEquals(List.of(), warnings);
        }

        @Test
        void keepsFileOrderAndLetsALaterAssignmentWin() {
            Profile p = parse("NUM_CORE_INSTANCE=1\nAWS_REGION=x\nNUM_CORE_INSTANCE=2\n");
            assertEquals(List.of("NUM_CORE_INSTANCE", "AWS_REGION"), List.copyOf(p.values().keySet()));
            assertEquals(2, p.coreInstances());
        }

        @Test
        void allowsSeveralAssignmentsSeparatedBySemicolons() {
            Profile p = parse("SSH_USER=ec2-user; SSH_PORT=2222\n");
            assertEquals("ec2-user", p.sshUser());
            assertEquals(2222, p.sshPort());
        }

        @Test
        void emptyValuesAreUnset() {
            Profile p = parse("EC2_TYPE=\nCLUSTER_NAME= # nothing\nSSH_USER=''\n");
            assertEquals("", p.values().get("EC2_TYPE"));
            assertEquals("m5.xlarge", p.ec2Type());
            assertEquals("myprof", p.clusterName());
            assertEquals("hadoop", p.sshUser());
        }

        @Test
        void hashInsideAWordIsNotAComment() {
            assertEquals("a#b", value("CLUSTER_NAME=a#b\n", "CLUSTER_NAME"));
            assertEquals("#x", value("CLUSTER_NAME=#x\n", "CLUSTER_NAME"));
        }

        @Test
        void bareExportOfAKeyIsAccepted() {
            Profile p = parse("GIT_USER=me\nexport GIT_USER\n");
            assertEquals("me", p.values().get("GIT_USER"));
        }

        @Test
        void toleratesCrlfAndByteOrderMark() {
            Profile p = parse("\uFEFFexport AWS_REGION=ap-northeast-2\r\nRUN_NOTEBOOK_ENVS=\"A=1\r\nB=2\"\r\nSSH_PORT=22\r\n");
            assertEquals("ap-northeast-2", p.region().orElseThrow());
            assertEquals("A=1\nB=2", p.get("RUN_NOTEBOOK_ENVS").orElseThrow());
            assertEquals(22, p.sshPort());
        }

        @Test
        void malformedLineNamesFileLineAndText() {
            String msg = error("# c\nAWS_REGION=x\n\n\n\n\nfoo bar\n");
            assertEquals(WHERE + ":7: not a KEY=VALUE assignment: 'foo bar'", msg);
        }

        @ParameterizedTest
        @ValueSource(strings = {"source other.sh", "if true; then", "export", "export -n FOO", "=value", "; A=1", "A+=b"})
        void otherShellConstructsAreNotAssignments(String line) {
            String msg = error("AWS_REGION=x\n" + line + "\n");
            assertTrue(msg.startsWith(WHERE + ":2: "), msg);
        }

        @Test
        void spacesAroundEqualsGetAHint() {
            String msg = error("AWS_REGION = ap-northeast-2\n");
            assertEquals(WHERE + ":1: not a KEY=VALUE assignment: 'AWS_REGION = ap-northeast-2' (no spaces around =)", msg);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1KEY=x", "MY-KEY=x", "export MY.KEY=x"})
        void keysMustBeShellNames(String line) {
            String msg = error("\n" + line + "\n");
            assertTrue(msg.startsWith(WHERE + ":2: '"), msg);
            assertTrue(msg.contains("is not a valid key name"), msg);
        }

        @Test
        void unquotedTextAfterTheValueIsAnError() {
            String msg = error("AWS_REGION=x\nCLUSTER_NAME=my cluster\n");
            assertEquals(WHERE + ":2: unexpected text after the value of CLUSTER_NAME: 'cluster';"
                    + " put a value with spaces in quotes, e.g. CLUSTER_NAME=\"a b\"", msg);
        }

        @ParameterizedTest
        @ValueSource(strings = {"CLUSTER_NAME=a|b", "CLUSTER_NAME=a&", "CLUSTER_NAME=x(y)", "CLUSTER_NAME=a >out"})
        void unquotedOperatorsAreErrors(String line) {
            String msg = error(line + "\n");
            assertTrue(msg.startsWith(WHERE + ":1: unexpected text after the value of CLUSTER_NAME"), msg);
        }
    }

    @Nested
    class Quoting {
        @Test
        void singleQuotesAreLiteral() {
            assertEquals("$STAGE \\\" ~/x `y` $(z)", value("CLUSTER_NAME='$STAGE \\\" ~/x `y` $(z)'\n", "CLUSTER_NAME"));
        }

        @Test
        void doubleQuotesExpandAndHonourTheirEscapes() {
            String text = "CLUSTER_NAME=\"a $STAGE \\\"q\\\" \\\\ \\$x \\` \\n ~/h\"\n";
            assertEquals("a dev \"q\" \\ $x ` \\n ~/h", value(text, "CLUSTER_NAME"));
        }

        @Test
        void unquotedBackslashEscapesAnyCharacter() {
            assertEquals("a b$c\"d", value("CLUSTER_NAME=a\\ b\\$c\\\"d\n", "CLUSTER_NAME"));
        }

        @Test
        void wordsConcatenateLikeBash() {
            assertEquals("ab cd", value("CLUSTER_NAME=a\"b c\"'d'\n", "CLUSTER_NAME"));
        }

        @Test
        void ansiCQuotesKnowTheCommonEscapes() {
            assertEquals("a\tb'c\\q", value("RUN_NOTEBOOK_ENVS=$'a\\tb\\'c\\q'\n", "RUN_NOTEBOOK_ENVS"));
        }

        @Test
        void dollarNotFollowedByANameIsLiteral() {
            assertEquals("a$ b$/c$", value("CLUSTER_NAME=\"a$ b$/c$\"\n", "CLUSTER_NAME"));
            assertEquals("cost$", value("CLUSTER_NAME=cost$\n", "CLUSTER_NAME"));
        }

        @Test
        void quotedValueMaySpanLinesAndLaterLinesKeepTheirNumbers() {
            String msg = error("RUN_NOTEBOOK_ENVS=\"A=1\nB=2\nC=3\"\nbad line\n");
            assertTrue(msg.startsWith(WHERE + ":4: not a KEY=VALUE assignment"), msg);
            assertEquals("A=1\nB=2\nC=3", value("RUN_NOTEBOOK_ENVS=\"A=1\nB=2\nC=3\"\n", "RUN_NOTEBOOK_ENVS"));
        }

        @Test
        void backslashNewlineContinuesTheLine() {
            assertEquals("abcd", value("CLUSTER_NAME=ab\\\ncd\n", "CLUSTER_NAME"));
            assertEquals("abcd", value("CLUSTER_NAME=\"ab\\\ncd\"\n", "CLUSTER_NAME"));
        }

        @Test
        void unterminatedDoubleQuoteNamesTheLineItOpenedOn() {
            String msg = error("AWS_REGION=x\nCLUSTER_NAME=\"my cluster\nSSH_USER=me\n");
            assertTrue(msg.startsWith(WHERE + ":2: unterminated double quote"), msg);
        }

        @Test
        void unterminatedSingleQuoteNamesTheLineItOpenedOn() {
            String msg = error("\n\nCLUSTER_NAME='abc\n");
            assertTrue(msg.startsWith(WHERE + ":3: unterminated single quote"), msg);
        }
    }

    @Nested
    class Expansion {
        @Test
        void variablesComeFromEarlierKeysThenTheEnvironment() {
            Profile p = parse("""
                    INIT_ASSET_DIR_S3=s3://my-bucket/wadal
                    EMR_LOG_DIR_S3=$INIT_ASSET_DIR_S3/logs
                    CLUSTER_NAME="${STAGE}-cluster"
                    AWS_REGION=eu-west-1
                    OWNER_TAG=$AWS_REGION
                    """);
            assertEquals("s3://my-bucket/wadal/logs", p.logDir().orElseThrow().toString());
            assertEquals("dev-cluster", p.clusterName());
            assertEquals("eu-west-1", p.values().get("OWNER_TAG"), "the file's key wins over the environment's");
            assertEquals(List.of(), warnings);
        }

        @Test
        void aKeySetLaterIsNotSeenEarlier() {
            Profile p = parse("OWNER_TAG=$AWS_REGION\nAWS_REGION=eu-west-1\n");
            assertEquals("us-west-2", p.values().get("OWNER_TAG"));
        }

        @Test
        void unsetVariableExpandsToNothingWithAWarning() {
            Profile p = parse("AWS_REGION=x\nCLUSTER_NAME=a${NOPE}b\n");
            assertEquals("ab", p.clusterName());
            assertEquals(List.of(WHERE + ":2: $NOPE is not set; it expands to nothing in CLUSTER_NAME"), warnings);
        }

        @Test
        void defaultsAndAlternatives() {
            Map<String, String> expected = Map.of(
                    "${NOPE:-fallback}", "fallback",
                    "${NOPE-fallback}", "fallback",
                    "${STAGE:-fallback}", "dev",
                    "${OWNER_TAG:-fallback}", "fallback",
                    "${OWNER_TAG-fallback}", "",
                    "${STAGE:+alt}", "alt",
                    "${NOPE:+alt}", "",
                    "\"${NOPE:-a b}\"", "a b",
                    "${NOPE:-$STAGE}", "dev",
                    "${NOPE:-'x}y'}", "x}y");
            expected.forEach((word, value) -> {
                Profile p = parse("OWNER_TAG=\nCLUSTER_NAME=" + word + "\n");
                assertEquals(value, p.values().get("CLUSTER_NAME"), word);
            });
            assertEquals(List.of(), warnings, "a default silences the unset warning");
        }

        @Test
        void unusedDefaultDoesNotWarn() {
            parse("CLUSTER_NAME=${STAGE:-$NOPE}\n");
            assertEquals(List.of(), warnings);
        }

        @ParameterizedTest
        @ValueSource(strings = {"$(whoami)", "\"$(whoami)\"", "`whoami`", "\"a `id` b\"", "${NOPE:-$(id)}"})
        void commandSubstitutionIsRefusedNamingLineAndKey(String word) {
            String msg = error("AWS_REGION=x\nCLUSTER_NAME=" + word + "\n");
            assertEquals(WHERE + ":2: command substitution is not supported in profiles (value of CLUSTER_NAME);"
                    + " write the value itself", msg);
        }

        @Test
        void arithmeticIsRefused() {
            String msg = error("NUM_CORE_INSTANCE=$((1+2))\n");
            assertTrue(msg.startsWith(WHERE + ":1: arithmetic expansion"), msg);
            assertTrue(msg.contains("NUM_CORE_INSTANCE"), msg);
        }

        @ParameterizedTest
        @ValueSource(strings = {"pa$$word", "\"$1\"", "$?", "$@"})
        void specialParametersAreRefused(String word) {
            String msg = error("CLUSTER_NAME=" + word + "\n");
            assertTrue(msg.startsWith(WHERE + ":1: $"), msg);
            assertTrue(msg.contains("not supported in profiles (value of CLUSTER_NAME)"), msg);
        }

        @ParameterizedTest
        @ValueSource(strings = {"${#STAGE}", "${STAGE%v}", "${STAGE:=x}", "${}", "${STAGE"})
        void otherParameterExpansionsAreRefused(String word) {
            String msg = error("CLUSTER_NAME=" + word + "\n");
            assertTrue(msg.startsWith(WHERE + ":1: "), msg);
            assertTrue(msg.contains("CLUSTER_NAME"), msg);
        }

        @Test
        void tildeExpandsAtTheStartAndAfterColons() {
            String h = HOME.toString();
            assertEquals(h + "/.ssh/key.pem", value("EC2_KEY_PAIR_PATH=~/.ssh/key.pem\n", "EC2_KEY_PAIR_PATH"));
            assertEquals(h, value("CLUSTER_NAME=~\n", "CLUSTER_NAME"));
            assertEquals("/a:" + h + "/b", value("CLUSTER_NAME=/a:~/b\n", "CLUSTER_NAME"));
            assertEquals("a~/b", value("CLUSTER_NAME=a~/b\n", "CLUSTER_NAME"));
            assertEquals("~other/x", value("CLUSTER_NAME=~other/x\n", "CLUSTER_NAME"));
            assertEquals("~/x", value("CLUSTER_NAME=\"~/x\"\n", "CLUSTER_NAME"));
            assertEquals("~/x", value("CLUSTER_NAME='~/x'\n", "CLUSTER_NAME"));
        }

        @Test
        void quotedTildeStillExpandsInLocalPaths() {
            // the original template quoted EC2_KEY_PAIR_PATH, and ssh -i expanded the ~ itself
            Profile p = parse("EC2_KEY_PAIR_PATH=\"~/.ssh/key.pem\"\nEMR_CONFIG='~/conf.json'\n");
            assertEquals(HOME.resolve(".ssh/key.pem"), p.keyPairPath().orElseThrow());
            assertEquals(HOME.resolve("conf.json"), p.emrConfig().orElseThrow());
        }
    }

    @Nested
    class Placeholders {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "export CLUSTER_NAME=\"YOUR-CLUSTER-NAME\"|CLUSTER_NAME|YOUR-CLUSTER-NAME",
                "export AWS_REGION=YOUR-AWS-REGION|AWS_REGION|YOUR-AWS-REGION",
                "export AWS_EMR_LABEL=EMR-LABEL ex)emr-5.0.0|AWS_EMR_LABEL|EMR-LABEL ex)emr-5.0.0",
                "export AWS_EMR_SUBNET=EMR-VPC-SUBNET ex)subnet-a55xxxxx|AWS_EMR_SUBNET|EMR-VPC-SUBNET ex)subnet-a55xxxxx",
                "export MASTER_EC2_TYPE=MASTER-NODE-EC2-INSTNACE-TYPE  ex) m4.large|MASTER_EC2_TYPE|MASTER-NODE-EC2-INSTNACE-TYPE ex) m4.large",
                "export CORE_EBS_SIZE=CORE-NODE-EBS-SIZE-IN-GB  ex) 100|CORE_EBS_SIZE|CORE-NODE-EBS-SIZE-IN-GB ex) 100",
                "export TASK_SPOT_BID_PRICE=TASK-SPOT-INSTANCE-BID-PRICE  ex)0.06|TASK_SPOT_BID_PRICE|TASK-SPOT-INSTANCE-BID-PRICE ex)0.06",
                "export EC2_TYPE=EC2-INSTANCE-TYPE ex)m3.xlarge|EC2_TYPE|EC2-INSTANCE-TYPE ex)m3.xlarge",
                "export EC2_KEY_PAIR_NAME=EC2-KEY-PAIR-NAME|EC2_KEY_PAIR_NAME|EC2-KEY-PAIR-NAME",
                "export EC2_KEY_PAIR_PATH=\"EC2-KEY-PAIR-PATH(include .pem)\"|EC2_KEY_PAIR_PATH|EC2-KEY-PAIR-PATH(include .pem)",
                "export INIT_ASSET_DIR_S3=S3-URI-FOR-INIT-ASSET|INIT_ASSET_DIR_S3|S3-URI-FOR-INIT-ASSET",
                "export EMR_LOG_DIR_S3=S3-URI-FOR-EMR-LOG|EMR_LOG_DIR_S3|S3-URI-FOR-EMR-LOG",
                "export JUPYTER_MODE=JUPYTER-MODE  # 주피터 노트북 모드|JUPYTER_MODE|JUPYTER-MODE",
                "export GIT_REPO=GIT-REPO  # https:// 로 시작하는 git 저장소 URL|GIT_REPO|GIT-REPO",
                "export GIT_USER=GIT-USER|GIT_USER|GIT-USER",
                "export GIT_MAIL=GIT-MAIL|GIT_MAIL|GIT-MAIL",
                "CLUSTER_NAME=\"my cluster ex) test\"|CLUSTER_NAME|my cluster ex) test",
                "SERVICE_TAG=YOUR-SERVICE|SERVICE_TAG|YOUR-SERVICE"})
        void originalTemplatePlaceholdersAreErrorsNamingKeyAndLine(String line, String key, String shown) {
            String msg = error("# profile\n" + line + "\n");
            assertTrue(msg.startsWith(WHERE + ":2: " + key + " still holds the template placeholder '" + shown + "'; set it to "),
                    msg);
        }

        @Test
        void messageSaysWhatToPutInstead() {
            assertEquals(WHERE + ":3: AWS_REGION still holds the template placeholder 'YOUR-AWS-REGION';"
                            + " set it to your AWS region, e.g. ap-northeast-2",
                    error("\n\nexport AWS_REGION=YOUR-AWS-REGION\n"));
        }

        @Test
        void theOriginalTemplateIsRejectedAtItsFirstLine() {
            String original = """
                    export CLUSTER_NAME="YOUR-CLUSTER-NAME"
                    export AWS_REGION=YOUR-AWS-REGION
                    export AWS_EMR_LABEL=EMR-LABEL ex)emr-5.0.0
                    """;
            assertTrue(error(original).startsWith(WHERE + ":1: CLUSTER_NAME still holds"));
        }

        @Test
        void secretPlaceholderIsReportedWithoutItsValue() {
            String msg = error("export GIT_PASS=GIT-PASS  # 저장소 암호\n");
            assertEquals(WHERE + ":1: GIT_PASS still holds a template placeholder;"
                    + " set it to your git password or access token", msg);
            String envs = error("export RUN_NOTEBOOK_ENVS=ENV-VARS-TO-RUN-NOTEBOOK\n");
            assertTrue(envs.startsWith(WHERE + ":1: RUN_NOTEBOOK_ENVS still holds a template placeholder;"), envs);
            assertFalse(envs.contains("ENV-VARS-TO-RUN-NOTEBOOK"), envs);
        }

        @Test
        void aPasswordContainingExParenIsNotAPlaceholder() {
            Profile p = parse("GIT_PASS='hex)pass'\n");
            assertEquals("hex)pass", p.values().get("GIT_PASS"));
        }

        @Test
        void overriddenKeyMayHoldAPlaceholderInTheFile() {
            Profile p = parse("AWS_REGION=YOUR-AWS-REGION\nCLUSTER_NAME=c-$AWS_REGION\n", Map.of("AWS_REGION", "eu-west-1"));
            assertEquals("eu-west-1", p.region().orElseThrow());
            assertEquals("c-eu-west-1", p.clusterName());
        }
    }

    @Nested
    class Secrets {
        @Test
        void trailingTextAfterASecretIsMasked() {
            String msg = error("GIT_PASS=hunter2 more-secret\n");
            assertTrue(msg.contains("GIT_PASS: '****'"), msg);
            assertFalse(msg.contains("hunter2") || msg.contains("more-secret"), msg);
        }

        @ParameterizedTest
        @ValueSource(strings = {"GIT_PASS hunter2", "export AWS_S3_SECRET_KEY hunter2", "GIT_PASSWORD = hunter2",
                "EMR_TERM_SECRET_KEY: hunter2"})
        void malformedSecretLineIsMasked(String line) {
            String msg = error(line + "\n");
            assertTrue(msg.startsWith(WHERE + ":1: not a KEY=VALUE assignment: '"), msg);
            assertTrue(msg.contains("****"), msg);
            assertFalse(msg.contains("hunter2"), msg);
        }

        @Test
        void commandSubstitutionInASecretDoesNotShowIt() {
            String msg = error("GIT_PASS=\"hunter2$(cat x)\"\n");
            assertTrue(msg.contains("GIT_PASS"), msg);
            assertFalse(msg.contains("hunter2"), msg);
        }

        @Test
        void secretExpandedIntoAnotherKeyIsMaskedThere() {
            String msg = error("GIT_PASS='hunter2'\nNUM_CORE_INSTANCE=\"$GIT_PASS\"\n");
            assertEquals(WHERE + ":2: NUM_CORE_INSTANCE='****' is not a whole number", msg);
        }

        @Test
        void misspeltSecretKeyHasTrailingTextMasked() {
            String msg = error("GIT_PASSWD=hunter2 x\n");
            assertTrue(msg.contains("GIT_PASSWD: '****'"), msg);
            assertFalse(msg.contains("hunter2"), msg);
        }
    }

    @Nested
    class UnknownKeys {
        @Test
        void warnsWithTheClosestKnownKeyAndKeepsTheValue() {
            Profile p = parse("AWS_REGION=x\n\n\n\nCLUSTERNAME=foo\n");
            assertEquals(List.of(WHERE + ":5: unknown key CLUSTERNAME (did you mean CLUSTER_NAME?)"), warnings);
            assertEquals("foo", p.values().get("CLUSTERNAME"));
        }

        @ParameterizedTest
        @CsvSource({"AWS_REGOIN,AWS_REGION", "aws_region,AWS_REGION", "NUM_CORE_INSTANCES,NUM_CORE_INSTANCE",
                "EMR_LABEL,AWS_EMR_LABEL", "GIT_PASSWORD,GIT_PASS"})
        void suggestsTypos(String typo, String known) {
            parse(typo + "=1\n");
            assertEquals(List.of(WHERE + ":1: unknown key " + typo + " (did you mean " + known + "?)"), warnings);
        }

        @Test
        void noSuggestionWhenNothingIsClose() {
            parse("WHATEVER_ELSE_ENTIRELY=1\n");
            assertEquals(List.of(WHERE + ":1: unknown key WHATEVER_ELSE_ENTIRELY"), warnings);
        }

        @Test
        void warnsOncePerKey() {
            parse("CLUSTERNAME=a\nCLUSTERNAME=b\n");
            assertEquals(1, warnings.size());
        }

        @Test
        void helperVariableUsedLaterIsNotWarnedAbout() {
            Profile p = parse("BUCKET=my-bucket\nINIT_ASSET_DIR_S3=s3://$BUCKET/wadal\n");
            assertEquals("s3://my-bucket/wadal", p.initAssetDir().orElseThrow().toString());
            assertEquals(List.of(), warnings);
        }
    }

    @Nested
    class Overrides {
        @Test
        void winOverTheFileAndAreWhatTheKeyExpandsToOnEveryLine() {
            Profile p = parse("INIT_ASSET_DIR_S3=s3://file-bucket/x\nEMR_LOG_DIR_S3=$INIT_ASSET_DIR_S3/logs\nAWS_REGION=eu-west-1\n",
                    Map.of("INIT_ASSET_DIR_S3", "s3://cli-bucket/y", "SSH_PORT", "2222"));
            assertEquals("s3://cli-bucket/y", p.initAssetDir().orElseThrow().toString());
            assertEquals("s3://cli-bucket/y/logs", p.logDir().orElseThrow().toString());
            assertEquals(2222, p.sshPort());
            assertEquals(List.of("INIT_ASSET_DIR_S3", "EMR_LOG_DIR_S3", "AWS_REGION", "SSH_PORT"), List.copyOf(p.values().keySet()));
        }

        @Test
        void areLiteral() {
            Profile p = parse("", Map.of("CLUSTER_NAME", "$STAGE `x` \"q\""));
            assertEquals("$STAGE `x` \"q\"", p.clusterName());
        }

        @Test
        void unknownOverrideKeyWarnsWithoutALine() {
            parse("", Map.of("CLUSTERNAME", "x"));
            assertEquals(List.of("-p CLUSTERNAME: unknown key CLUSTERNAME (did you mean CLUSTER_NAME?)"), warnings);
        }

        @Test
        void aBadValueGivenWithMinusPIsBlamedOnTheOptionNotTheFile() {
            assertEquals("-p NUM_CORE_INSTANCE='x' is not a whole number",
                    error("NUM_CORE_INSTANCE=2\n", Map.of("NUM_CORE_INSTANCE", "x")));
            assertTrue(error("NUM_CORE_INSTANCE=x\n", Map.of()).contains(":1: NUM_CORE_INSTANCE='x'"), "a file's value names its line");
        }

        @Test
        void invalidOverrideKeyIsAnError() {
            String msg = error("", Map.of("BAD-KEY", "x"));
            assertTrue(msg.contains("'BAD-KEY' is not a valid key name"), msg);
        }

        @Test
        void overrideValuesAreValidatedToo() {
            String msg = error("AWS_REGION=x\n", Map.of("NUM_CORE_INSTANCE", "many"));
            assertEquals("-p NUM_CORE_INSTANCE='many' is not a whole number", msg);
        }

        @Test
        void syntaxErrorsOfAnOverriddenLineStillCount() {
            String msg = error("CLUSTER_NAME=\"$(id)\"\n", Map.of("CLUSTER_NAME", "x"));
            assertTrue(msg.contains("command substitution"), msg);
        }
    }

    @Nested
    class Validation {
        @Test
        void nonNumericCountNamesFileLineAndKey() {
            String msg = error("AWS_REGION=x\nNUM_CORE_INSTANCE=two\n");
            assertEquals(WHERE + ":2: NUM_CORE_INSTANCE='two' is not a whole number", msg);
        }

        @Test
        void lineOfTheLastAssignmentIsNamed() {
            String msg = error("NUM_TASK_INSTANCE=1\nNUM_TASK_INSTANCE=-3\n");
            assertEquals(WHERE + ":2: NUM_TASK_INSTANCE='-3' must be between 0 and 10000", msg);
        }

        @Test
        void badS3Uri() {
            String msg = error("\nINIT_ASSET_DIR_S3=my-bucket/wadal\n");
            assertTrue(msg.startsWith(WHERE + ":2: INIT_ASSET_DIR_S3='my-bucket/wadal' is not an s3:// URI"), msg);
        }

        @Test
        void badLogUriAfterExpansion() {
            String msg = error("INIT_ASSET_DIR_S3=s3://ok-bucket\nEMR_LOG_DIR_S3=s3://$NOPE/logs\n");
            assertTrue(msg.startsWith(WHERE + ":2: EMR_LOG_DIR_S3='s3:///logs' is not an s3:// URI"), msg);
        }

        @Test
        void badIdleTimeout() {
            String msg = error("IDLE_TIMEOUT=soon\n");
            assertEquals(WHERE + ":1: IDLE_TIMEOUT='soon' is not a duration; write e.g. 90m, 2h, 1d, or off", msg);
        }

        @ParameterizedTest
        @ValueSource(strings = {"30s", "8d", "0m", "99999999999999d"})
        void idleTimeoutOutOfRange(String v) {
            String msg = error("IDLE_TIMEOUT=" + v + "\n");
            assertTrue(msg.startsWith(WHERE + ":1: IDLE_TIMEOUT='" + v + "' is out of range"), msg);
        }

        @ParameterizedTest
        @ValueSource(strings = {"7.5.0", "emr-7.5", "emr-latest", "EMR-7.5.0", "emr-99999999999.0.0"})
        void badLabel(String label) {
            String msg = error("AWS_EMR_LABEL=" + label + "\n");
            assertEquals(WHERE + ":1: AWS_EMR_LABEL='" + label + "' is not a release label; write e.g. emr-7.5.0", msg);
        }

        @Test
        void badJupyterMode() {
            String msg = error("JUPYTER_MODE=classic\n");
            assertTrue(msg.startsWith(WHERE + ":1: JUPYTER_MODE='classic' must be"), msg);
        }
    }

    @Nested
    class OnDisk {
        @TempDir
        Path dir;

        private void write(String name, String text) throws IOException {
            Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        }

        @Test
        void namesAreSortedRegularFilesWithoutHiddenOnesOrEditorLeftovers() throws IOException {
            for (String n : List.of("zeta", "alpha", "b.prod", ".hidden", "alpha~", "alpha.swp", "alpha.bak", "alpha.orig")) {
                write(n, "");
            }
            Files.createDirectory(dir.resolve("subdir"));
            assertEquals(List.of("alpha", "b.prod", "zeta"), loader(dir).names());
        }

        @Test
        void noDirectoryMeansNoNames() {
            assertEquals(List.of(), loader(dir.resolve("missing")).names());
        }

        @Test
        void loadsAFileAndNamesItInErrors() throws IOException {
            write("p1", "AWS_REGION=eu-west-1\n");
            write("p2", "AWS_REGION=x\nNUM_CORE_INSTANCE=x\n");
            Profile p = loader(dir).load("p1", Map.of("SSH_PORT", "2200"));
            assertEquals("p1", p.name());
            assertEquals(dir.resolve("p1"), p.file());
            assertEquals("eu-west-1", p.region().orElseThrow());
            assertEquals(2200, p.sshPort());
            WadalException e = assertThrows(WadalException.class, () -> loader(dir).load("p2", Map.of()));
            assertEquals(ExitCodes.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith(dir.resolve("p2") + ":2: NUM_CORE_INSTANCE="), e.getMessage());
        }

        @Test
        void readsUtf8WithBomAndCrlf() throws IOException {
            Files.write(dir.resolve("win"), "\uFEFFCLUSTER_NAME=\"분석 클러스터\"\r\nSSH_PORT=22\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("분석 클러스터", loader(dir).load("win", Map.of()).clusterName());
        }

        @Test
        void missingProfileListsTheAvailableOnes() throws IOException {
            write("b", "");
            write("a", "");
            WadalException e = assertThrows(WadalException.class, () -> loader(dir).load("x", Map.of()));
            assertEquals(ExitCodes.USAGE, e.exitCode());
            assertEquals("profile 'x' not found: no file " + dir.resolve("x") + " (available: a, b)", e.getMessage());
        }

        @Test
        void missingProfileWithNoneYetSaysToCopyTheTemplate() {
            WadalException e = assertThrows(WadalException.class, () -> loader(dir).load("x", Map.of()));
            assertEquals(ExitCodes.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("profile 'x' not found: no file " + dir.resolve("x")), e.getMessage());
            assertTrue(e.getMessage().contains("no profiles yet: copy profile.template to"), e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"../secret", "..", ".hidden", "a/b", "a b", "-x", ""})
        void profileNamesCannotEscapeTheFolder(String name) throws IOException {
            Files.writeString(dir.resolve("secret"), "AWS_REGION=x\n");
            ProfileLoader loader = loader(dir.resolve("profiles"));
            WadalException e = assertThrows(WadalException.class, () -> loader.load(name, Map.of()));
            assertEquals(ExitCodes.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("invalid profile name"), e.getMessage());
        }

        @ParameterizedTest
        @CsvSource({"rw-r--r--, true", "rw-r-----, true", "rw----r--, true", "rw-------, false", "r--------, false"})
        void aSecretInAFileOthersCanReadIsWarnedAboutWithTheChmodToRun(String mode, boolean warned) throws IOException {
            write("p", "AWS_REGION=eu-west-1\nGIT_PASS=hunter22\n");
            Files.setPosixFilePermissions(dir.resolve("p"), PosixFilePermissions.fromString(mode));
            loader(dir).load("p", Map.of());
            List<String> expected = warned ? List.of("profile 'p' (" + dir.resolve("p") + ") holds secrets and is readable by others;"
                    + " run: chmod 600 " + dir.resolve("p")) : List.of();
            assertEquals(expected, warnings);
        }

        @ParameterizedTest
        @ValueSource(strings = {"GIT_PASS", "AWS_S3_ACCESS_KEY", "AWS_S3_SECRET_KEY", "EMR_TERM_ACCESS_KEY", "EMR_TERM_SECRET_KEY",
                "RUN_NOTEBOOK_ENVS"})
        void everySecretKeyCounts(String key) throws IOException {
            write("p", key + "=value-of-it\n");
            Files.setPosixFilePermissions(dir.resolve("p"), PosixFilePermissions.fromString("rw-r--r--"));
            loader(dir).load("p", Map.of());
            assertEquals(1, warnings.size(), warnings.toString());
        }

        @Test
        void aReadableFileWithoutSecretsOrWithTheSecretOnlyFromTheCommandLineIsNotWarnedAbout() throws IOException {
            write("p", "AWS_REGION=eu-west-1\nGIT_PASS=\n");
            Files.setPosixFilePermissions(dir.resolve("p"), PosixFilePermissions.fromString("rw-r--r--"));
            loader(dir).load("p", Map.of());
            loader(dir).load("p", Map.of("GIT_PASS", "from-the-command-line"));
            assertEquals(List.of(), warnings);
        }

        @Test
        void theSecretsOfALoadedProfileAreMaskedInLogLines() throws IOException {
            write("p", "GIT_PASS=gitpass-LOADER-3b1\nRUN_NOTEBOOK_ENVS=\"NB_TOKEN='nbtoken-LOADER-8c2' STAGE=dev\"\n"
                    + "GIT_PASSWORD=misspelt-LOADER-5d0\nCLUSTER_NAME=cluster-LOADER-9e4\n");
            loader(dir).load("p", Map.of("EMR_TERM_SECRET_KEY", "termsecret-LOADER-1a7"));
            assertEquals("**** **** **** **** STAGE=dev cluster-LOADER-9e4", io.wadal.console.LogRedaction.redact(
                    "gitpass-LOADER-3b1 nbtoken-LOADER-8c2 misspelt-LOADER-5d0 termsecret-LOADER-1a7 STAGE=dev cluster-LOADER-9e4"));
        }

        @Test
        void nonUtf8FileIsAnError() throws IOException {
            Files.write(dir.resolve("latin"), new byte[] {'A', '=', (byte) 0xE9, '\n'});
            WadalException e = assertThrows(WadalException.class, () -> loader(dir).load("latin", Map.of()));
            assertEquals(ExitCodes.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        }
    }

    @Nested
    class ShippedFiles {
        private final Path base = Path.of(System.getProperty("basedir", ""));

        @Test
        void exampleProfileLoadsCleanly() throws IOException {
            // loaded as the quickstart loads it, from a checkout (0644: git keeps no 0600), so it must hold no secret
            Profile p = loader(base.resolve("profiles")).load("example", Map.of());
            assertEquals(List.of(), warnings);
            assertEquals("ap-northeast-2", p.region().orElseThrow());
            assertEquals("emr-7.5.0", p.emrLabel().orElseThrow());
            assertEquals(Optional.of("subnet-0123456789abcdef0"), p.subnet());
            assertEquals(HOME.resolve(".ssh/wadal-example.pem"), p.keyPairPath().orElseThrow());
            assertEquals("s3://wadal-example-bucket/wadal/logs", p.logDir().orElseThrow().toString());
            assertEquals(2, p.coreInstances());
            assertEquals(2, p.taskInstances());
            assertEquals(Optional.of("0.10"), p.taskSpotBidPrice());
            assertEquals(Optional.of("notebooks"), p.gitRepoName());
            assertEquals(Optional.of(Duration.ofHours(2)), p.idleTimeout());
            assertFalse(p.tags().isEmpty());
        }

        @Test
        void templateIsRejectedForItsPlaceholders() throws IOException {
            Path template = base.resolve("profile.template");
            String text = Files.readString(template);
            WadalException e = assertThrows(WadalException.class,
                    () -> loader(base.resolve("profiles")).parse("myprof", template, text, Map.of()));
            assertEquals(ExitCodes.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains(" still holds the template placeholder 'YOUR-"), e.getMessage());
        }

        @Test
        void templateWithRequiredKeysFilledInLoadsCleanly() throws IOException {
            String text = Files.readString(base.resolve("profile.template"));
            Map<String, String> filled = Map.of("AWS_REGION", "ap-northeast-2", "AWS_EMR_LABEL", "emr-7.5.0",
                    "AWS_EMR_SUBNET", "subnet-0123456789abcdef0", "EC2_KEY_PAIR_NAME", "k",
                    "EC2_KEY_PAIR_PATH", "~/.ssh/k.pem", "INIT_ASSET_DIR_S3", "s3://my-bucket/wadal");
            Profile p = loader(base.resolve("profiles")).parse("myprof", Path.of("profiles/myprof"), text, filled);
            assertEquals(List.of(), warnings);
            assertEquals("emr-7.5.0", p.emrLabel().orElseThrow());
        }

        @Test
        void templateDocumentsEveryKey() throws IOException {
            String text = Files.readString(base.resolve("profile.template"));
            for (String key : ProfileKeys.ALL) {
                assertTrue(Pattern.compile("(?m)^(# )?export " + key + "=").matcher(text).find(), key + " missing from profile.template");
            }
        }
    }
}
