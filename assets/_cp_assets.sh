#!/bin/bash
# _cp_assets.sh - TEMPLATE of cp_assets.sh. `wadal upload-assets` renders it: it fills in
# the two placeholders below (the profile's INIT_ASSET_DIR_S3 and AWS_REGION, in braces;
# keep them inside single quotes, the values are quoted for that) and uploads the result
# as cp_assets.sh next to the other assets.
#
# cp_assets.sh copies assets from the asset dir onto a node. It runs as a bootstrap action
# (the hadoop user, with passwordless sudo) or as a step (root or hadoop):
#   NanumGothic.ttf -> /usr/share/fonts/truetype/nanum/ (Korean text in plots), fc-cache
#   run_jupyter.sh  -> /home/hadoop/run_jupyter.sh (owned by hadoop, 0755)
# Safe to run again. Each part ends with a line, as the bootstrap's phases do (in the step's log):
#   wadal-bootstrap: phase font done in N s
#
# Environment (for tests): WADAL_FONT_DIR [/usr/share/fonts/truetype/nanum],
#   WADAL_NODE_HOME [/home/hadoop], WADAL_NODE_USER [hadoop]
set -euo pipefail

ASSET_DIR='{INIT_ASSET_DIR_S3}'
REGION='{AWS_REGION}'
FONT_DIR=${WADAL_FONT_DIR:-/usr/share/fonts/truetype/nanum}
NODE_HOME=${WADAL_NODE_HOME:-/home/hadoop}
NODE_USER=${WADAL_NODE_USER:-hadoop}

log() { printf '%s [wadal cp_assets] %s\n' "$(date '+%F %T')" "$*"; }

case $ASSET_DIR in
    s3://*) ;;
    *) log "error: this is the unrendered template; upload it with 'wadal upload-assets'"; exit 2 ;;
esac

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() {
    log "aws s3 cp $ASSET_DIR/$1"
    aws s3 cp --region "$REGION" --only-show-errors "$ASSET_DIR/$1" "$tmp/$1"
}

start=$SECONDS
fetch NanumGothic.ttf
as_root mkdir -p "$FONT_DIR"
as_root install -m 0644 "$tmp/NanumGothic.ttf" "$FONT_DIR/NanumGothic.ttf"
log "installed $FONT_DIR/NanumGothic.ttf"
if command -v fc-cache >/dev/null 2>&1; then
    as_root fc-cache -f "$FONT_DIR" || log "fc-cache failed (ignored)"
fi
printf 'wadal-bootstrap: phase font done in %d s\n' $((SECONDS - start))

start=$SECONDS
fetch run_jupyter.sh
group=$(id -gn "$NODE_USER")
as_root install -m 0755 -o "$NODE_USER" -g "$group" "$tmp/run_jupyter.sh" "$NODE_HOME/run_jupyter.sh"
log "installed $NODE_HOME/run_jupyter.sh"
printf 'wadal-bootstrap: phase run-jupyter done in %d s\n' $((SECONDS - start))
