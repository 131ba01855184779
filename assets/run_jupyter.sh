#!/bin/bash
# run_jupyter.sh - prepares and starts Jupyter on the EMR master, with a SparkContext in
# every kernel (Jupyter is started through `pyspark`). Part of wadal's assets; cp_assets.sh
# installs it as /home/hadoop/run_jupyter.sh.
#
#   run_jupyter.sh configure --port N --mode lab|notebook|remote [--repo NAME] [--public]
#                            [--kernel-idle-timeout SECONDS]
#       Run once, as an EMR step (root through script-runner, or hadoop) or over SSH.
#       Writes, for the hadoop user: the Jupyter server config (jupyter_server_config.py
#       and jupyter_notebook_config.py), an IPython startup file, ~/.wadal/jupyter.env
#       (mode, port, ip, root dir for `start`); creates ~/works; turns Spark's console
#       log down to ERROR. Takes no secret: nothing here is sensitive.
#       --kernel-idle-timeout: Jupyter shuts down a kernel idle that long, even with a tab open
#       (a kernel holds a YARN application, which keeps EMR's idle clock from starting); a busy
#       kernel is never shut down. 0 or absent: kernels live until stopped.
#
#   run_jupyter.sh start
#       Run as hadoop over SSH. Reads the notebook environment from STDIN, one KEY=VALUE
#       per line (the value is everything after the first '=', verbatim; blank lines and
#       #comments are skipped), stores it in ~/.wadal/notebook.env (mode 0600, one
#       `export KEY='value'` per line, safe to `.`-source) and starts Jupyter in the
#       background (nohup, log in ~/.wadal/jupyter.log) with those variables exported.
#       Secrets therefore never appear on a command line. Does nothing if Jupyter already
#       runs on the configured port. Waits until the server is listed by
#       `jupyter server list`, then touches ~/jupyter_ready.
#
# Exit status: 0 ok, 1 failure (Jupyter died or did not come up), 2 bad arguments.
#
# Environment (defaults in brackets; meant for tests and unusual setups):
#   WADAL_MASTER_HOME [/home/hadoop]  home of the user Jupyter runs as
#   WADAL_MASTER_USER [hadoop]        that user (files are chowned to it when run as root)
#   SPARK_CONF_DIR    [/etc/spark/conf] where Spark's log4j(2).properties live
#   WADAL_JUPYTER_WAIT [180]          seconds `start` waits for Jupyter to listen (past it: exit 124,
#                                     as timeout(1)); 0: no wait
set -euo pipefail

MASTER_HOME=${WADAL_MASTER_HOME:-/home/hadoop}
MASTER_USER=${WADAL_MASTER_USER:-hadoop}
STATE_DIR=$MASTER_HOME/.wadal
WORKS_DIR=$MASTER_HOME/works
JUPYTER_ENV=$STATE_DIR/jupyter.env
NOTEBOOK_ENV=$STATE_DIR/notebook.env
JUPYTER_LOG=$STATE_DIR/jupyter.log
PID_FILE=$STATE_DIR/jupyter.pid
READY_FILE=$MASTER_HOME/jupyter_ready

log() { printf '%s [run_jupyter] %s\n' "$(date '+%F %T')" "$*" >&2; }
die() { log "error: $1"; exit "${2:-1}"; }

usage() {
    cat >&2 <<'EOF'
usage: run_jupyter.sh configure --port N --mode lab|notebook|remote [--repo NAME] [--public]
                                [--kernel-idle-timeout SECONDS]
       run_jupyter.sh start    (the notebook environment as KEY=VALUE lines on stdin)
EOF
    exit "${1:-2}"
}

# A Python string literal for $1.
py_str() {
    local s=${1//\\/\\\\}
    s=${s//\'/\\\'}
    printf "'%s'" "$s"
}

# A POSIX-shell single-quoted word for $1.
sh_quote() {
    printf "'%s'" "${1//\'/\'\\\'\'}"
}

# Writes stdin to $1 atomically (temp file in the same directory, then rename), mode $2.
write_file() {
    local target=$1 mode=$2 tmp
    tmp=$(mktemp "$target.XXXXXX")
    cat >"$tmp"
    chmod "$mode" "$tmp"
    mv -f "$tmp" "$target"
}

am_root() { [ "$(id -u)" -eq 0 ]; }

# True when running as root on behalf of another, existing user: files must be chowned.
must_chown() {
    am_root && [ "$MASTER_USER" != "$(id -un)" ] && id "$MASTER_USER" >/dev/null 2>&1
}

chown_to_user() {
    if must_chown; then
        chown -R "$MASTER_USER:$(id -gn "$MASTER_USER")" "$@"
    fi
}

# ---------------------------------------------------------------------------- configure

configure() {
    local port="" mode="" repo="" public=false kernel_idle=0
    while [ $# -gt 0 ]; do
        case $1 in
            --port) [ $# -ge 2 ] || usage; port=$2; shift 2 ;;
            --port=*) port=${1#*=}; shift ;;
            --mode) [ $# -ge 2 ] || usage; mode=$2; shift 2 ;;
            --mode=*) mode=${1#*=}; shift ;;
            --repo) [ $# -ge 2 ] || usage; repo=$2; shift 2 ;;
            --repo=*) repo=${1#*=}; shift ;;
            --public) public=true; shift ;;
            --kernel-idle-timeout) [ $# -ge 2 ] || usage; kernel_idle=$2; shift 2 ;;
            --kernel-idle-timeout=*) kernel_idle=${1#*=}; shift ;;
            -h|--help) usage 0 ;;
            *) log "unknown argument: $1"; usage ;;
        esac
    done
    if ! [[ $port =~ ^[1-9][0-9]{0,4}$ ]] || [ "$port" -gt 65535 ]; then
        die "--port must be a TCP port number (1-65535), got '$port'" 2
    fi
    case $mode in
        lab|notebook|remote) ;;
        *) die "--mode must be lab, notebook or remote, got '$mode'" 2 ;;
    esac
    if ! [[ $kernel_idle =~ ^[0-9]{1,7}$ ]]; then
        die "--kernel-idle-timeout must be a number of seconds (0: never), got '$kernel_idle'" 2
    fi
    kernel_idle=$((10#$kernel_idle))
    repo=${repo%.git}
    if [ -n "$repo" ] && { ! [[ $repo =~ ^[A-Za-z0-9._-]+$ ]] || [ "$repo" = . ] || [ "$repo" = .. ]; }; then
        die "--repo must be a plain directory name, got '$repo'" 2
    fi

    local ip=127.0.0.1 root_dir=$WORKS_DIR
    if [ "$public" = true ]; then ip=0.0.0.0; fi
    if [ -n "$repo" ]; then root_dir=$WORKS_DIR/$repo; fi

    log "configuring Jupyter for $MASTER_USER: mode $mode, $ip:$port, root $root_dir, idle kernels end after" \
        "${kernel_idle}s (0: never)"
    umask 022
    mkdir -p "$WORKS_DIR" "$MASTER_HOME/.jupyter" "$MASTER_HOME/.ipython/profile_default/startup"
    mkdir -p "$STATE_DIR"
    chmod 0700 "$STATE_DIR"

    write_server_config "$MASTER_HOME/.jupyter/jupyter_server_config.py" ServerApp root_dir \
        "$ip" "$port" "$root_dir" "$kernel_idle"
    write_server_config "$MASTER_HOME/.jupyter/jupyter_notebook_config.py" NotebookApp notebook_dir \
        "$ip" "$port" "$root_dir" "$kernel_idle"
    write_ipython_startup "$MASTER_HOME/.ipython/profile_default/startup/00-wadal.py"
    log "wrote $MASTER_HOME/.jupyter/jupyter_server_config.py, jupyter_notebook_config.py and" \
        "$MASTER_HOME/.ipython/profile_default/startup/00-wadal.py"

    write_file "$JUPYTER_ENV" 0600 <<EOF
JUPYTER_MODE=$mode
JUPYTER_PORT=$port
JUPYTER_IP=$ip
JUPYTER_ROOT_DIR=$root_dir
EOF
    log "recorded mode and port in $JUPYTER_ENV"

    quiet_spark_logs
    chown_to_user "$MASTER_HOME/.jupyter" "$MASTER_HOME/.ipython" "$STATE_DIR"
    if must_chown; then chown "$MASTER_USER:$(id -gn "$MASTER_USER")" "$WORKS_DIR"; fi
    log "configured"
}

# $1 file, $2 config class (ServerApp | NotebookApp), $3 name of the root-dir trait, $4 ip,
# $5 port, $6 root dir, $7 kernel idle timeout in seconds (0: no culling)
write_server_config() {
    local file=$1 app=$2 dir_trait=$3 ip=$4 port=$5 root_dir=$6 kernel_idle=${7:-0}
    {
        echo "# Written by wadal's run_jupyter.sh configure; rewritten on every configure."
        echo "c = get_config()  # noqa: F821"
        echo "c.$app.ip = $(py_str "$ip")"
        echo "c.$app.port = $port"
        echo "c.$app.port_retries = 0"
        echo "c.$app.$dir_trait = $(py_str "$root_dir")"
        echo "c.$app.open_browser = False"
        echo "c.$app.allow_remote_access = True"
        echo "c.$app.iopub_data_rate_limit = 1e7"
        if [ "$app" = ServerApp ]; then
            echo "# Jupyter Server 2 moved the rate limit to the websocket connection class."
            echo "c.ZMQChannelsWebsocketConnection.iopub_data_rate_limit = 1e7"
        fi
        kernel_culling "$kernel_idle"
    } | write_file "$file" 0644
}

# Kernel culling, the same traits for notebook 6 and Jupyter Server 2 (MappingKernelManager;
# Jupyter Server's AsyncMappingKernelManager inherits them). The check runs every half timeout,
# at most every 60 s: a cheap scan of the kernels' last activity that keeps a kernel's end
# within a minute of its timeout.
kernel_culling() {
    local timeout=$1 interval
    if [ "$timeout" -le 0 ]; then
        echo "# Kernel culling off: kernels live until stopped."
        echo "c.MappingKernelManager.cull_idle_timeout = 0"
        return 0
    fi
    interval=$((timeout / 2))
    if [ "$interval" -gt 60 ]; then interval=60; fi
    if [ "$interval" -lt 1 ]; then interval=1; fi
    echo "# A kernel idle this long ends, even with a tab open; a busy one (a running cell) never does."
    echo "c.MappingKernelManager.cull_idle_timeout = $timeout"
    echo "c.MappingKernelManager.cull_interval = $interval"
    echo "c.MappingKernelManager.cull_connected = True"
    echo "c.MappingKernelManager.cull_busy = False"
}

write_ipython_startup() {
    local file=$1
    {
        echo "# Written by wadal's run_jupyter.sh configure; rewritten on every configure."
        echo "# Every import is guarded: a missing package must never break the kernel."
        echo "_WADAL_WORKS = $(py_str "$WORKS_DIR")"
        cat <<'PY'
_WADAL_FONT = '/usr/share/fonts/truetype/nanum/NanumGothic.ttf'

try:
    import sys as _sys
    if _WADAL_WORKS not in _sys.path:
        _sys.path.insert(0, _WADAL_WORKS)
except Exception:
    pass

try:
    from IPython import get_ipython as _get_ipython
    _ip = _get_ipython()
    if _ip is not None and getattr(_ip, 'kernel', None) is not None:
        _ip.run_line_magic('matplotlib', 'inline')
except Exception:
    pass

try:
    import matplotlib.pyplot as _plt
    try:
        _plt.style.use('ggplot')
    except Exception:
        pass
    import os as _os
    if _os.path.exists(_WADAL_FONT):
        from matplotlib import font_manager as _fm
        _fm.fontManager.addfont(_WADAL_FONT)
        _plt.rcParams['font.family'] = _fm.FontProperties(fname=_WADAL_FONT).get_name()
        _plt.rcParams['axes.unicode_minus'] = False
except Exception:
    pass
PY
    } | write_file "$file" 0644
}

# Runs "$@" directly when $1's target file ($SPARK_FILE) is writable, else through
# passwordless sudo when there is one.
spark_conf_edit() {
    if [ -w "$SPARK_FILE" ]; then
        "$@"
    else
        sudo -n "$@"
    fi
}

quiet_spark_logs() {
    local conf=${SPARK_CONF_DIR:-/etc/spark/conf} found=false
    for SPARK_FILE in "$conf/log4j2.properties" "$conf/log4j.properties"; do
        [ -f "$SPARK_FILE" ] || continue
        found=true
        if [ ! -w "$SPARK_FILE" ] && ! sudo -n true 2>/dev/null; then
            log "$SPARK_FILE is not writable; Spark's log level left as it is"
            continue
        fi
        case $SPARK_FILE in
            *log4j2.properties)
                if grep -Eq '^[[:space:]]*rootLogger\.level[[:space:]]*=' "$SPARK_FILE"; then
                    spark_conf_edit sed -i -E \
                        's/^[[:space:]]*rootLogger\.level[[:space:]]*=.*/rootLogger.level = error/' "$SPARK_FILE"
                elif grep -Eq '^[[:space:]]*rootLogger[[:space:]]*=' "$SPARK_FILE"; then
                    # the short form: rootLogger = LEVEL, appender...
                    spark_conf_edit sed -i -E \
                        's/^[[:space:]]*rootLogger[[:space:]]*=[[:space:]]*[A-Za-z]+/rootLogger = ERROR/' "$SPARK_FILE"
                else
                    printf '\n# wadal: quiet console\nrootLogger.level = error\n' |
                        spark_conf_edit tee -a "$SPARK_FILE" >/dev/null
                fi
                ;;
            *)
                if grep -Eq '^[[:space:]]*log4j\.root(Category|Logger)[[:space:]]*=' "$SPARK_FILE"; then
                    spark_conf_edit sed -i -E \
                        's/^[[:space:]]*(log4j\.root(Category|Logger))[[:space:]]*=[[:space:]]*[A-Za-z]+/\1=ERROR/' \
                        "$SPARK_FILE"
                else
                    printf '\n# wadal: quiet console\nlog4j.rootCategory=ERROR, console\n' |
                        spark_conf_edit tee -a "$SPARK_FILE" >/dev/null
                fi
                ;;
        esac
        log "Spark console log level set to ERROR in $SPARK_FILE"
    done
    if [ "$found" = false ]; then
        log "no log4j2.properties or log4j.properties in $conf; Spark's log level left as it is"
    fi
}

# -------------------------------------------------------------------------------- start

read_jupyter_env() {
    [ -f "$JUPYTER_ENV" ] || die "$JUPYTER_ENV is missing: run '$0 configure' first"
    J_MODE="" J_PORT="" J_IP="" J_ROOT_DIR=""
    local key value
    while IFS='=' read -r key value || [ -n "$key" ]; do
        case $key in
            JUPYTER_MODE) J_MODE=$value ;;
            JUPYTER_PORT) J_PORT=$value ;;
            JUPYTER_IP) J_IP=$value ;;
            JUPYTER_ROOT_DIR) J_ROOT_DIR=$value ;;
        esac
    done <"$JUPYTER_ENV"
    [[ $J_PORT =~ ^[0-9]+$ ]] || die "$JUPYTER_ENV has no valid JUPYTER_PORT: run '$0 configure' again"
    [ -n "$J_ROOT_DIR" ] || J_ROOT_DIR=$WORKS_DIR
}

# Fills ENV_NAMES / ENV_VALUES from stdin (nothing when stdin is a terminal).
read_notebook_env() {
    ENV_NAMES=() ENV_VALUES=()
    if [ -t 0 ]; then
        log "stdin is a terminal: no notebook environment read"
        return 0
    fi
    local line name n=0
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1))
        line=${line%$'\r'}
        case $line in
            ''|'#'*) continue ;;
            'export '*) line=${line#export }; line=${line#"${line%%[! ]*}"} ;;
        esac
        name=${line%%=*}
        if [ "$name" = "$line" ] || ! [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
            log "ignoring line $n of the notebook environment: not KEY=VALUE"
            continue
        fi
        ENV_NAMES+=("$name")
        ENV_VALUES+=("${line#*=}")
    done
}

write_notebook_env() {
    local i count=${#ENV_NAMES[@]}
    {
        echo "# The notebook environment, written by run_jupyter.sh start; one export per line."
        for ((i = 0; i < count; i++)); do
            printf 'export %s=%s\n' "${ENV_NAMES[i]}" "$(sh_quote "${ENV_VALUES[i]}")"
        done
    } | write_file "$NOTEBOOK_ENV" 0600
    log "stored $count notebook variable(s) in $NOTEBOOK_ENV (mode 0600)"
}

# True when a Jupyter server listens on port $1 according to `jupyter ... list`.
server_listed() {
    local out
    out=$({ jupyter server list --json; jupyter notebook list --json; } 2>/dev/null || true)
    grep -Eq "\"port\": *$1([^0-9]|\$)" <<<"$out"
}

# True when the process recorded in the pid file is alive and is ours.
pid_alive() {
    local pid
    [ -f "$PID_FILE" ] || return 1
    pid=$(cat "$PID_FILE" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # A dead process may leave a zombie for a moment; a recycled pid runs something else.
    [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ] || return 1
    grep -Eqa 'jupyter|pyspark|spark' "/proc/$pid/cmdline" 2>/dev/null || [ ! -d /proc ]
}

jupyter_running() { pid_alive || server_listed "$1"; }

# The jupyter subcommand for a mode; remote = a bare server for VS Code and the like.
jupyter_subcommand() {
    case $1 in
        lab)
            if command -v jupyter-lab >/dev/null 2>&1 || ! command -v jupyter-notebook >/dev/null 2>&1; then
                echo lab
            else
                log "jupyter-lab is not installed; starting the classic notebook instead"
                echo notebook
            fi
            ;;
        notebook) echo notebook ;;
        remote)
            if command -v jupyter-server >/dev/null 2>&1; then echo server; else echo notebook; fi
            ;;
        *) die "unknown JUPYTER_MODE '$1' in $JUPYTER_ENV" ;;
    esac
}

switch_to_master_user() {
    if am_root && [ "$MASTER_USER" != root ] && id "$MASTER_USER" >/dev/null 2>&1; then
        log "running as root: switching to $MASTER_USER"
        if command -v runuser >/dev/null 2>&1; then
            exec runuser -u "$MASTER_USER" -- env HOME="$MASTER_HOME" bash "$0" start
        fi
        exec sudo -u "$MASTER_USER" -H bash "$0" start
    fi
}

start() {
    [ $# -eq 0 ] || { log "start takes no arguments (the notebook environment comes on stdin)"; usage; }
    switch_to_master_user
    export HOME=$MASTER_HOME
    umask 077
    mkdir -p "$STATE_DIR"
    chmod 0700 "$STATE_DIR"

    # One start at a time (wait-ready and jupyter run at once): the second finds the first's Jupyter.
    # Jupyter itself must not inherit the lock (fd 9), or the lock would live as long as it does.
    if command -v flock >/dev/null 2>&1; then
        local lock_wait=${WADAL_JUPYTER_WAIT:-180}
        [[ $lock_wait =~ ^[0-9]+$ ]] || lock_wait=180
        exec 9>"$STATE_DIR/start.lock"
        flock -w $((lock_wait + 30)) 9 || die "another 'run_jupyter.sh start' still runs (lock $STATE_DIR/start.lock)"
    fi

    read_jupyter_env
    read_notebook_env
    write_notebook_env

    if jupyter_running "$J_PORT"; then
        log "Jupyter already runs on port $J_PORT; nothing started"
        touch "$READY_FILE"
        return 0
    fi

    local i count=${#ENV_NAMES[@]}
    for ((i = 0; i < count; i++)); do
        export "${ENV_NAMES[i]}=${ENV_VALUES[i]}"
    done
    local sub
    sub=$(jupyter_subcommand "$J_MODE")
    export PYSPARK_DRIVER_PYTHON=jupyter
    export PYSPARK_DRIVER_PYTHON_OPTS="$sub --no-browser --ip=${J_IP:-127.0.0.1} --port=$J_PORT"
    # Still root here means root was asked for (WADAL_MASTER_USER=root) or there is no hadoop.
    if am_root; then PYSPARK_DRIVER_PYTHON_OPTS+=" --allow-root"; fi
    export PYSPARK_PYTHON=${PYSPARK_PYTHON:-python3}
    if [ -z "${SPARK_HOME:-}" ] && [ -d /usr/lib/spark ]; then export SPARK_HOME=/usr/lib/spark; fi

    if [ ! -d "$J_ROOT_DIR" ]; then
        log "creating $J_ROOT_DIR (Jupyter's root directory)"
        (umask 022 && mkdir -p "$J_ROOT_DIR")
    fi
    rm -f "$READY_FILE"
    # The working directory is where Spark drops metastore_db/ and derby.log: keep them
    # out of the notebook repository.
    cd "$MASTER_HOME"
    log "starting 'jupyter $PYSPARK_DRIVER_PYTHON_OPTS' through pyspark; log: $JUPYTER_LOG"
    {
        echo
        echo "==== $(date '+%F %T') run_jupyter.sh start: jupyter $PYSPARK_DRIVER_PYTHON_OPTS"
    } >>"$JUPYTER_LOG"
    if command -v setsid >/dev/null 2>&1; then
        setsid nohup pyspark </dev/null >>"$JUPYTER_LOG" 2>&1 9>&- &
    else
        nohup pyspark </dev/null >>"$JUPYTER_LOG" 2>&1 9>&- &
    fi
    local pid=$!
    echo "$pid" >"$PID_FILE"

    local wait_s=${WADAL_JUPYTER_WAIT:-180}
    [[ $wait_s =~ ^[0-9]+$ ]] || wait_s=180
    if [ "$wait_s" -gt 0 ]; then
        local deadline=$((SECONDS + wait_s))
        while ! server_listed "$J_PORT"; do
            if ! pid_alive && ! server_listed "$J_PORT"; then
                log "Jupyter exited before listening on port $J_PORT; the end of $JUPYTER_LOG:"
                tail -n 25 "$JUPYTER_LOG" >&2 || true
                rm -f "$PID_FILE"
                exit 1
            fi
            if [ "$SECONDS" -ge "$deadline" ]; then
                log "Jupyter (pid $pid) does not listen on port $J_PORT after ${wait_s}s; see $JUPYTER_LOG"
                exit 124
            fi
            sleep 0.5
        done
    fi
    touch "$READY_FILE"
    log "Jupyter started (pid $pid, port $J_PORT); touched $READY_FILE"
}

# --------------------------------------------------------------------------------- main

case ${1:-} in
    configure) shift; configure "$@" ;;
    start) shift; start "$@" ;;
    -h|--help) usage 0 ;;
    '') usage ;;
    *) log "unknown command: $1"; usage ;;
esac
