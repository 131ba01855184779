package io.wadal.assets;

import com.fasterxml.jackson.databind.JsonNode;
import io.wadal.testing.Slow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel culling that run_jupyter.sh configure writes, in Jupyter Server's and notebook 6's config. */
@Slow
class KernelCullingConfigTest {
    static final List<String> FILES = List.of("jupyter_server_config.py", "jupyter_notebook_config.py");

    @TempDir
    Path tmp;

    /** Runs run_jupyter.sh configure with the master's home in tmp/home; returns that home. */
    static Path configure(Path tmp, String... extra) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        List<String> cmd = new ArrayList<>(List.of("bash", AssetScriptsTest.RUN_JUPYTER.toString(), "configure",
                "--port", "8192", "--mode", "notebook"));
        cmd.addAll(List.of(extra));
        AssetScriptsTest.Result r = AssetScriptsTest.run(cmd, env(tmp, home), null, tmp);
        assertEquals(0, r.exit(), r.both());
        return home;
    }

    static Map<String, String> env(Path tmp, Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("WADAL_MASTER_HOME", home.toString());
        env.put("WADAL_MASTER_USER", System.getProperty("user.name"));
        env.put("SPARK_CONF_DIR", tmp.resolve("no-spark-conf").toString());
        return env;
    }

    @Test
    void anHourMeansCullingInBothConfigsEvenWithATabOpenButNeverWhileBusy() throws Exception {
        Path home = configure(tmp, "--kernel-idle-timeout", "3600");
        for (String file : FILES) {
            String text = Files.readString(home.resolve(".jupyter").resolve(file));
            assertTrue(text.contains("\nc.MappingKernelManager.cull_idle_timeout = 3600\n"), file + ":\n" + text);
            assertTrue(text.contains("\nc.MappingKernelManager.cull_interval = 60\n"), file + ":\n" + text);
            assertTrue(text.contains("\nc.MappingKernelManager.cull_connected = True\n"), file + ":\n" + text);
            assertTrue(text.contains("\nc.MappingKernelManager.cull_busy = False\n"), file + ":\n" + text);
            JsonNode m = python(home.resolve(".jupyter").resolve(file)).path("MappingKernelManager");
            assertEquals(3600, m.path("cull_idle_timeout").asInt(), file);
            assertEquals(60, m.path("cull_interval").asInt(), file);
            assertTrue(m.path("cull_connected").asBoolean(false), file);
            assertFalse(m.path("cull_busy").asBoolean(true), file);
        }
    }

    @Test
    void aShortTimeoutIsCheckedEveryHalfTimeout() throws Exception {
        Path home = configure(tmp, "--kernel-idle-timeout=60");
        String text = Files.readString(home.resolve(".jupyter/jupyter_notebook_config.py"));
        assertTrue(text.contains("\nc.MappingKernelManager.cull_idle_timeout = 60\n"), text);
        assertTrue(text.contains("\nc.MappingKernelManager.cull_interval = 30\n"), text);
        Path again = configure(tmp, "--kernel-idle-timeout", "1");
        assertTrue(Files.readString(again.resolve(".jupyter/jupyter_server_config.py"))
                .contains("\nc.MappingKernelManager.cull_interval = 1\n"), "never 0, which Jupyter replaces with 300");
    }

    @Test
    void offOrAbsentMeansNoCulling() throws Exception {
        for (List<String> args : List.of(List.of("--kernel-idle-timeout", "0"), List.<String>of())) {
            Path home = configure(tmp, args.toArray(String[]::new));
            for (String file : FILES) {
                String text = Files.readString(home.resolve(".jupyter").resolve(file));
                assertTrue(text.contains("\nc.MappingKernelManager.cull_idle_timeout = 0\n"), args + " " + file + ":\n" + text);
                assertFalse(text.contains("cull_connected") || text.contains("cull_interval"), args + " " + file + ":\n" + text);
            }
        }
    }

    @Test
    void aTimeoutThatIsNotSecondsIsExit2() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        for (String bad : List.of("1h", "-5", "", "3600; touch x", "99999999")) {
            AssetScriptsTest.Result r = AssetScriptsTest.run(List.of("bash", AssetScriptsTest.RUN_JUPYTER.toString(),
                    "configure", "--port", "8192", "--mode", "lab", "--kernel-idle-timeout", bad), env(tmp, home), null, tmp);
            assertEquals(2, r.exit(), bad + ": " + r.both());
            assertTrue(r.err().contains("--kernel-idle-timeout must be a number of seconds"), r.both());
        }
        assertFalse(Files.exists(home.resolve(".jupyter/jupyter_server_config.py")), "nothing written");
    }

    private JsonNode python(Path file) throws Exception {
        Assumptions.assumeTrue(AssetScriptsTest.onPath("python3"), "no python3");
        return AssetScriptsTest.loadJupyterConfig(file, tmp);
    }
}
