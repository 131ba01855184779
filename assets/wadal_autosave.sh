#!/bin/bash
# wadal_autosave.sh - pushes a snapshot of the notebook clone's work tree to the origin, so
# that no notebook is lost however the cluster ends. Part of wadal's assets; the workspace
# setup (wait-ready) installs it as ~/.wadal/wadal_autosave.sh and starts its loop.
#
#   wadal_autosave.sh once  --repo DIR --cluster ID
#       One snapshot, now. When DIR (a git clone) has modified, staged, untracked
#       (.ipynb_checkpoints/ excluded) or unpushed work, records a commit of the whole work
#       tree on top of HEAD in a temporary index (the user's branch, index, stash and files
#       are never touched) and force-pushes it to refs/heads/wadal/autosave/ID on origin,
#       with git's stored credentials. Nothing is pushed when the snapshot equals the last
#       one pushed. Exit 0 saved or nothing to save, 1 failed (see the log), 2 bad arguments.
#
#   wadal_autosave.sh start --repo DIR --cluster ID --interval SECONDS
#       Records the settings in ~/.wadal/autosave.env and starts the loop in the background
#       (setsid nohup: it survives the SSH connection) unless one runs already. The loop
#       reads the settings again every round: a later start with other settings is taken
#       up by the running loop, and --interval 0 ends it.
#
#   wadal_autosave.sh status
#       Prints the last pushed snapshot as `pushed_at=EPOCH`, `age=SECONDS` and `branch=NAME`
#       lines (nothing when none was pushed yet), and `loop=running|stopped`.
#
#   wadal_autosave.sh list --repo DIR --cluster ID
#       Prints the autosave branches of origin other than ID's that the clone knows of (as of
#       its clone or last fetch), one `SHA BRANCH` a line.
#
# Failures (push refused, credentials missing, no network) are appended to
# ~/.wadal/autosave.log with a timestamp, as is every push. No secret is ever on a command
# line: git reads the credentials from its store (~/.git-credentials).
#
# Environment: WADAL_MASTER_HOME [$HOME] where ~/.wadal is; WADAL_AUTOSAVE_PUSH_TIMEOUT
# [120] seconds one push may take.
set -uo pipefail

MASTER_HOME=${WADAL_MASTER_HOME:-$HOME}
STATE_DIR=$MASTER_HOME/.wadal
LOG=$STATE_DIR/autosave.log
STATE=$STATE_DIR/autosave.state
SETTINGS=$STATE_DIR/autosave.env
LOOP_LOCK=$STATE_DIR/autosave.lock
RUN_LOCK=$STATE_DIR/autosave.run.lock
START_LOCK=$STATE_DIR/start.lock
PID_FILE=$STATE_DIR/autosave.pid
BRANCH_PREFIX=wadal/autosave/
NOT_CHECKPOINTS=':(exclude,glob)**/.ipynb_checkpoints/**'
LOG_MAX_BYTES=1048576

export GIT_TERMINAL_PROMPT=0 GIT_OPTIONAL_LOCKS=0
export GIT_SSH_COMMAND=${GIT_SSH_COMMAND:-ssh -o BatchMode=yes}

usage() {
    cat >&2 <<'EOF'
usage: wadal_autosave.sh once   --repo DIR --cluster ID
       wadal_autosave.sh start  --repo DIR --cluster ID --interval SECONDS
       wadal_autosave.sh list   --repo DIR --cluster ID
       wadal_autosave.sh status
EOF
    exit 2
}

# Credentials in a URL (scheme://user:secret@host) never reach the log.
redact() { sed -E 's#(://)[^/@[:space:]]*@#\1***@#g'; }

log() {
    mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR"
    if [ -f "$LOG" ] && [ "$(wc -c <"$LOG")" -gt "$LOG_MAX_BYTES" ]; then
        tail -n 500 "$LOG" >"$LOG.tmp" && mv -f "$LOG.tmp" "$LOG"
    fi
    printf '%s %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$*" | redact >>"$LOG"
}

fail() { log "error: $*"; echo "autosave: $*" >&2; return 1; }

REPO="" CLUSTER="" INTERVAL=""
parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
            --repo) [ $# -ge 2 ] || usage; REPO=$2; shift 2 ;;
            --cluster) [ $# -ge 2 ] || usage; CLUSTER=$2; shift 2 ;;
            --interval) [ $# -ge 2 ] || usage; INTERVAL=$2; shift 2 ;;
            *) echo "autosave: unknown argument: $1" >&2; usage ;;
        esac
    done
    [ -n "$REPO" ] || usage
    [[ $CLUSTER =~ ^j-[A-Za-z0-9]+$ ]] || { echo "autosave: --cluster must be a cluster id (j-...), got '$CLUSTER'" >&2; exit 2; }
}

# Relative repository paths are taken from the master's home, as wadal gives them.
repo_dir() {
    case $REPO in
        /*) printf '%s' "$REPO" ;;
        *) printf '%s/%s' "$MASTER_HOME" "$REPO" ;;
    esac
}

state_value() {
    [ -f "$STATE" ] || return 0
    sed -n "s/^$1=//p" "$STATE" | tail -n 1
}

# ---------------------------------------------------------------------------- snapshot

snapshot() {
    local dir index head="" tree head_tree="" unpushed="" commit branch ref where out status
    dir=$(repo_dir)
    cd "$dir" 2>/dev/null || { fail "$REPO does not exist; nothing to save"; return; }
    git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { fail "$REPO is not a git work tree"; return; }
    git remote get-url origin >/dev/null 2>&1 || { fail "$REPO has no remote 'origin' to push to"; return; }

    index=$(mktemp "$STATE_DIR/autosave.index.XXXXXX") || { fail "cannot create a temporary index in $STATE_DIR"; return; }
    INDEX=$index
    head=$(git rev-parse -q --verify 'HEAD^{commit}' 2>/dev/null) || head=""
    if [ -n "$head" ]; then
        GIT_INDEX_FILE=$index git read-tree HEAD || { fail "git read-tree HEAD failed in $REPO"; return; }
        head_tree=$(git rev-parse 'HEAD^{tree}')
        unpushed=$(git rev-list -n 1 HEAD --not --remotes 2>/dev/null)
    else
        GIT_INDEX_FILE=$index git read-tree --empty || { fail "git read-tree failed in $REPO"; return; }
    fi
    GIT_INDEX_FILE=$index git add -A -- . "$NOT_CHECKPOINTS" 2>"$index.err" \
        || { fail "git add failed in $REPO: $(tail -n 3 "$index.err")"; rm -f "$index.err"; return; }
    rm -f "$index.err"
    tree=$(GIT_INDEX_FILE=$index git write-tree) || { fail "git write-tree failed in $REPO"; return; }

    if [ "$tree" = "$head_tree" ] && [ -z "$unpushed" ]; then
        echo "autosave: $REPO has no unsaved work; nothing pushed"
        return 0
    fi
    if [ -z "$head" ] && [ -z "$(git ls-tree "$tree")" ]; then
        echo "autosave: $REPO has no commits and no files; nothing pushed"
        return 0
    fi
    branch=$BRANCH_PREFIX$CLUSTER
    if [ "$tree" = "$(state_value tree)" ] && [ "$head" = "$(state_value head)" ] \
        && [ "$branch" = "$(state_value branch)" ]; then
        echo "autosave: unchanged since the snapshot pushed to $branch; nothing pushed"
        return 0
    fi

    where=$(git symbolic-ref -q --short HEAD 2>/dev/null) || where="detached HEAD ${head:0:12}"
    [ -n "$head" ] || where="$where, no commits yet"
    local name mail
    name="wadal autosave"
    mail=$(git config user.email 2>/dev/null) || mail="autosave@wadal.invalid"
    # Identity through the environment: the user's config (and any missing identity) cannot stop it.
    export GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$mail GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$mail
    local message
    message="wadal autosave of $CLUSTER at $(date -u '+%Y-%m-%dT%H:%M:%SZ')

The whole work tree of works/${dir##*/} ($where) on the master,
uncommitted and untracked files included (.ipynb_checkpoints/ left out)."
    if [ -n "$head" ]; then
        commit=$(git commit-tree --no-gpg-sign "$tree" -p "$head" -m "$message") || { fail "git commit-tree failed in $REPO"; return; }
    else
        commit=$(git commit-tree --no-gpg-sign "$tree" -m "$message") || { fail "git commit-tree failed in $REPO"; return; }
    fi

    ref=refs/heads/$branch
    # To origin's URL, not its name: git then updates no remote-tracking ref of the user's.
    local url
    url=$(git remote get-url --push origin) || { fail "$REPO has no push URL for origin"; return; }
    local t=()
    if command -v timeout >/dev/null 2>&1; then t=(timeout "${WADAL_AUTOSAVE_PUSH_TIMEOUT:-120}"); fi
    out=$(${t[@]+"${t[@]}"} git push --quiet --force --no-verify "$url" "$commit:$ref" 2>&1)
    status=$?
    if [ "$status" -ne 0 ]; then
        fail "push of the snapshot of $REPO to $branch failed (exit status $status): $(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"
        return
    fi
    {
        echo "pushed_at=$(date +%s)"
        echo "branch=$branch"
        echo "commit=$commit"
        echo "tree=$tree"
        echo "head=$head"
    } >"$STATE.tmp" && mv -f "$STATE.tmp" "$STATE"
    log "pushed ${commit:0:12} ($where) of $REPO to $branch"
    echo "autosave: pushed the work tree of $REPO to $branch"
}

once() {
    mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR"
    exec 7>"$RUN_LOCK"
    flock -w 300 7 || { fail "another snapshot still runs (lock $RUN_LOCK)"; return; }
    INDEX=""
    # shellcheck disable=SC2154 # INDEX is set by snapshot, in this subshell
    (trap 'if [ -n "$INDEX" ]; then rm -f "$INDEX" "$INDEX.lock" "$INDEX.err"; fi' EXIT; snapshot)
}

# -------------------------------------------------------------------------------- loop

read_settings() {
    # shellcheck disable=SC1090 # written by start, plain KEY=VALUE lines of our own
    [ -f "$SETTINGS" ] && . "$SETTINGS"
    REPO=${AUTOSAVE_REPO:-} CLUSTER=${AUTOSAVE_CLUSTER:-} INTERVAL=${AUTOSAVE_SECONDS:-0}
}

# Wakes every few seconds to read the settings again: a turned-off autosave (or a workspace
# that is gone, as a test's home) ends the loop soon, not one interval later.
loop() {
    exec 8>"$LOOP_LOCK"
    flock -n 8 || exit 0
    echo $$ >"$PID_FILE"
    log "loop started (pid $$)"
    local waited=0 tick
    while :; do
        read_settings
        # A lock file removed or replaced (the home cleared) is another loop's to hold from now on.
        if ! [ "$LOOP_LOCK" -ef /dev/fd/8 ]; then
            exit 0
        fi
        if [ ! -f "$SETTINGS" ] || ! [[ $INTERVAL =~ ^[1-9][0-9]*$ ]]; then
            if [ -d "$STATE_DIR" ]; then log "autosave turned off; loop ends"; fi
            rm -f "$PID_FILE"
            exit 0
        fi
        if [ "$waited" -ge "$INTERVAL" ]; then
            (once) >/dev/null 2>&1
            waited=0
        fi
        tick=$((INTERVAL - waited))
        if [ "$tick" -gt 5 ]; then tick=5; fi
        sleep "$tick" & wait $!
        waited=$((waited + tick))
    done
}

loop_running() { [ -f "$LOOP_LOCK" ] && ! flock -n "$LOOP_LOCK" true; }

start() {
    [[ $INTERVAL =~ ^[0-9]+$ ]] || { echo "autosave: --interval must be whole seconds, got '$INTERVAL'" >&2; exit 2; }
    mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR"
    # The workspace setup's lock: one start at a time, as for Jupyter; the loop must not inherit it.
    exec 9>"$START_LOCK"
    flock -w 300 9 || { echo "autosave: another start still runs (lock $START_LOCK)" >&2; exit 1; }
    printf 'AUTOSAVE_REPO=%q\nAUTOSAVE_CLUSTER=%q\nAUTOSAVE_SECONDS=%q\n' "$REPO" "$CLUSTER" "$INTERVAL" >"$SETTINGS.tmp" \
        && mv -f "$SETTINGS.tmp" "$SETTINGS"
    if [ "$INTERVAL" -eq 0 ]; then
        echo "autosave: off"
        return 0
    fi
    if loop_running; then
        echo "autosave: running (every ${INTERVAL}s)"
        return 0
    fi
    rm -f "$PID_FILE"
    setsid nohup bash "$0" loop </dev/null >>"$LOG" 2>&1 9>&- &
    # Until the loop holds its lock: the next start (and status) must see it running.
    local i
    for ((i = 0; i < 50; i++)); do
        if loop_running && [ -s "$PID_FILE" ]; then
            echo "autosave: started (every ${INTERVAL}s)"
            return 0
        fi
        sleep 0.1
    done
    echo "autosave: the loop did not start; see $LOG" >&2
    exit 1
}

status() {
    local at
    at=$(state_value pushed_at)
    if [[ $at =~ ^[0-9]+$ ]]; then
        echo "pushed_at=$at"
        # seconds ago by the master's own clock: no skew with the laptop's
        echo "age=$(($(date +%s) - at))"
        echo "branch=$(state_value branch)"
    fi
    if loop_running; then echo "loop=running"; else echo "loop=stopped"; fi
}

# From the clone's remote-tracking refs (a clone or fetch brings them): no network, and each
# one is what `git checkout -b restored origin/<branch>` takes.
list() {
    cd "$(repo_dir)" 2>/dev/null || { echo "autosave: $REPO does not exist" >&2; exit 1; }
    git for-each-ref --format='%(objectname) %(refname)' "refs/remotes/origin/$BRANCH_PREFIX" \
        | awk -v own="refs/remotes/origin/$BRANCH_PREFIX$CLUSTER" \
            '$2 != own { sub("^refs/remotes/origin/", "", $2); print $1, $2 }'
}

case ${1:-} in
    once) shift; parse_args "$@"; once ;;
    start) shift; parse_args "$@"; start ;;
    list) shift; parse_args "$@"; list ;;
    loop) loop ;;
    status) status ;;
    *) usage ;;
esac
