package io.wadal.emr;

import io.wadal.error.ExitCodes;
import io.wadal.error.WadalException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.model.Configuration;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmrConfigurationsTest {
    private static final String SOURCE = "/home/u/.wadal/emr_config.json";

    @Test
    void parsesNestedConfigurations() {
        String json = """
                [
                  {"Classification": "spark", "Properties": {"maximizeResourceAllocation": "true"}},
                  {"Classification": "spark-env",
                   "Configurations": [
                     {"Classification": "export", "Properties": {"PYSPARK_PYTHON": "python3"}}
                   ],
                   "Properties": {}}
                ]
                """;
        List<Configuration> configs = EmrConfigurations.parse(json, SOURCE);

        assertEquals(2, configs.size());
        assertEquals("spark", configs.get(0).classification());
        assertEquals(Map.of("maximizeResourceAllocation", "true"), configs.get(0).properties());
        assertTrue(configs.get(0).configurations().isEmpty());

        Configuration env = configs.get(1);
        assertEquals("spark-env", env.classification());
        assertEquals(Map.of(), env.properties());
        assertEquals(1, env.configurations().size());
        assertEquals("export", env.configurations().get(0).classification());
        assertEquals(Map.of("PYSPARK_PYTHON", "python3"), env.configurations().get(0).properties());
    }

    @Test
    void keepsPropertyOrderAndAcceptsScalarsAsText() {
        List<Configuration> configs = EmrConfigurations.parse(
                "[{\"Classification\":\"spark-defaults\",\"Properties\":{\"b\":\"1\",\"a\":2,\"c\":true}}]", SOURCE);
        assertEquals(List.of("b", "a", "c"), List.copyOf(configs.get(0).properties().keySet()));
        assertEquals("2", configs.get(0).properties().get("a"));
        assertEquals("true", configs.get(0).properties().get("c"));
    }

    @Test
    void emptyArrayIsNoConfigurations() {
        assertEquals(List.of(), EmrConfigurations.parse("[]", SOURCE));
    }

    @Test
    void badJsonNamesSourceAndLine() {
        WadalException e = assertThrows(WadalException.class,
                () -> EmrConfigurations.parse("[\n{\"Classification\": \"spark\",}\n]", SOURCE));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith(SOURCE + ": not valid JSON at line 2"), e.getMessage());
    }

    @Test
    void wrongShapesNameSourceAndPath() {
        assertUsage("{\"Classification\": \"spark\"}", "the top level must be an array");
        assertUsage("[\"spark\"]", "[0] must be an object");
        assertUsage("[{\"Properties\": {}}]", "[0].Classification is required");
        assertUsage("[{\"classification\": \"spark\"}]", "[0].Classification is required");
        assertUsage("[{\"Classification\": \"spark\", \"Props\": {}}]", "[0].Props is not a configuration member");
        assertUsage("[{\"Classification\": \"spark\", \"Properties\": []}]", "[0].Properties must be an object");
        assertUsage("[{\"Classification\": \"spark\", \"Properties\": {\"x\": {}}}]", "[0].Properties.x must be a string");
        assertUsage("[{\"Classification\": \"spark\", \"Properties\": {\"x\": null}}]", "[0].Properties.x must be a string");
        assertUsage("[{\"Classification\": \"a\", \"Configurations\": [{\"Classification\": 3}]}]",
                "[0].Configurations[0].Classification is required");
        assertUsage("", "empty");
        assertUsage("[] []", "not valid JSON");
        assertUsage("[{\"Classification\": \"a\", \"Classification\": \"b\"}]", "not valid JSON");
    }

    private static void assertUsage(String json, String expected) {
        WadalException e = assertThrows(WadalException.class, () -> EmrConfigurations.parse(json, SOURCE), json);
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
