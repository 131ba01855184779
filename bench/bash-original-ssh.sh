#!/bin/bash
# What the bash original's bin/ssh did, for side-by-side timing: source the profile, read the id
# file, ask the AWS CLI (pointed at the emulator) for the master's DNS name, then run the command
# there with OpenSSH. A re-creation for the benchmark, not the original. BENCH_SSH_CONFIG maps the
# emulator's made-up DNS name to the benchmark's sshd on 127.0.0.1 (no DNS lookup: in the original's favour).
set -e
source "profiles/$PROFILE"
CLUSTER_ID=$(cat "clusters/${PROFILE}_cluster.id")
MASTER_DNS=$(aws ${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"} emr describe-cluster --region "$AWS_REGION" \
  --cluster-id "$CLUSTER_ID" --query Cluster.MasterPublicDnsName --output text)
exec ssh ${BENCH_SSH_CONFIG:+-F "$BENCH_SSH_CONFIG"} -i "$EC2_KEY_PAIR_PATH" "${SSH_USER:-hadoop}@$MASTER_DNS" "$@"
