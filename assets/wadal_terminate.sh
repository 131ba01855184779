#!/bin/bash
# wadal_terminate.sh - ends THIS cluster from its own master, after a final autosave: the
# master's side of MAX_AGE. Part of wadal's assets; the workspace setup (wait-ready) installs it
# as ~/.wadal/wadal_terminate.sh and schedules it.
#
#   wadal_terminate.sh schedule --cluster ID --region R --at EPOCH [--command PATH]
#       Records the settings in ~/.wadal/terminate.env and starts the loop in the background
#       (setsid nohup: it survives the SSH connection) unless one runs already. The loop reads
#       the settings again every round (at most every minute): a later schedule with another
#       --at is taken up by the running loop, and --at 0 ends it. Once the master's clock says
#       EPOCH or later, the loop runs `now`; a termination that fails is tried again a few
#       times (every 5 minutes), each failure logged.
#
#   wadal_terminate.sh now --cluster ID --region R [--command PATH] --reason TEXT
#       The final autosave first (when ~/.wadal/autosave.env names a repository and autosave
#       is on: `wadal_autosave.sh once`; a failed one is logged and does not stop what
#       follows), then TerminateJobFlows for ID: with --command, that installed
#       terminate_cluster (add-termcmd's, holding the keys of an IAM user); without, `aws emr
#       terminate-clusters` with the instance profile's credentials (every AWS_* credential
#       variable unset). Exit 0 when EMR took the request, 1 when it failed (see the log),
#       2 bad arguments.
#
#   wadal_terminate.sh status
#       Prints `at=EPOCH` (0: nothing scheduled), `via=keys|role`, `loop=running|stopped` and,
#       once a termination was tried, `last=ok|failed`, `last_at=EPOCH` and `last_reason=TEXT`.
#
# It never powers the master off: EMR ends the cluster, instances included. Every action and
# failure is a timestamped line in ~/.wadal/terminate.log. No secret is ever on a command line:
# the keys live in the terminate_cluster script, the role's credentials come from the instance.
#
# Environment: WADAL_MASTER_HOME [$HOME] where ~/.wadal is; WADAL_TERMINATE_TICK [60] the
# longest the loop sleeps between rounds, WADAL_TERMINATE_RETRY [300] seconds between attempts,
# WADAL_TERMINATE_TRIES [6] attempts before the loop gives up, WADAL_TERMINATE_TIMEOUT [120]
# seconds one call to AWS may take.
set -uo pipefail

MASTER_HOME=${WADAL_MASTER_HOME:-$HOME}
STATE_DIR=$MASTER_HOME/.wadal
LOG=$STATE_DIR/terminate.log
STATE=$STATE_DIR/terminate.state
SETTINGS=$STATE_DIR/terminate.env
LOOP_LOCK=$STATE_DIR/terminate.lock
RUN_LOCK=$STATE_DIR/terminate.run.lock
START_LOCK=$STATE_DIR/start.lock
PID_FILE=$STATE_DIR/terminate.pid
AUTOSAVE_SETTINGS=$STATE_DIR/autosave.env
AUTOSAVE_SCRIPT=$STATE_DIR/wadal_autosave.sh
LOG_MAX_BYTES=1048576

usage() {
    cat >&2 <<'EOF'
usage: wadal_terminate.sh schedule --cluster ID --region R --at EPOCH [--command PATH]
       wadal_terminate.sh now      --cluster ID --region R [--command PATH] --reason TEXT
       wadal_terminate.sh status
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

# The last lines of a command's output, on one line, for the log.
tail_line() { printf '%s' "$1" | tail -n 3 | tr '\n' ' ' | sed 's/ *$//'; }

bad() { echo "terminate: $*" >&2; exit 2; }

CLUSTER="" REGION="" AT="" COMMAND="" REASON=""
parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
            --cluster) [ $# -ge 2 ] || usage; CLUSTER=$2; shift 2 ;;
            --region) [ $# -ge 2 ] || usage; REGION=$2; shift 2 ;;
            --at) [ $# -ge 2 ] || usage; AT=$2; shift 2 ;;
            --command) [ $# -ge 2 ] || usage; COMMAND=$2; shift 2 ;;
            --reason) [ $# -ge 2 ] || usage; REASON=$2; shift 2 ;;
            *) echo "terminate: unknown argument: $1" >&2; usage ;;
        esac
    done
    [[ $CLUSTER =~ ^j-[A-Za-z0-9]+$ ]] || bad "--cluster must be a cluster id (j-...), got '$CLUSTER'"
    [[ $REGION =~ ^[a-z0-9][a-z0-9-]*[a-z0-9]$ ]] || bad "--region must be a region name, got '$REGION'"
    # Relative paths are taken from the master's home, as wadal gives them.
    case $COMMAND in
        "" | /*) ;;
        *) COMMAND=$MASTER_HOME/$COMMAND ;;
    esac
}

state_value() {
    [ -f "$STATE" ] || return 0
    sed -n "s/^$1=//p" "$STATE" | tail -n 1
}

# ------------------------------------------------------------------------- termination

# The final autosave, as the autosave loop would take it; its failure is logged, not fatal.
final_autosave() {
    local repo cluster seconds out status
    if [ ! -f "$AUTOSAVE_SETTINGS" ] || [ ! -f "$AUTOSAVE_SCRIPT" ]; then
        log "no final autosave: this master has no autosave (no GIT_REPO, or wait-ready did not start it)"
        return 0
    fi
    # shellcheck disable=SC1090 # written by wadal_autosave.sh start: plain KEY=VALUE lines
    repo=$(. "$AUTOSAVE_SETTINGS" && printf '%s' "${AUTOSAVE_REPO:-}")
    # shellcheck disable=SC1090
    cluster=$(. "$AUTOSAVE_SETTINGS" && printf '%s' "${AUTOSAVE_CLUSTER:-}")
    # shellcheck disable=SC1090
    seconds=$(. "$AUTOSAVE_SETTINGS" && printf '%s' "${AUTOSAVE_SECONDS:-0}")
    if [ -z "$repo" ] || [ -z "$cluster" ]; then
        log "no final autosave: $AUTOSAVE_SETTINGS names no repository"
        return 0
    fi
    if [ "$seconds" = 0 ]; then
        log "no final autosave: autosave is off (AUTOSAVE_INTERVAL=off)"
        return 0
    fi
    out=$(bash "$AUTOSAVE_SCRIPT" once --repo "$repo" --cluster "$cluster" </dev/null 2>&1)
    status=$?
    if [ "$status" -eq 0 ]; then
        log "final autosave of $repo: $(tail_line "$out")"
    else
        log "error: final autosave of $repo failed (exit status $status): $(tail_line "$out"); terminating anyway (see autosave.log)"
    fi
}

record_outcome() {
    {
        echo "last=$1"
        echo "last_at=$(date +%s)"
        echo "last_reason=$(printf '%s' "$REASON" | tr -d '\n' | tr -c '[:print:]' '?')"
    } >"$STATE.tmp" && mv -f "$STATE.tmp" "$STATE"
}

# TerminateJobFlows for this cluster; returns 0 when EMR took the request.
terminate() {
    local via out status t=()
    if command -v timeout >/dev/null 2>&1; then t=(timeout "${WADAL_TERMINATE_TIMEOUT:-120}"); fi
    if [ -n "$COMMAND" ]; then
        via="with the keys of $COMMAND"
        if [ ! -x "$COMMAND" ]; then
            log "error: $COMMAND is missing or not executable; cluster $CLUSTER not terminated"
            record_outcome failed
            return 1
        fi
        out=$(${t[@]+"${t[@]}"} "$COMMAND" </dev/null 2>&1)
        status=$?
    else
        via="with the instance role"
        out=$(${t[@]+"${t[@]}"} env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_SECURITY_TOKEN \
            -u AWS_PROFILE -u AWS_DEFAULT_PROFILE \
            aws emr terminate-clusters --region "$REGION" --cluster-ids "$CLUSTER" </dev/null 2>&1)
        status=$?
    fi
    if [ "$status" -ne 0 ]; then
        log "error: terminating cluster $CLUSTER $via failed (exit status $status): $(tail_line "$out")"
        record_outcome failed
        return 1
    fi
    log "asked EMR to terminate cluster $CLUSTER ($REGION) $via"
    record_outcome ok
    return 0
}

now() {
    [ -n "$REASON" ] || bad "--reason is needed"
    mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR"
    # One termination at a time (the loop's and a job's): the second waits, then asks again.
    exec 6>"$RUN_LOCK"
    flock -w 600 6 || { log "error: another termination still runs (lock $RUN_LOCK)"; exit 1; }
    log "terminating cluster $CLUSTER ($REGION): $REASON"
    final_autosave
    terminate || { echo "terminate: the termination failed; see $LOG" >&2; exit 1; }
    echo "terminate: asked EMR to terminate cluster $CLUSTER"
}

# -------------------------------------------------------------------------------- loop

read_settings() {
    TERMINATE_CLUSTER="" TERMINATE_REGION="" TERMINATE_AT=0 TERMINATE_COMMAND=""
    # shellcheck disable=SC1090 # written by schedule, plain KEY=VALUE lines of our own
    [ -f "$SETTINGS" ] && . "$SETTINGS"
    CLUSTER=$TERMINATE_CLUSTER REGION=$TERMINATE_REGION AT=$TERMINATE_AT COMMAND=$TERMINATE_COMMAND
}

# Wakes at least every TICK seconds to read the settings again: a deadline moved or turned off
# (or a home that is gone, as a test's) is seen within a minute. A failed termination is tried
# again every RETRY seconds, TRIES times in all, then the loop gives up, saying so in the log.
loop() {
    exec 8>"$LOOP_LOCK"
    flock -n 8 || exit 0
    echo $$ >"$PID_FILE"
    log "loop started (pid $$)"
    local tick=${WADAL_TERMINATE_TICK:-60} retry=${WADAL_TERMINATE_RETRY:-300} tries=${WADAL_TERMINATE_TRIES:-6}
    local failed=0 next=0 scheduled="" now_s wait
    while :; do
        read_settings
        # A lock file removed or replaced (the home cleared) is another loop's to hold from now on.
        if ! [ "$LOOP_LOCK" -ef /dev/fd/8 ]; then
            exit 0
        fi
        if [ ! -f "$SETTINGS" ] || ! [[ $AT =~ ^[1-9][0-9]*$ ]]; then
            if [ -d "$STATE_DIR" ]; then log "termination turned off; loop ends"; fi
            rm -f "$PID_FILE"
            exit 0
        fi
        # Another schedule: its deadline gets its own attempts.
        if [ "$scheduled" != "$CLUSTER $AT $COMMAND" ]; then
            scheduled="$CLUSTER $AT $COMMAND" failed=0 next=0
        fi
        now_s=$(date +%s)
        if [ "$now_s" -ge "$AT" ] && [ "$now_s" -ge "$next" ]; then
            REASON="MAX_AGE: the deadline $(date -u -d "@$AT" '+%Y-%m-%dT%H:%M:%SZ' 2>/dev/null || echo "$AT") is reached"
            if (now) >/dev/null 2>&1; then
                log "loop ends: cluster $CLUSTER is terminating"
                rm -f "$PID_FILE"
                exit 0
            fi
            failed=$((failed + 1))
            if [ "$failed" -ge "$tries" ]; then
                log "error: gave up after $failed failed attempts; cluster $CLUSTER keeps running (terminate it with 'wadal terminate', or schedule again with wait-ready)"
                rm -f "$PID_FILE"
                exit 1
            fi
            next=$((now_s + retry))
            log "attempt $failed of $tries failed; trying again in ${retry}s"
        fi
        now_s=$(date +%s)
        if [ "$now_s" -lt "$AT" ]; then wait=$((AT - now_s)); else wait=$((next - now_s)); fi
        if [ "$wait" -gt "$tick" ]; then wait=$tick; fi
        if [ "$wait" -lt 1 ]; then wait=1; fi
        sleep "$wait" & wait $!
    done
}

loop_running() { [ -f "$LOOP_LOCK" ] && ! flock -n "$LOOP_LOCK" true; }

schedule() {
    [[ $AT =~ ^[0-9]{1,12}$ ]] || bad "--at must be seconds since the epoch (0: off), got '$AT'"
    [ -z "$REASON" ] || bad "--reason is for now, not schedule"
    mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR"
    # The workspace setup's lock: one start at a time, as for Jupyter; the loop must not inherit it.
    exec 9>"$START_LOCK"
    flock -w 300 9 || { echo "terminate: another start still runs (lock $START_LOCK)" >&2; exit 1; }
    (umask 077 && printf 'TERMINATE_CLUSTER=%q\nTERMINATE_REGION=%q\nTERMINATE_AT=%q\nTERMINATE_COMMAND=%q\n' \
        "$CLUSTER" "$REGION" "$((10#$AT))" "$COMMAND" >"$SETTINGS.tmp") && mv -f "$SETTINGS.tmp" "$SETTINGS"
    if [ "$((10#$AT))" -eq 0 ]; then
        log "termination of $CLUSTER turned off"
        echo "terminate: off"
        return 0
    fi
    log "cluster $CLUSTER ($REGION) to be terminated at $(date -u -d "@$AT" '+%Y-%m-%dT%H:%M:%SZ' 2>/dev/null || echo "$AT") $(
        if [ -n "$COMMAND" ]; then echo "with the keys of $COMMAND"; else echo "with the instance role"; fi)"
    if loop_running; then
        echo "terminate: running (at $AT)"
        return 0
    fi
    rm -f "$PID_FILE"
    setsid nohup bash "$0" loop </dev/null >>"$LOG" 2>&1 9>&- &
    # Until the loop holds its lock: the next schedule (and status) must see it running.
    local i
    for ((i = 0; i < 50; i++)); do
        if loop_running && [ -s "$PID_FILE" ]; then
            echo "terminate: scheduled (at $AT)"
            return 0
        fi
        sleep 0.1
    done
    # A deadline already past: the loop may have done its work and ended in that time.
    if [ "$(state_value last)" = ok ]; then
        echo "terminate: scheduled (at $AT)"
        return 0
    fi
    echo "terminate: the loop did not start; see $LOG" >&2
    exit 1
}

status() {
    read_settings
    if [[ $AT =~ ^[0-9]+$ ]]; then echo "at=$AT"; else echo "at=0"; fi
    if [ -n "$COMMAND" ]; then echo "via=keys"; else echo "via=role"; fi
    if loop_running; then echo "loop=running"; else echo "loop=stopped"; fi
    local last
    last=$(state_value last)
    if [ -n "$last" ]; then
        echo "last=$last"
        echo "last_at=$(state_value last_at)"
        echo "last_reason=$(state_value last_reason)"
    fi
}

case ${1:-} in
    schedule) shift; parse_args "$@"; schedule ;;
    now) shift; parse_args "$@"; now ;;
    loop) loop ;;
    status) status ;;
    *) usage ;;
esac
