#!/bin/bash
# _boot.sh - TEMPLATE of wadal's bootstrap actions boot_eda.sh, boot_etl.sh and boot_min.sh
# (BOOTSTRAP_SCRIPT=boot_eda.sh, the default, etc.). wadal renders one file per variant, with
# the placeholder below (in braces) replaced by its name without .sh: EMR downloads and runs
# a single file per bootstrap action and passes it no arguments.
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
# Environment (for tests): WADAL_NODE_HOME [/home/hadoop],
#   WADAL_INSTANCE_JSON [/mnt/var/lib/info/instance.json]
set -euo pipefail

SCRIPT='{BOOT_SCRIPT}'
# NODE_PACKAGES on every node; pip picks the newest release that supports the node's python.
# MASTER_PACKAGES on the master only; MASTER_SYSTEM_PACKAGES: rpm packages, on the master only.
case "$SCRIPT" in
    boot_eda)
        NODE_PACKAGES=(
            pandas numpy scipy pyarrow matplotlib seaborn plotly scikit-learn statsmodels xgboost
            boto3 's3fs[boto3]' pyathena tqdm
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

NODE_HOME=${WADAL_NODE_HOME:-/home/hadoop}
INSTANCE_JSON=${WADAL_INSTANCE_JSON:-/mnt/var/lib/info/instance.json}

log() { printf '%s [wadal %s] %s\n' "$(date '+%F %T')" "$SCRIPT" "$*"; }

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

# System-wide pip install. On Amazon Linux 2023 the system's python packages belong to rpm
# and pip cannot uninstall them ("Cannot uninstall X ... RECORD file not found"): when pip
# needs to upgrade one, pip's own copy of just that package is installed next to it (in
# /usr/local, ahead on sys.path; the rpm's files stay untouched) and the install retried.
pip_install() {
    local out name tried=" " attempt
    out=$(mktemp)
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        log "pip install $* (attempt $attempt)"
        if run_pip install --disable-pip-version-check --progress-bar off --prefer-binary "$@" 2>&1 | tee "$out"; then
            rm -f "$out"
            return 0
        fi
        name=$(sed -nE "s/.*Cannot uninstall '?([A-Za-z0-9_.-]+).*/\1/p" "$out" | head -n 1)
        if [ -z "$name" ] || [[ $tried == *" $name "* ]]; then
            break
        fi
        tried+="$name "
        log "$name belongs to the system's package manager: installing pip's own copy beside it"
        run_pip install --disable-pip-version-check --progress-bar off --prefer-binary \
            --ignore-installed --no-deps "$name"
    done
    rm -f "$out"
    log "pip install failed: $*"
    return 1
}

# Appends line $1 to file $2 unless it is there already.
add_line() {
    grep -qxF -- "$1" "$2" 2>/dev/null || printf '%s\n' "$1" >>"$2"
}

setup_python() {
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
        pkg_install "${MASTER_SYSTEM_PACKAGES[@]}"
    fi
    if [ "$master" = true ] || [ ${#NODE_PACKAGES[@]} -gt 0 ]; then
        setup_python
    fi
    if [ ${#NODE_PACKAGES[@]} -gt 0 ]; then
        pip_install "${NODE_PACKAGES[@]}"
    fi
    if [ "$master" = true ]; then
        pip_install "${MASTER_PACKAGES[@]}"
    else
        log "not the master: ${MASTER_SYSTEM_PACKAGES[*]} ${MASTER_PACKAGES[*]} skipped"
    fi
    setup_shell
    log "done in ${SECONDS}s"
}

main "$@"
