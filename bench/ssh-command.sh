#!/usr/bin/env bash
# Side-by-side benchmark of the commands that work on the master, against a real sshd on
# 127.0.0.1 (src/test/java/io/wadal/testing/SshdProcess.java: its own config, login user and
# keys) and a local moto_server:
#   wadal ssh p -- true   vs  the bash original's bin/ssh (bench/bash-original-ssh.sh: aws emr
#                             describe-cluster for the master's DNS name, then OpenSSH ssh -i KEY)
#   wadal ls p            vs  the same with `ls works`
#   wadal jupyter p -u    vs  the original's bin/jupyter (bench/bash-original-jupyter.sh:
#                             describe-cluster, print http://<dns>:8192). Not the same work: wadal
#                             connects over SSH and reads Jupyter's token (`jupyter server list
#                             --json` on the master); the original printed a URL without a token.
# wadal makes no AWS call for these: the master's host is in its record (here MASTER_HOST).
# Rows: the launcher with its CDS archive, WADAL_CDS=off, JDK 25 with an AOT cache if
# JAVA25_HOME is set, and another build's launcher if WADAL_BEFORE=/path/to/target/wadal.
# Needs root, openssh-server and -client, moto_server, aws (the AWS CLI), hyperfine, mvn package
# done. Prints the ratios. RUNS (default 20) runs per row.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
wadal="$repo/target/wadal"
work=$(mktemp -d)
moto_pid=
sshd_pid=
cleanup() {
  exec 3>&- 2>/dev/null || true
  [ -n "$sshd_pid" ] && wait "$sshd_pid" 2>/dev/null || true
  [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cd "$repo"
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile="$work/cp"
mkfifo "$work/hold"
java -cp "target/test-classes:target/classes:$(cat "$work/cp")" io.wadal.ssh.BenchSshd <"$work/hold" >"$work/sshd.info" &
sshd_pid=$!
exec 3>"$work/hold"   # BenchSshd holds sshd until this closes

# shellcheck source=bench/moto.sh
. "$repo/bench/moto.sh"
for _ in $(seq 300); do
  [ -s "$work/sshd.info" ] && break
  sleep 0.1
done
read -r ssh_port ssh_user key _ <"$work/sshd.info"

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
  AWS_MAX_ATTEMPTS=1 PROFILE=bench BENCH_SSH_CONFIG="$work/ssh_config"
cat >"$work/ssh_config" <<CONFIG
Host *
  HostName 127.0.0.1
  Port $ssh_port
  BatchMode yes
  StrictHostKeyChecking accept-new
  UserKnownHostsFile $work/known_hosts
  LogLevel ERROR
CONFIG
mkdir -p "$work/home/profiles"
cat >"$work/home/profiles/bench" <<PROFILE
export AWS_REGION=ap-northeast-2
export AWS_EMR_LABEL=emr-7.5.0
export INIT_ASSET_DIR_S3=s3://wadal-bench-bucket/assets
export EC2_KEY_PAIR_PATH=$key
export SSH_USER=$ssh_user
export SSH_PORT=$ssh_port
export MASTER_HOST=127.0.0.1
export JUPYTER_PORT=8192
PROFILE
cd "$work/home"
"$wadal" create >/dev/null 2>&1
# As after wait-ready: the workspace is set up and Jupyter runs (the fake one of FakeTools).
python3 - clusters/bench.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); r["workspaceReadyAt"] = "2026-11-21T10:05:00Z"; json.dump(r, open(sys.argv[1], "w"))
PY
bash "$repo/bench/bash-original-ssh.sh" 'nohup jupyter lab --ip=127.0.0.1 --port=8192 >/dev/null 2>&1 </dev/null &'
for _ in $(seq 100); do
  bash "$repo/bench/bash-original-ssh.sh" 'jupyter server list --json' | grep -q '"port": *8192' && break
  sleep 0.1
done

# Each launcher's first run makes its archive; check every row works before timing it.
rows=("$wadal" "env WADAL_CDS=off $wadal")
names=("wadal" "wadal, no CDS")
if [ -n "${JAVA25_HOME:-}" ]; then
  rows+=("env JAVA_HOME=$JAVA25_HOME $wadal"); names+=("wadal, JDK 25 AOT cache")
fi
if [ -n "${WADAL_BEFORE:-}" ]; then
  rows+=("$WADAL_BEFORE"); names+=("wadal before (WADAL_BEFORE)")
fi
for row in "${rows[@]}"; do
  $row ssh -- true >/dev/null
  $row ls >/dev/null
  $row jupyter -u >/dev/null
done

bench() {   # NAME ORIGINAL_COMMAND WADAL_ARGS...
  local name=$1 original=$2
  shift 2
  local args=(-n "bash original" "$original")
  for i in "${!rows[@]}"; do
    args+=(-n "${names[$i]} $*" "${rows[$i]} $*")
  done
  hyperfine -N --warmup 3 --runs "${RUNS:-20}" --export-json "$work/$name.json" "${args[@]}" >&2
  python3 - "$work/$name.json" "$name" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
base = rs[0]["median"]
print(f"== {sys.argv[2]}")
for x in rs:
    print(f"{x['command']:55s} median {x['median']*1000:7.1f} ms   {x['median']/base:5.2f}x of the bash original")
PY
}
bench ssh "bash $repo/bench/bash-original-ssh.sh true" ssh -- true
bench ls "bash $repo/bench/bash-original-ssh.sh ls works" ls
bench jupyter "bash $repo/bench/bash-original-jupyter.sh" jupyter -u
