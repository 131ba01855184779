package io.wadal.cds;

import io.wadal.error.ExceptionText;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * The master of the training run: an in-process MINA SSH server on a loopback port that
 * answers the few command lines wadal sends with canned output, running no process and no
 * shell (so training works the same on Windows), and SFTP on a folder of its own. It offers an
 * ECDSA host key, as an EMR master's sshd does to wadal's client, and accepts one RSA key that
 * it writes as EC2 hands key pairs out: a PEM file.
 */
final class TrainingMaster implements AutoCloseable {
    static final String USER = "hadoop";

    private final SshServer server;
    private final Path keyFile;
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    private TrainingMaster(SshServer server, Path keyFile) {
        this.server = server;
        this.keyFile = keyFile;
    }

    /** Starts the server; the client key goes to {@code dir}/key.pem (mode 0600), SFTP is rooted at {@code dir}/home. */
    static TrainingMaster start(Path dir, int jupyterPort) throws IOException, GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair hostKey = ec.generateKeyPair();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair client = rsa.generateKeyPair();
        Path keyFile = dir.resolve("key.pem");
        writePem(keyFile, (RSAPrivateCrtKey) client.getPrivate());
        Path home = Files.createDirectories(dir.resolve("home/works"));

        SshServer server = SshServer.setUpDefaultServer();
        TrainingMaster master = new TrainingMaster(server, keyFile);
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(session -> List.of(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(key, client.getPublic()));
        server.setCommandFactory((channel, command) -> master.answer(command, jupyterPort));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(home.getParent()));
        server.start();
        return master;
    }

    int port() {
        return server.getPort();
    }

    Path keyFile() {
        return keyFile;
    }

    /** The command lines wadal sent, in order. */
    List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    private Command answer(String command, int jupyterPort) {
        commands.add(command);
        if (command.equals("true")) {
            return new Canned(command, false, "");
        }
        if (command.startsWith("ls ")) {
            return new Canned(command, false, "notebooks\nREADME.md\n");
        }
        if (command.contains("jupyter server list --json")) {
            return new Canned(command, false, "{\"base_url\": \"/\", \"hostname\": \"localhost\", \"pid\": 4242, \"port\": "
                    + jupyterPort + ", \"secure\": false, \"token\": \"training-token\", \"url\": \"http://localhost:"
                    + jupyterPort + "/\"}\n");
        }
        if (command.startsWith("if command -v python3")) {
            return new Canned(command, true, "200\n");
        }
        if (command.contains("run_jupyter.sh.XXXXXX")) {
            return new Canned(command, true, "installed\n");
        }
        java.util.regex.Matcher job = java.util.regex.Pattern.compile("'wadal_job.sh' '(start|status)' .*?'(?:--id' ')?([a-z0-9-]+)'")
                .matcher(command.replace(".wadal/", ""));
        if (job.find()) {
            // run-pyspark: the job starts, its log is empty, it ended with status 0
            return new Canned(command, job.group(1).equals("start"), job.group(1).equals("start") ? "id=" + job.group(2) + "\n"
                    : "job\t" + job.group(2) + "\tpyspark\texit:0\t1\t2\t3\tworks/job.py\t-\n");
        }
        return new Canned(command, true, "");
    }

    /** Answers one command line: reads its stdin if it takes any, prints the output, exits 0. */
    private static final class Canned extends AbstractCommandSupport {
        private final boolean readsStdin;
        private final String output;

        Canned(String command, boolean readsStdin, String output) {
            super(command, null);
            this.readsStdin = readsStdin;
            this.output = output;
        }

        @Override
        public void run() {
            try {
                if (readsStdin) {
                    getInputStream().readAllBytes();
                }
                OutputStream out = getOutputStream();
                out.write(output.getBytes(StandardCharsets.UTF_8));
                out.flush();
                onExit(0);
            } catch (IOException e) {
                onExit(1, ExceptionText.of(e));
            }
        }
    }

    /** The key as EC2 gives it: PKCS#1 in PEM ("BEGIN RSA PRIVATE KEY"), readable by its owner only. */
    private static void writePem(Path file, RSAPrivateCrtKey key) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BigInteger n : List.of(BigInteger.ZERO, key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
                key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(), key.getCrtCoefficient())) {
            der(body, 0x02, n.toByteArray());
        }
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        der(sequence, 0x30, body.toByteArray());
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sequence.toByteArray())
                + "\n-----END RSA PRIVATE KEY-----\n";
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Windows: no POSIX modes, and wadal checks none there.
        }
        Files.writeString(file, pem);
    }

    private static void der(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >> (8 * i));
            }
        }
        out.write(content, 0, content.length);
    }
}
