package io.wadal.ssh;

import io.wadal.testing.SshdProcess.ClientKey;
import io.wadal.testing.SshdProcess;

import java.util.Optional;

/**
 * A real sshd for bench/ssh-command.sh ({@link SshdProcess}: its own config, login user and
 * keys). Prints "PORT USER KEY_FILE HOME" on one line, then holds sshd until its stdin closes.
 * Needs root.
 */
public final class BenchSshd {
    private BenchSshd() {
    }

    public static void main(String[] args) throws Exception {
        Optional<String> why = SshdProcess.whyUnavailable();
        if (why.isPresent()) {
            System.err.println("cannot start sshd: " + why.get());
            System.exit(1);
        }
        try (SshdProcess sshd = SshdProcess.start()) {
            sshd.reset();
            System.out.println(sshd.port() + " " + sshd.user() + " " + sshd.keyFile(ClientKey.RSA_PEM) + " " + sshd.home());
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
