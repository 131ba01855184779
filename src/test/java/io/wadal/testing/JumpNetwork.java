package io.wadal.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A company network in miniature, from network namespaces and veth pairs (iproute2, as root):
 * this machine (the laptop) reaches only the bastion's namespace, 198.51.100.2; the master's
 * namespace (198.51.100.6, and the addresses {@link #addMasterAddress} gives it) is wired to the
 * bastion's alone, and this machine's routes to it are {@code unreachable}, so the only way in is
 * through the bastion. TEST-NET-2 addresses, which no real network uses.
 */
public final class JumpNetwork implements AutoCloseable {
    public static final String BASTION = "198.51.100.2";
    public static final String MASTER = "198.51.100.6";
    private static final String PREFIX = "wadal-j";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "[bm]-(\\d+)");

    private final String bastionNs;
    private final String masterNs;
    private final String tag;
    private final List<String> hostRoutes = new ArrayList<>();

    private JumpNetwork(long pid) {
        bastionNs = PREFIX + "b-" + pid;
        masterNs = PREFIX + "m-" + pid;
        tag = "wj" + (pid % 100_000);
    }

    /** Why no such network can be made here (not root, no ip, no netns), or empty when it can. */
    public static Optional<String> whyUnavailable() {
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip")) && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            return Optional.of("ip is missing: install iproute2 (.ci/run does)");
        }
        return SshdProcess.whyUnavailable();
    }

    /** Makes both namespaces and their links (removing what a dead test JVM left). */
    public static JumpNetwork create() throws IOException {
        removeStale();
        JumpNetwork net = new JumpNetwork(ProcessHandle.current().pid());
        try {
            net.build();
            return net;
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    public String bastionNamespace() {
        return bastionNs;
    }

    public String masterNamespace() {
        return masterNs;
    }

    /** One more address of the master (EMR's private IP), reached from the bastion, unreachable from here. */
    public void addMasterAddress(String ip) throws IOException {
        ip(masterNs, "addr", "add", ip + "/32", "dev", tag + "bm");
        ip(bastionNs, "route", "add", ip + "/32", "dev", tag + "bb");
        hostRoute(ip + "/32");
    }

    private void build() throws IOException {
        ip(null, "netns", "add", bastionNs);
        ip(null, "netns", "add", masterNs);
        // laptop <-> bastion
        ip(null, "link", "add", tag + "ah", "type", "veth", "peer", "name", tag + "ab");
        ip(null, "link", "set", tag + "ab", "netns", bastionNs);
        ip(null, "addr", "add", "198.51.100.1/30", "dev", tag + "ah");
        ip(null, "link", "set", tag + "ah", "up");
        ip(bastionNs, "addr", "add", BASTION + "/30", "dev", tag + "ab");
        ip(bastionNs, "link", "set", tag + "ab", "up");
        ip(bastionNs, "link", "set", "lo", "up");
        // bastion <-> master; the bastion forwards no packets (a new namespace has ip_forward 0)
        ip(null, "link", "add", tag + "bb", "type", "veth", "peer", "name", tag + "bm");
        ip(null, "link", "set", tag + "bb", "netns", bastionNs);
        ip(null, "link", "set", tag + "bm", "netns", masterNs);
        ip(bastionNs, "addr", "add", "198.51.100.5/30", "dev", tag + "bb");
        ip(bastionNs, "link", "set", tag + "bb", "up");
        ip(masterNs, "addr", "add", MASTER + "/30", "dev", tag + "bm");
        ip(masterNs, "link", "set", tag + "bm", "up");
        ip(masterNs, "link", "set", "lo", "up");
        hostRoute("198.51.100.4/30");
    }

    private void hostRoute(String prefix) throws IOException {
        ip(null, "route", "add", "unreachable", prefix);
        hostRoutes.add(prefix);
    }

    /** Removes the namespaces (and with them the links) and the routes added here. */
    @Override
    public void close() {
        for (String prefix : hostRoutes) {
            quietly(null, "route", "del", "unreachable", prefix);
        }
        hostRoutes.clear();
        quietly(null, "link", "del", tag + "ah");
        quietly(null, "netns", "del", bastionNs);
        quietly(null, "netns", "del", masterNs);
    }

    private static void removeStale() throws IOException {
        for (String line : SshdProcess.run("ip", "netns", "list").split("\n")) {
            Matcher m = OURS.matcher(line.trim().split("\\s+")[0]);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                quietly(null, "netns", "del", m.group());
            }
        }
    }

    private static void ip(String netns, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip"));
        if (netns != null) {
            argv.addAll(List.of("-n", netns));
        }
        argv.addAll(List.of(args));
        SshdProcess.run(argv.toArray(String[]::new));
    }

    private static void quietly(String netns, String... args) {
        try {
            ip(netns, args);
        } catch (IOException e) {
            // gone already
        }
    }
}
