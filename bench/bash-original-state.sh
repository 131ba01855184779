#!/bin/bash
# What the bash original's bin/state did, for side-by-side timing: source the profile, read the
# id file, ask the AWS CLI (pointed at the emulator). A re-creation for the benchmark, not the original.
set -e
source "profiles/$PROFILE"
CLUSTER_ID=$(cat "clusters/${PROFILE}_cluster.id")
aws ${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"} emr describe-cluster --region "$AWS_REGION" --cluster-id "$CLUSTER_ID" --query Cluster.Status.State --output text
