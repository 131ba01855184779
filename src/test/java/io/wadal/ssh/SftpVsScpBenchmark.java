package io.wadal.ssh;

import io.wadal.console.TransferListener;
import io.wadal.testing.SshdProcess.ClientKey;
import io.wadal.testing.SshdProcess;
import io.wadal.testing.TestFiles;
import org.apache.sshd.common.kex.KexProposalOption;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Upload and download speed of wadal's SFTP (MINA with MinaRemoteShell's client settings) against
 * a real OpenSSH sshd over loopback, side by side with OpenSSH's own scp on the same file in the
 * same run. Each transfer is timed from connecting to closing, as one wadal command or one scp
 * process does; a first round warms the JVM up and is not counted. Needs root (for {@link SshdProcess}); run {@code bench/sftp-vs-scp.sh [MB] [ROUNDS]}.
 */
public final class SftpVsScpBenchmark {
    private static final String REMOTE = "works/bench.bin";
    private static final String SCP = "OpenSSH scp (SFTP protocol, default cipher)";
    /** The JVM options of src/launcher/wadal, passed by bench/sftp-vs-scp.sh. */
    private static final List<String> LAUNCHER_OPTIONS =
            List.of(System.getProperty("wadal.launcher.opts", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC").trim().split("\\s+"));

    private final SshdProcess sshd;
    private final Path local;
    private final Path source;
    private final long size;
    private final String sha256;
    private String cipher;

    private SftpVsScpBenchmark(SshdProcess sshd, Path local, Path source, long size) throws IOException {
        this.sshd = sshd;
        this.local = local;
        this.source = source;
        this.size = size;
        this.sha256 = sha256(source);
    }

    private interface Transfer {
        void run() throws Exception;
    }

    private record Way(String name, Transfer upload, Transfer download) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--one")) {
            one(args);
            return;
        }
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Optional<String> why = SshdProcess.whyUnavailable();
        if (why.isPresent()) {
            System.err.println("cannot run: " + why.get());
            System.exit(1);
        }
        Path local = Files.createTempDirectory("wadal-bench");
        try (SshdProcess sshd = SshdProcess.start()) {
            sshd.reset();
            Path source = local.resolve("bench.bin");
            long size = megabytes * 1_000_000L;
            TestFiles.random(source, size, 42);
            new SftpVsScpBenchmark(sshd, local, source, size).measure(rounds);
        } finally {
            try (Stream<Path> files = Files.walk(local)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void measure(int rounds) throws Exception {
        Path down = local.resolve("down.bin");
        List<Way> ways = List.of(
                new Way("FileTransfer (wadal upload/download), warm JVM",
                        () -> mina(shell -> new FileTransfer(shell).upload(source, REMOTE, false, TransferListener.NONE)),
                        () -> mina(shell -> Files.move(new FileTransfer(shell).download(REMOTE, local.resolve("dl"), false,
                                TransferListener.NONE), down, StandardCopyOption.REPLACE_EXISTING))),
                new Way("FileTransfer, a fresh JVM per transfer",
                        () -> freshJvm(List.of(), "up", source), () -> freshJvm(List.of(), "down", down)),
                new Way("FileTransfer, a fresh JVM with the launcher's flags",
                        () -> freshJvm(LAUNCHER_OPTIONS, "up", source), () -> freshJvm(LAUNCHER_OPTIONS, "down", down)),
                new Way("MINA SftpClient write/read streams",
                        () -> mina(shell -> {
                            try (OutputStream out = shell.sftp().write(REMOTE)) {
                                Files.copy(source, out);
                            }
                        }),
                        () -> mina(shell -> {
                            try (InputStream in = shell.sftp().read(REMOTE, 256 * 1024)) {
                                Files.copy(in, down, StandardCopyOption.REPLACE_EXISTING);
                            }
                        })),
                new Way(SCP,
                        () -> scp(List.of(), source.toString(), remote()), () -> scp(List.of(), remote(), down.toString())),
                new Way("OpenSSH scp -c aes128-gcm@openssh.com",
                        () -> scp(List.of("-c", "aes128-gcm@openssh.com"), source.toString(), remote()),
                        () -> scp(List.of("-c", "aes128-gcm@openssh.com"), remote(), down.toString())),
                new Way("OpenSSH scp -O (legacy scp protocol)",
                        () -> scp(List.of("-O"), source.toString(), remote()), () -> scp(List.of("-O"), remote(), down.toString())));

        Map<String, List<double[]>> rates = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
            for (Way way : ways) {
                Files.deleteIfExists(sshd.home().resolve(REMOTE));
                double up = timed(way.upload());
                check(sshd.home().resolve(REMOTE), way.name() + " upload", round <= 1);
                Files.deleteIfExists(down);
                double dl = timed(way.download());
                check(down, way.name() + " download", round <= 1);
                if (round > 0) {
                    rates.computeIfAbsent(way.name(), k -> new ArrayList<>()).add(new double[] {up, dl});
                }
                System.out.printf("%-8s %-52s up %6.0f MB/s  down %6.0f MB/s%n", round == 0 ? "warm-up" : "round " + round,
                        way.name(), up, dl);
            }
        }
        report(rates, rounds);
    }

    private String remote() {
        return sshd.user() + "@127.0.0.1:" + REMOTE;
    }

    private interface ShellWork {
        void run(MinaRemoteShell shell) throws Exception;
    }

    private void mina(ShellWork work) throws Exception {
        try (MinaRemoteShell shell = MinaRemoteShell.connect(new SshTarget("127.0.0.1", sshd.port(), sshd.user(),
                sshd.keyFile(ClientKey.ED25519), null, null), pin -> { })) {
            cipher = shell.session().getNegotiatedKexParameter(KexProposalOption.C2SENC);
            work.run(shell);
        }
    }

    /** One transfer in a new JVM with these options, as one wadal command makes it (less the launcher's class-data archive). */
    private void freshJvm(List<String> jvmOptions, String direction, Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SftpVsScpBenchmark.class.getName(), "--one", direction,
                String.valueOf(sshd.port()), sshd.user(), sshd.keyFile(ClientKey.ED25519).toString(), file.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("the transfer in a fresh JVM failed: " + out);
        }
    }

    /** --one up|down PORT USER KEY FILE: the fresh JVM's side of {@link #freshJvm}. */
    private static void one(String[] args) throws IOException {
        SshTarget target = new SshTarget("127.0.0.1", Integer.parseInt(args[2]), args[3], Path.of(args[4]), null, null);
        Path file = Path.of(args[5]);
        try (MinaRemoteShell shell = MinaRemoteShell.connect(target, pin -> { })) {
            FileTransfer transfer = new FileTransfer(shell);
            if (args[1].equals("up")) {
                transfer.upload(file, REMOTE, false, TransferListener.NONE);
            } else {
                Path dir = Files.createTempDirectory(file.getParent(), "dl");
                Files.move(transfer.download(REMOTE, dir, false, TransferListener.NONE), file, StandardCopyOption.REPLACE_EXISTING);
                Files.delete(dir);
            }
        }
    }

    private void scp(List<String> options, String from, String to) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("scp", "-q", "-P", String.valueOf(sshd.port()),
                "-i", sshd.keyFile(ClientKey.ED25519).toString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"));
        command.addAll(options);
        command.add(from);
        command.add(to);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private double timed(Transfer transfer) throws Exception {
        long start = System.nanoTime();
        transfer.run();
        return size / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private void check(Path file, String what, boolean hash) throws IOException {
        if (Files.size(file) != size || hash && !sha256.equals(sha256(file))) {
            throw new IOException(what + ": the copy differs from the source");
        }
    }

    private void report(Map<String, List<double[]>> rates, int rounds) throws IOException {
        String version = sshdVersion();
        System.out.printf("%n%s on 127.0.0.1, %d MB, %d rounds, %d CPUs, Java %s; MINA cipher %s%n", version, size / 1_000_000,
                rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), cipher);
        System.out.printf("%-52s %22s %22s%n", "median MB/s (min-max)", "upload", "download");
        Map<String, double[]> medians = new LinkedHashMap<>();
        rates.forEach((name, list) -> {
            double[] up = list.stream().mapToDouble(r -> r[0]).sorted().toArray();
            double[] down = list.stream().mapToDouble(r -> r[1]).sorted().toArray();
            medians.put(name, new double[] {median(up), median(down)});
            System.out.printf("%-52s %6.0f (%4.0f-%4.0f)     %6.0f (%4.0f-%4.0f)%n", name,
                    median(up), up[0], up[up.length - 1], median(down), down[0], down[down.length - 1]);
        });
        double[] scp = medians.get(SCP);
        System.out.println();
        medians.forEach((name, m) -> {
            if (!name.equals(SCP)) {
                System.out.printf("%-52s / scp:  upload %.2fx  download %.2fx%n", name, m[0] / scp[0], m[1] / scp[1]);
            }
        });
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sshdVersion() throws IOException {
        Process p = new ProcessBuilder(SshdProcess.SSHD.toString(), "-V").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        return Arrays.stream(out.split("\n")).filter(l -> l.startsWith("OpenSSH")).findFirst().orElse(out);
    }
}
