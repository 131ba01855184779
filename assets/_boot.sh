#!/bin/bash
# _boot.sh - TEMPLATE of wadal's bootstrap actions boot_eda.sh, boot_etl.sh and boot_min.sh
# (BOOTSTRAP_SCRIPT=boot_eda.sh, the default, etc.). `wadal upload-assets` renders one file per
# variant, with the placeholders below (in braces) replaced by its name without .sh and by
# the profile's INIT_ASSET_DIR_S3 and AWS_REGION: EMR downloads and runs a single file per
# bootstrap action. `wadal create` passes it one argument, no secret: --pip-conf (the profile
# sets PIP_INDEX_URL or PIP_EXTRA_INDEX_URL: install the asset dir's pip.conf, fail without
# one) or --no-pip-conf (it sets neither: pip uses PyPI, even when another profile sharing the
# asset dir left a pip.conf there). Without an argument a pip.conf there is used if present.
#
# Every variant installs git, JupyterLab and papermill on the master only, a small ~/.vimrc,
# and SPARK_HOME / PYSPARK_PYTHON in ~/.bash_profile. The Python packages on every node (the
# executors need them too: UDFs, pandas_udf):
#   boot_eda  for ETL and exploratory analysis, plus the classic notebook on the master.
#             Takes a while (10-15 minutes).
#   boot_etl  the minimum for notebooks that move data: pandas and boto3. A few minutes.
#   boot_min  none: only what wadal itself needs on the master. The quickest to boot.
#
# EMR runs bootstrap actions as the hadoop user, with passwordless sudo, on every node,
# before it installs the applications. Works on emr-6.x (Amazon Linux 2: yum, python 3.7)
# and emr-7.x (Amazon Linux 2023: dnf, python 3.9+). Safe to run again.
#
# Every pip call uses the constraints file of the node's EMR major version, from the asset
# dir: constraints-emr7.txt on Amazon Linux 2023 (only emr-7.x runs on it), else
# constraints-emr6.txt (Amazon Linux 2: emr-6.x). The node's OS says it for sure, where the
# release label would need an argument (EMR passes none) or an undocumented file.
# pip.conf, which upload-assets places in the asset dir when PIP_INDEX_URL or
# PIP_EXTRA_INDEX_URL is set (it may carry a token), becomes /etc/pip.conf (root, 0600: the
# bootstrap's sudo pip) and ~/.config/pip/pip.conf (hadoop, 0600: pip in Jupyter or a
# shell) before the first pip call; its URLs are never printed, and pip's output is shown
# with them masked. Each phase ends with a line
#   wadal-bootstrap: phase NAME done in N s       (or: failed after N s)
# which `wadal logs PROFILE bootstrap` shows.
#
# Environment (for tests): WADAL_NODE_HOME [/home/hadoop],
#   WADAL_INSTANCE_JSON [/mnt/var/lib/info/instance.json], WADAL_OS_RELEASE [/etc/os-release],
#   WADAL_PIP_CONF [/etc/pip.conf]
set -euo pipefail

SCRIPT='{BOOT_SCRIPT}'
ASSET_DIR='{INIT_ASSET_DIR_S3}'
REGION='{AWS_REGION}'
# NODE_PACKAGES on every node: the newest release the node's constraints file allows.
# MASTER_PACKAGES on the master only; MASTER_SYSTEM_PACKAGES: rpm packages, on the master only.
case "$SCRIPT" in
    boot_eda)
        # s3fs[boto3] brings the boto3 its aiobotocore was built for: a bare boto3 beside it
        # makes pip backtrack through hundreds of botocore releases
        NODE_PACKAGES=(
            pandas numpy scipy pyarrow matplotlib seaborn plotly scikit-learn statsmodels xgboost
            's3fs[boto3]' pyathena tqdm
        )
        MASTER_PACKAGES=(jupyterlab notebook ipykernel ipywidgets papermill)
        MASTER_SYSTEM_PACKAGES=(git)
        ;;
    boot_etl)
        NODE_PACKAGES=(pandas boto3)
        MASTER_PACKAGES=(jupyterlab ipykernel papermill)
        MASTER_SYSTEM_PACKAGES=(git)
        ;;
    boot_min)
        NODE_PACKAGES=()
        MASTER_PACKAGES=(jupyterlab ipykernel papermill)
        MASTER_SYSTEM_PACKAGES=(git)
        ;;
    *)
        echo "error: this is the unrendered template; 'wadal upload-assets' renders boot_eda.sh, boot_etl.sh and boot_min.sh from it" >&2
        exit 2
        ;;
esac
case $ASSET_DIR in
    s3://*) ;;
    *) echo "error: rendered without an asset dir; run 'wadal upload-assets'" >&2; exit 2 ;;
esac

NODE_HOME=${WADAL_NODE_HOME:-/home/hadoop}
INSTANCE_JSON=${WADAL_INSTANCE_JSON:-/mnt/var/lib/info/instance.json}
OS_RELEASE=${WADAL_OS_RELEASE:-/etc/os-release}
PIP_CONF=${WADAL_PIP_CONF:-/etc/pip.conf}
case ${1:-} in
    --pip-conf) PIP_MODE=required ;;
    --no-pip-conf) PIP_MODE=none ;;
    '') PIP_MODE=if-present ;;
    *) echo "error: unknown argument '$1' (wadal create passes --pip-conf or --no-pip-conf)" >&2; exit 2 ;;
esac
USER_PIP_CONF=$NODE_HOME/.config/pip/pip.conf
CONSTRAINTS=$NODE_HOME/.wadal/constraints.txt
# Strings pip's output must not show: the pip.conf URLs and their credentials.
REDACT=()
PHASE=
PHASE_START=0
WORK=$(mktemp -d)

log() { printf '%s [wadal %s] %s\n' "$(date '+%F %T')" "$SCRIPT" "$*"; }

on_exit() {
    local status=$1
    if [ -n "$PHASE" ] && [ "$status" -ne 0 ]; then
        printf 'wadal-bootstrap: phase %s failed after %d s (exit %d)\n' "$PHASE" $((SECONDS - PHASE_START)) "$status"
    fi
    rm -rf "$WORK"
}
trap 'on_exit $?' EXIT

# Runs "$2"... as phase $1 and prints its duration. A failure ends the script (set -e) and
# on_exit reports it; no `if`/`||` here, which would turn set -e off inside the phase.
phase() {
    PHASE=$1
    PHASE_START=$SECONDS
    shift
    "$@"
    printf 'wadal-bootstrap: phase %s done in %d s\n' "$PHASE" $((SECONDS - PHASE_START))
    PHASE=
}

fetch_asset() {
    aws s3 cp --region "$REGION" --only-show-errors "$ASSET_DIR/$1" "$2"
}

is_master() {
    if [ ! -f "$INSTANCE_JSON" ]; then
        log "$INSTANCE_JSON not found (not an EMR node?): treating this node as the master"
        return 0
    fi
    grep -q '"isMaster": *true' "$INSTANCE_JSON"
}

pkg_manager() {
    if command -v dnf >/dev/null 2>&1; then echo dnf; else echo yum; fi
}

# Installs the rpm packages that are not installed yet.
pkg_install() {
    local p missing=()
    for p in "$@"; do
        rpm -q "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "already installed: $*"
        return 0
    fi
    log "$(pkg_manager) install ${missing[*]}"
    sudo "$(pkg_manager)" install -y "${missing[@]}"
}

run_pip() {
    sudo -H env PIP_ROOT_USER_ACTION=ignore python3 -m pip "$@"
}

# Copies stdin to stdout with every REDACT string replaced by ****.
redact() {
    local line s
    if [ ${#REDACT[@]} -eq 0 ]; then
        cat
        return 0
    fi
    while IFS= read -r line || [ -n "$line" ]; do
        for s in "${REDACT[@]}"; do
            line=${line//"$s"/****}
        done
        printf '%s\n' "$line"
    done
}

# System-wide pip install. On Amazon Linux 2023 the system's python packages belong to rpm
# and pip cannot uninstall them ("Cannot uninstall X ... RECORD file not found"): when pip
# needs to upgrade one, pip's own copy of just that package is installed next to it (in
# /usr/local, ahead on sys.path; the rpm's files stay untouched) and the install retried.
pip_install() {
    local out name tried=" " attempt
    out=$(mktemp)
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        log "pip install $* (attempt $attempt)"
        if run_pip install --disable-pip-version-check --progress-bar off --prefer-binary -c "$CONSTRAINTS" "$@" 2>&1 \
                | redact | tee "$out"; then
            rm -f "$out"
            return 0
        fi
        name=$(sed -nE "s/.*Cannot uninstall '?([A-Za-z0-9_.-]+).*/\1/p" "$out" | head -n 1)
        if [ -z "$name" ] || [[ $tried == *" $name "* ]]; then
            break
        fi
        tried+="$name "
        log "$name belongs to the system's package manager: installing pip's own copy beside it"
        run_pip install --disable-pip-version-check --progress-bar off --prefer-binary -c "$CONSTRAINTS" \
            --ignore-installed --no-deps "$name" 2>&1 | redact
    done
    rm -f "$out"
    log "pip install failed: $*"
    return 1
}

# Appends line $1 to file $2 unless it is there already.
add_line() {
    grep -qxF -- "$1" "$2" 2>/dev/null || printf '%s\n' "$1" >>"$2"
}

# The constraints file of this node's EMR major version (see the top), in $CONSTRAINTS.
setup_constraints() {
    local version name
    version=$(sed -n 's/^VERSION_ID=//p' "$OS_RELEASE" 2>/dev/null | tr -d '"' | head -n 1)
    case $version in
        2023*) name=constraints-emr7.txt ;;
        2) name=constraints-emr6.txt ;;
        *)
            name=constraints-emr6.txt
            log "Amazon Linux '${version:-?}' is neither 2 (emr-6) nor 2023 (emr-7): using $name, the stricter"
            ;;
    esac
    log "Amazon Linux ${version:-?}: pip constraints $ASSET_DIR/$name"
    fetch_asset "$name" "$WORK/constraints.txt"
    mkdir -p "$NODE_HOME/.wadal"
    chmod 0700 "$NODE_HOME/.wadal"
    install -m 0644 "$WORK/constraints.txt" "$CONSTRAINTS"
}

# Appends the URLs of pip.conf $1, and the password (else user) each carries, to REDACT.
# Reads with builtins only: no value is ever on a command line.
load_redactions() {
    local conf=$1 line value url userinfo
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            *index-url*=*) value=${line#*=} ;;
            *) continue ;;
        esac
        set -f
        # shellcheck disable=SC2086 # split into the URLs, as pip does
        set -- $value
        set +f
        for url in "$@"; do
            REDACT+=("$url")
            case $url in
                *://*@*)
                    userinfo=${url#*://}
                    userinfo=${userinfo%%@*}
                    userinfo=${userinfo#*:}
                    # a short one would mask common words; pip masks userinfo itself anyway
                    if [ ${#userinfo} -ge 8 ]; then REDACT+=("$userinfo"); fi
                    ;;
            esac
        done
    done <"$conf"
}

# The pip.conf upload-assets placed in the asset dir, if any. No set -x here, ever: the file
# may carry a token (umask 077: the downloaded copy is private from its first byte).
setup_pip_config() {
    local conf=$WORK/pip.conf
    if [ "$PIP_MODE" = none ]; then
        log "the profile sets neither PIP_INDEX_URL nor PIP_EXTRA_INDEX_URL: pip uses PyPI (a pip.conf in $ASSET_DIR is not used)"
        return 0
    fi
    if ! (umask 077 && fetch_asset pip.conf "$conf" 2>"$WORK/pip.err"); then
        if [ "$PIP_MODE" = required ]; then
            echo "error: no pip.conf in $ASSET_DIR, though the profile sets PIP_INDEX_URL or PIP_EXTRA_INDEX_URL (another profile's upload-assets may have removed it): run 'wadal upload-assets' for this profile; aws: $(head -c 300 "$WORK/pip.err" | tr '\n' ' ')" >&2
            return 1
        fi
        log "no pip.conf from $ASSET_DIR (there is none while PIP_INDEX_URL and PIP_EXTRA_INDEX_URL are unset): pip uses PyPI; aws: $(head -c 300 "$WORK/pip.err" | tr '\n' ' ')"
        return 0
    fi
    load_redactions "$conf"
    if sudo test -f "$PIP_CONF" && ! sudo test -e "$PIP_CONF.before-wadal"; then
        sudo cp -p "$PIP_CONF" "$PIP_CONF.before-wadal"
        log "kept the node's own $PIP_CONF as $PIP_CONF.before-wadal"
    fi
    sudo install -m 0600 "$conf" "$PIP_CONF"
    mkdir -p "$(dirname "$USER_PIP_CONF")"
    install -m 0600 "$conf" "$USER_PIP_CONF"
    log "pip's index from PIP_INDEX_URL / PIP_EXTRA_INDEX_URL: $PIP_CONF and $USER_PIP_CONF (mode 0600)"
}

setup_python() {
    setup_pip_config
    setup_constraints
    command -v python3 >/dev/null 2>&1 || pkg_install python3
    if ! python3 -m pip --version >/dev/null 2>&1; then
        pkg_install python3-pip
    fi
    log "$(python3 --version 2>&1), $(python3 -m pip --version 2>&1)"
    pip_install --upgrade pip
}

setup_shell() {
    local vimrc=$NODE_HOME/.vimrc profile=$NODE_HOME/.bash_profile
    if [ ! -e "$vimrc" ]; then
        log "writing $vimrc"
        cat >"$vimrc" <<'EOF'
syntax on
set encoding=utf-8
set tabstop=4
set shiftwidth=4
set expandtab
set ruler
EOF
    fi
    add_line 'export SPARK_HOME=/usr/lib/spark' "$profile"
    add_line 'export PYSPARK_PYTHON=python3' "$profile"
    log "SPARK_HOME and PYSPARK_PYTHON set in $profile"
    if [ "$(id -u)" -eq 0 ] && id hadoop >/dev/null 2>&1 && [ "$NODE_HOME" = /home/hadoop ]; then
        chown hadoop:hadoop "$vimrc" "$profile"
    fi
}

main() {
    local master=false
    if is_master; then master=true; fi
    log "starting on ${HOSTNAME:-this node} (master: $master; $(sed -n 's/^PRETTY_NAME=//p' /etc/os-release 2>/dev/null | tr -d '"'))"
    if [ "$master" = true ]; then
        phase system-packages pkg_install "${MASTER_SYSTEM_PACKAGES[@]}"
    fi
    if [ "$master" = true ] || [ ${#NODE_PACKAGES[@]} -gt 0 ]; then
        phase python setup_python
    fi
    if [ ${#NODE_PACKAGES[@]} -gt 0 ]; then
        phase packages pip_install "${NODE_PACKAGES[@]}"
    fi
    if [ "$master" = true ]; then
        phase jupyter pip_install "${MASTER_PACKAGES[@]}"
    else
        log "not the master: ${MASTER_SYSTEM_PACKAGES[*]} ${MASTER_PACKAGES[*]} skipped"
    fi
    phase shell setup_shell
    log "done in ${SECONDS}s"
    printf 'wadal-bootstrap: done in %d s\n' "$SECONDS"
}

main "$@"
