#!/bin/bash
# What the bash original's bin/jupyter did, for side-by-side timing: the master's DNS name from the
# AWS CLI (pointed at the emulator), then the Jupyter URL on port 8192 (the original also opened
# it; no token, and the port had to be open in the security group). A re-creation, not the original.
set -e
source "profiles/$PROFILE"
CLUSTER_ID=$(cat "clusters/${PROFILE}_cluster.id")
MASTER_DNS=$(aws ${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"} emr describe-cluster --region "$AWS_REGION" \
  --cluster-id "$CLUSTER_ID" --query Cluster.MasterPublicDnsName --output text)
echo "http://$MASTER_DNS:8192"
