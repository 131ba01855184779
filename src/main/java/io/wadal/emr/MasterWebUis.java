package io.wadal.emr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The web interfaces EMR runs on the master, by application, at the name the master knows itself by. */
public final class MasterWebUis {
    private MasterWebUis() {
    }

    public record WebUi(String name, String url) {
    }

    /**
     * @param emrVersion the release's version (e.g. 6.15.0), when known: HDFS moved its port in Hadoop 3 (emr-6)
     */
    public static List<WebUi> of(String host, List<String> applications, Optional<int[]> emrVersion) {
        List<WebUi> uis = new ArrayList<>();
        uis.add(new WebUi("YARN ResourceManager", "http://" + host + ":8088/"));
        if (has(applications, "Spark")) {
            uis.add(new WebUi("Spark history server", "http://" + host + ":18080/"));
        }
        if (has(applications, "Hadoop")) {
            boolean hadoop2 = emrVersion.map(v -> v[0] < 6).orElse(false);
            uis.add(new WebUi("HDFS NameNode", "http://" + host + ":" + (hadoop2 ? 50070 : 9870) + "/"));
        }
        if (has(applications, "Ganglia")) {
            uis.add(new WebUi("Ganglia", "http://" + host + "/ganglia/"));
        }
        return uis;
    }

    private static boolean has(List<String> applications, String name) {
        return applications.stream().anyMatch(a -> a.equalsIgnoreCase(name));
    }
}
