#!/usr/bin/env bash
# Upload/download speed of wadal's SFTP (MINA, MinaRemoteShell's client settings) versus OpenSSH's
# scp, against a real sshd on 127.0.0.1 that the benchmark starts with its own config and user
# (src/test/java/io/wadal/testing/SshdProcess.java). Needs root, openssh-server and Maven's local
# repository. Usage: bench/sftp-vs-scp.sh [MB, default 200] [ROUNDS, default 3]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile="$cp_file"
# The launcher's JVM options for the transfer commands (no C1-only JIT), for the "fresh JVM with the launcher's flags" rows.
opts=$(sed -n 's/^opts="\(-XX:+UseSerialGC.*\)"$/\1/p' src/launcher/wadal)
java "-Dwadal.launcher.opts=$opts" -cp "target/test-classes:target/classes:$(cat "$cp_file")" io.wadal.ssh.SftpVsScpBenchmark "$@"
