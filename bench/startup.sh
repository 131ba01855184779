#!/usr/bin/env bash
# Side-by-side start-up benchmark against a local moto_server: `wadal state` (with and without
# the CDS archive; on JDK 25 with an AOT cache if JAVA25_HOME is set) versus the bash original's way (bench/bash-original-state.sh: the AWS CLI).
# Needs: mvn package done, moto_server, aws (the AWS CLI), hyperfine. Prints the ratios.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "$moto_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# shellcheck source=bench/moto.sh
. "$repo/bench/moto.sh"
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
  AWS_MAX_ATTEMPTS=1 PROFILE=bench
mkdir -p "$work/home/profiles"
cat >"$work/home/profiles/bench" <<'PROFILE'
export AWS_REGION=ap-northeast-2
export AWS_EMR_LABEL=emr-7.5.0
export INIT_ASSET_DIR_S3=s3://wadal-bench-bucket/assets
PROFILE
cd "$work/home"
"$repo/target/wadal" create >/dev/null 2>&1
"$repo/target/wadal" state >/dev/null   # makes the CDS archive if there is none yet

extra=()
if [ -n "${JAVA25_HOME:-}" ]; then   # e.g. JAVA25_HOME=/usr/lib/jvm/temurin-25-jdk-amd64: the AOT-cache path
  JAVA_HOME="$JAVA25_HOME" "$repo/target/wadal" state >/dev/null
  extra=(-n "wadal state, JDK 25 AOT cache" "env JAVA_HOME=$JAVA25_HOME $repo/target/wadal state")
fi
hyperfine -N --warmup 3 --runs "${RUNS:-20}" --export-json "$work/result.json" \
  -n "bash original (aws emr describe-cluster)" "bash $repo/bench/bash-original-state.sh" \
  -n "wadal state" "$repo/target/wadal state" \
  -n "wadal state, no CDS" "env WADAL_CDS=off $repo/target/wadal state" "${extra[@]}"

python3 - "$work/result.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
base = r["bash original (aws emr describe-cluster)"]["median"]
for name, x in r.items():
    print(f"{name:45s} median {x['median']*1000:7.1f} ms   {x['median']/base:5.2f}x of the bash original")
PY
