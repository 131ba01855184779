package io.wadal.profile;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The schema itself: secrets, defaults that are values of their own kind, where(), the accessors of untyped keys. */
class ProfileSchemaTest {
    @Test
    void logsGoUnderTheAssetsUnlessSetElsewhereOrOff() {
        Map<String, String> assets = Map.of("INIT_ASSET_DIR_S3", "s3://my-bucket/wadal/");
        assertEquals(Optional.of(new S3Uri("my-bucket", "wadal/logs")), new Profile("p", null, assets).logDir());
        assertEquals(Optional.of(new S3Uri("other-bucket", "emr")),
                new Profile("p", null, Map.of("INIT_ASSET_DIR_S3", "s3://my-bucket/wadal", "EMR_LOG_DIR_S3", "s3://other-bucket/emr")).logDir());
        assertEquals(Optional.empty(), new Profile("p", null, Map.of("INIT_ASSET_DIR_S3", "s3://my-bucket", "EMR_LOG_DIR_S3", "OFF")).logDir());
        assertEquals(Optional.empty(), new Profile("p", null, Map.of()).logDir());
        io.wadal.error.WadalException bad = org.junit.jupiter.api.Assertions.assertThrows(io.wadal.error.WadalException.class,
                () -> new Profile("p", null, Map.of("EMR_LOG_DIR_S3", "logs")));
        assertEquals("profile 'p': EMR_LOG_DIR_S3='logs' is not an s3:// URI with a valid bucket name, "
                + "e.g. s3://my-bucket/wadal/logs, or off", bad.getMessage());
    }

    @Test
    void theNameConstantsAreExactlyTheKeys() throws IllegalAccessException {
        List<String> constants = new java.util.ArrayList<>();
        for (Field f : ProfileKey.Names.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                assertEquals(f.getName(), f.get(null), "ProfileKey.Names." + f.getName());
                constants.add(f.getName());
            }
        }
        assertEquals(Arrays.stream(ProfileKey.values()).map(Enum::name).toList(), constants);
    }

    @Test
    void theSecretsAreTheCredentialsTheNotebookEnvironmentAndThePipIndexes() {
        assertEquals(Set.of("GIT_PASS", "RUN_NOTEBOOK_ENVS", "EMR_TERM_ACCESS_KEY", "EMR_TERM_SECRET_KEY",
                "AWS_S3_ACCESS_KEY", "AWS_S3_SECRET_KEY", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL"), ProfileKeys.SECRETS);
        assertEquals(52, ProfileKeys.ALL.size());
    }

    @Test
    void everyDefaultIsAValueOfItsKeysKind() {
        for (ProfileKey key : ProfileKey.values()) {
            key.defaultValue().ifPresent(v -> assertEquals(Optional.empty(), key.kind().problem(v), key.name()));
        }
    }

    @Test
    void whereIsTheFileOrTheProfilesNameForOneBuiltInMemory() {
        assertEquals(Path.of("profiles", "p").toString(), new Profile("p", Path.of("profiles", "p"), Map.of()).where());
        assertEquals("profile 'p'", new Profile("p", null, Map.of()).where());
    }

    @Test
    void keysWithoutATypeHaveAccessorsToo() {
        Profile p = new Profile("p", null, Map.of("GIT_USER", "me", "GIT_MAIL", "me@x", "GIT_BRANCH", "dev", "GIT_PASS", "pw1",
                "RUN_NOTEBOOK_ENVS", "A=1", "EMR_TERM_ACCESS_KEY", "ak", "EMR_TERM_SECRET_KEY", "sk",
                "AWS_S3_ACCESS_KEY", "s3a", "AWS_S3_SECRET_KEY", "s3s"));
        assertEquals(List.of("me", "me@x", "dev", "pw1", "A=1", "ak", "sk", "s3a", "s3s"), List.of(p.gitUser().orElseThrow(),
                p.gitMail().orElseThrow(), p.gitBranch().orElseThrow(), p.gitPass().orElseThrow(), p.runNotebookEnvs().orElseThrow(),
                p.emrTermAccessKey().orElseThrow(), p.emrTermSecretKey().orElseThrow(), p.s3AccessKey().orElseThrow(),
                p.s3SecretKey().orElseThrow()));
        assertEquals(List.of(ProfileKey.GIT_PASS, ProfileKey.RUN_NOTEBOOK_ENVS, ProfileKey.EMR_TERM_ACCESS_KEY,
                ProfileKey.EMR_TERM_SECRET_KEY, ProfileKey.AWS_S3_ACCESS_KEY, ProfileKey.AWS_S3_SECRET_KEY), List.copyOf(p.secrets().keySet()));
        assertEquals(Optional.empty(), new Profile("p", null, Map.of("GIT_USER", " ")).gitUser(), "blank is unset");
    }
}
