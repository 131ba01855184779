package io.wadal.workspace;

import io.wadal.env.EnvAssignments;
import io.wadal.error.WadalException;
import io.wadal.profile.Profile;
import io.wadal.profile.ProfileKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a profile asks of the master's workspace, validated before any AWS or SSH call:
 * the repository to clone, the git identity, the notebook S3 keys, Jupyter's port, mode and
 * interface, and the notebook environment Jupyter starts with.
 *
 * @param notebookEnv       RUN_NOTEBOOK_ENVS, then AWS_S3_ACCESS_KEY / AWS_S3_SECRET_KEY when set
 * @param kernelIdleSeconds KERNEL_IDLE_TIMEOUT in seconds, 0 when off
 */
public record WorkspaceSpec(Optional<GitRemote> git, String gitName, String gitMail, Map<String, String> s3Keys,
                            Map<String, String> notebookEnv, int jupyterPort, String jupyterMode, boolean jupyterPublic,
                            List<String> secrets,
                            long kernelIdleSeconds) {
    public static final String S3_ACCESS_KEY = ProfileKey.AWS_S3_ACCESS_KEY.name();
    public static final String S3_SECRET_KEY = ProfileKey.AWS_S3_SECRET_KEY.name();

    /** Without kernel culling. */
    public WorkspaceSpec(Optional<GitRemote> git, String gitName, String gitMail, Map<String, String> s3Keys,
                         Map<String, String> notebookEnv, int jupyterPort, String jupyterMode, boolean jupyterPublic,
                         List<String> secrets) {
        this(git, gitName, gitMail, s3Keys, notebookEnv, jupyterPort, jupyterMode, jupyterPublic, secrets, 0);
    }

    /** @throws WadalException usage error (exit 2) for a value the master cannot take */
    public static WorkspaceSpec of(Profile p) {
        String where = p.where();
        Optional<GitRemote> git = gitRemote(p);
        Map<String, String> s3 = new LinkedHashMap<>();
        p.s3AccessKey().ifPresent(v -> s3.put(S3_ACCESS_KEY, v));
        p.s3SecretKey().ifPresent(v -> s3.put(S3_SECRET_KEY, v));
        Map<String, String> env = new LinkedHashMap<>(
                EnvAssignments.parse(p.runNotebookEnvs().orElse(null), ProfileKey.RUN_NOTEBOOK_ENVS + " in " + where));
        env.putAll(s3);
        // run_jupyter.sh start reads one KEY=VALUE per line.
        env.forEach((k, v) -> {
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw WadalException.usage(where + ": the value of " + k + " holds a line break; Jupyter's environment cannot take it");
            }
        });
        for (Map.Entry<ProfileKey, Optional<String>> e : List.of(Map.entry(ProfileKey.GIT_USER, p.gitUser()),
                Map.entry(ProfileKey.GIT_MAIL, p.gitMail()))) {
            ProfileKey key = e.getKey();
            e.getValue().filter(v -> v.indexOf('\n') >= 0).ifPresent(v -> {
                throw WadalException.usage(where + ": " + key + " holds a line break");
            });
        }
        List<String> secrets = new ArrayList<>(p.secretValues());
        git.ifPresent(g -> secrets.addAll(g.passwordForms()));
        secrets.addAll(env.values().stream().filter(v -> v.length() >= 6).toList());
        return new WorkspaceSpec(git, p.gitUser().orElse(null), p.gitMail().orElse(null), s3, env,
                p.jupyterPort(), p.jupyterMode(), p.jupyterPublic(), List.copyOf(secrets),
                p.kernelIdleTimeout().map(java.time.Duration::getSeconds).orElse(0L));
    }

    /**
     * GIT_REPO as the master clones it, with GIT_BRANCH, GIT_USER and GIT_PASS.
     *
     * @throws WadalException usage error (exit 2) for a value git or the master's shell cannot take
     */
    public static Optional<GitRemote> gitRemote(Profile p) {
        return p.gitRepo().map(repo -> GitRemote.of(repo, p.gitBranch().orElse(null),
                p.gitUser().orElse(null), p.gitPass().orElse(null), p.where()));
    }

    /** The notebook environment as {@code run_jupyter.sh start} reads it: one KEY=VALUE per line. */
    public String notebookEnvLines() {
        StringBuilder s = new StringBuilder();
        notebookEnv.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        return s.toString();
    }

    @Override
    public String toString() {
        return "WorkspaceSpec[git=" + git + ", port=" + jupyterPort + ", mode=" + jupyterMode + ", public=" + jupyterPublic + "]";
    }
}
