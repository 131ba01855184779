#!/bin/bash
# wadal_job.sh - batch jobs (run-notebook, run-pyspark) that outlive the SSH connection. Part of
# wadal's assets; run-notebook and run-pyspark install it as ~/.wadal/wadal_job.sh (when changed).
#
# Each job has a folder ~/.wadal/jobs/ID (mode 0700):
#   env       the job's environment (`export K='v'` lines, mode 0600), read from stdin at start;
#             the job's shell reads it, then removes it (kill and the end of the job remove it too)
#   cmd       the command, run by bash from the login home with the env file as $1 (no value of
#             the environment is in it)
#   log       the job's stdout and stderr, combined, in order (and this script's own messages)
#   status    written when the job ends: its exit status, or `killed`
#   job.json  id, kind, what, output, command, startedAt, and endedAt and status once it ended
#   pid       the job's process group (its runner is the session leader: setsid)
#
#   wadal_job.sh start --id ID --kind notebook|pyspark --what PATH [--output PATH] [--busy-file F [--busy-every S]] --command CMD
#       Reads the environment on stdin, makes the folder (ID, else ID-2, ID-3… when taken) and
#       starts the job under setsid nohup; prints `id=ID` once it runs. With --busy-file, F
#       (EMR's isbusy) is touched every S [30] seconds while the job runs, where its folder exists, so
#       EMR's idle clock does not run under a job no laptop is attached to.
#       With --terminate-cluster ID --terminate-region R [--terminate-command PATH] (the
#       installed terminate_cluster; without it, the instance role), the master ends the cluster
#       once the job has ended, whatever its status, but not when it was killed: through
#       ~/.wadal/wadal_terminate.sh now (a final autosave, then TerminateJobFlows), its output in
#       the job's folder as `terminate.out` (not in the log: a follower may have read that whole).
#   wadal_job.sh follow ID --from OFFSET
#       Streams the log from byte OFFSET on stdout until the job has ended and every byte of the
#       log is sent, then exits 0. The exit status never is the job's: ask `status` for it. A
#       caller whose connection drops calls follow again with the count of bytes it received.
#   wadal_job.sh offset ID --lines N
#       Prints `offset=K`: the byte offset where the log's last N lines start.
#   wadal_job.sh log ID
#       Prints the log as it is now.
#   wadal_job.sh status ID
#   wadal_job.sh list
#       One line per job (oldest first), fields separated by tabs:
#       job ID KIND STATE STARTED ENDED NOW WHAT OUTPUT
#       STATE is running, exit:N, killed, or lost (no status, no process: the master restarted);
#       STARTED, ENDED (- while running; for a lost job, when its log was last written) and NOW
#       are the master's epoch seconds; OUTPUT is - when none.
#   wadal_job.sh kill ID
#       Ends the job's process group (TERM, then KILL after 10 s); its status becomes `killed`
#       and it prints `killed`. A job that had ended (lost included) is left as it was: it prints
#       `ended: STATE`.
#   wadal_job.sh prune
#       Removes the folders of ended jobs, lost ones included; prints `pruned ID` per folder.
#
# Exit status: 0 done, 2 bad arguments, 4 no such job, 1 any other failure. No secret is ever on
# a command line: the environment comes on stdin. Environment: WADAL_MASTER_HOME [$HOME].
set -uo pipefail

MASTER_HOME=${WADAL_MASTER_HOME:-$HOME}
JOBS=$MASTER_HOME/.wadal/jobs
ID_RE='^[a-z0-9][a-z0-9-]{0,63}$'

usage() {
    cat >&2 <<'EOF'
usage: wadal_job.sh start --id ID --kind notebook|pyspark --what PATH [--output PATH] --command CMD
       wadal_job.sh follow ID --from OFFSET
       wadal_job.sh offset ID --lines N
       wadal_job.sh status ID | log ID | kill ID
       wadal_job.sh list | prune
EOF
    exit 2
}

die() { echo "wadal_job: $1" >&2; exit "${2:-1}"; }

json_str() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\n'/\\n}
    s=${s//$'\t'/\\t}
    s=${s//$'\r'/}
    printf '"%s"' "$s"
}

iso() { date -u -d "@$1" '+%Y-%m-%dT%H:%M:%SZ'; }

job_dir() {
    [[ $1 =~ $ID_RE ]] || die "not a job id: '$1'" 2
    [ -d "$JOBS/$1" ] && [ -f "$JOBS/$1/started" ] || die "no job $1 on this master" 4
    printf '%s' "$JOBS/$1"
}

# job.json from the folder's files, written whole then renamed: a reader never sees half of it.
write_json() {
    local dir=$1 id ended="" status=""
    id=${dir##*/}
    [ -f "$dir/ended" ] && ended=$(cat "$dir/ended")
    [ -f "$dir/status" ] && status=$(cat "$dir/status")
    {
        printf '{"id":%s,"kind":%s,"what":%s' "$(json_str "$id")" "$(json_str "$(cat "$dir/kind")")" "$(json_str "$(cat "$dir/what")")"
        if [ -s "$dir/output" ]; then printf ',"output":%s' "$(json_str "$(cat "$dir/output")")"; fi
        printf ',"command":%s,"startedAt":%s' "$(json_str "$(cat "$dir/cmd")")" "$(json_str "$(iso "$(cat "$dir/started")")")"
        if [ -n "$ended" ]; then printf ',"endedAt":%s,"status":%s' "$(json_str "$(iso "$ended")")" "$(json_str "$status")"; fi
        printf '}\n'
    } >"$dir/job.json.tmp" && mv -f "$dir/job.json.tmp" "$dir/job.json"
}

# The end of a job, once: its status (unless kill wrote `killed` first), end time, job.json.
finish() {
    local dir=$1 status=$2
    rm -f "$dir/env"
    exec 8>"$dir/end.lock"
    flock 8
    if [ ! -f "$dir/status" ]; then
        date +%s >"$dir/ended"
        printf '%s\n' "$status" >"$dir/status.tmp" && mv -f "$dir/status.tmp" "$dir/status"
        write_json "$dir"
    fi
    exec 8>&-
}

start() {
    local id="" kind="" what="" output="" cmd="" have_cmd=0 busy="" every=30 t_cluster="" t_region="" t_command=""
    while [ $# -gt 0 ]; do
        case $1 in
            --id) [ $# -ge 2 ] || usage; id=$2; shift 2 ;;
            --kind) [ $# -ge 2 ] || usage; kind=$2; shift 2 ;;
            --what) [ $# -ge 2 ] || usage; what=$2; shift 2 ;;
            --output) [ $# -ge 2 ] || usage; output=$2; shift 2 ;;
            --busy-file) [ $# -ge 2 ] || usage; busy=$2; shift 2 ;;
            --busy-every) [ $# -ge 2 ] || usage; every=$2; shift 2 ;;
            --command) [ $# -ge 2 ] || usage; cmd=$2; have_cmd=1; shift 2 ;;
            --terminate-cluster) [ $# -ge 2 ] || usage; t_cluster=$2; shift 2 ;;
            --terminate-region) [ $# -ge 2 ] || usage; t_region=$2; shift 2 ;;
            --terminate-command) [ $# -ge 2 ] || usage; t_command=$2; shift 2 ;;
            *) echo "wadal_job: unknown argument: $1" >&2; usage ;;
        esac
    done
    [[ $id =~ $ID_RE ]] || die "--id must be lowercase letters, digits and dashes, got '$id'" 2
    [[ $every =~ ^[1-9][0-9]{0,4}$ ]] || die "--busy-every must be seconds, got '$every'" 2
    [[ $kind =~ ^(notebook|pyspark)$ ]] || die "--kind must be notebook or pyspark, got '$kind'" 2
    [ -n "$what" ] && [ "$have_cmd" = 1 ] || usage
    case $what$output$busy in *[[:cntrl:]]*) die "--what, --output and --busy-file must be one line" 2 ;; esac
    if [ -n "$t_cluster$t_region$t_command" ]; then
        [[ $t_cluster =~ ^j-[A-Za-z0-9]+$ ]] || die "--terminate-cluster must be a cluster id, got '$t_cluster'" 2
        [[ $t_region =~ ^[a-z0-9][a-z0-9-]*[a-z0-9]$ ]] || die "--terminate-region must be a region, got '$t_region'" 2
        [[ $t_command =~ ^[A-Za-z0-9._/-]*$ ]] || die "--terminate-command must be a plain path, got '$t_command'" 2
    fi
    umask 077
    mkdir -p "$JOBS" && chmod 700 "$MASTER_HOME/.wadal" "$JOBS" || die "cannot make $JOBS"
    local base=$id n=1
    # mkdir claims an id atomically: two starts at the same minute get two folders.
    until mkdir "$JOBS/$id" 2>/dev/null; do
        n=$((n + 1))
        [ "$n" -le 999 ] || die "no free job id for $base"
        id=$base-$n
    done
    local dir=$JOBS/$id
    cat >"$dir/env" || die "cannot store the environment of $id"
    printf '%s\n' "$kind" >"$dir/kind"
    printf '%s\n' "$what" >"$dir/what"
    printf '%s' "$output" >"$dir/output"
    printf '%s\n' "$cmd" >"$dir/cmd"
    printf '%s' "$busy" >"$dir/busy"
    printf '%s' "$every" >"$dir/busy-every"
    if [ -n "$t_cluster" ]; then printf '%s\n%s\n%s\n' "$t_cluster" "$t_region" "$t_command" >"$dir/terminate"; fi
    : >"$dir/log"
    date +%s >"$dir/started.tmp" && mv -f "$dir/started.tmp" "$dir/started"
    write_json "$dir"
    cd "$MASTER_HOME" || die "no home $MASTER_HOME"
    setsid nohup bash "$0" run "$id" </dev/null >>"$dir/log" 2>&1 &
    local i
    for ((i = 0; i < 100; i++)); do
        if [ -s "$dir/pid" ]; then
            echo "id=$id"
            return 0
        fi
        sleep 0.05
    done
    die "job $id did not start; see $dir/log"
}

# The job's runner, the leader of its own session and process group.
run() {
    local dir=$JOBS/$1 status
    echo $$ >"$dir/pid.tmp" && mv -f "$dir/pid.tmp" "$dir/pid"
    # killed before it could start: nothing to run
    if [ -f "$dir/status" ]; then rm -f "$dir/env"; exit 0; fi
    cd "$MASTER_HOME" || exit 1
    local busy busy_pid="" runner=$$ every
    busy=$(cat "$dir/busy" 2>/dev/null)
    every=$(cat "$dir/busy-every" 2>/dev/null)
    [[ $every =~ ^[1-9][0-9]*$ ]] || every=30
    if [ -n "$busy" ]; then
        (
            while kill -0 "$runner" 2>/dev/null && [ ! -f "$dir/status" ]; do
                if [ -d "${busy%/*}" ]; then touch "$busy" 2>/dev/null || sudo -n touch "$busy" 2>/dev/null; fi
                sleep "$every" & wait $!
            done
        ) </dev/null >/dev/null 2>&1 &
        busy_pid=$!
    fi
    # shellcheck disable=SC2016 # $1 is for the inner shell: the env file's path
    bash -c "$(cat "$dir/cmd")" wadal-job "$dir/env"
    status=$?
    if [ -n "$busy_pid" ]; then kill "$busy_pid" 2>/dev/null; fi
    finish "$dir" "$status"
    # --terminate-after: the cluster ends with the job, whoever is attached; a killed job ends nothing.
    if [ -s "$dir/terminate" ] && [ "$(cat "$dir/status")" != killed ]; then
        local t_cluster t_region t_command
        { read -r t_cluster; read -r t_region; read -r t_command; } <"$dir/terminate"
        bash "$MASTER_HOME/.wadal/wadal_terminate.sh" now --cluster "$t_cluster" --region "$t_region" \
            ${t_command:+--command "$t_command"} --reason "job $1 ended (exit status $status)" >>"$dir/terminate.out" 2>&1
    fi
}

alive() {
    local pid
    pid=$(cat "$1/pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 -- "-$pid" 2>/dev/null || return 1
    # a process of its session that is not a zombie (nobody may reap those where the job's parent went)
    if command -v ps >/dev/null 2>&1; then ps -o stat= -s "$pid" 2>/dev/null | grep -qv '^Z'; fi
}

# Started within the last minute and its runner has not written its pid yet: starting, not lost.
starting() {
    local started
    [ ! -s "$1/pid" ] && started=$(cat "$1/started" 2>/dev/null) && [[ $started =~ ^[0-9]+$ ]] \
        && [ $(($(date +%s) - started)) -lt 60 ]
}

state_of() {
    local dir=$1 status
    if [ -f "$dir/status" ]; then
        status=$(cat "$dir/status")
        if [ "$status" = killed ]; then echo killed; else echo "exit:$status"; fi
    elif alive "$dir" || starting "$dir"; then
        echo running
    else
        # the runner may be between its job's end and its status: look again
        sleep 0.2
        if [ -f "$dir/status" ]; then state_of "$dir"; else echo lost; fi
    fi
}

line() {
    local dir=$1 ended=- output state
    state=$(state_of "$dir")
    [ -f "$dir/ended" ] && ended=$(cat "$dir/ended")
    # a lost job ended, at the latest, when its log was last written
    if [ "$state" = lost ] && [ "$ended" = - ]; then ended=$(stat -c %Y "$dir/log" 2>/dev/null || cat "$dir/started"); fi
    output=$(cat "$dir/output")
    printf 'job\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${dir##*/}" "$(cat "$dir/kind")" "$state" \
        "$(cat "$dir/started")" "$ended" "$(date +%s)" "$(cat "$dir/what")" "${output:--}"
}

list() {
    [ -d "$JOBS" ] || return 0
    local dir id
    # oldest first, by start time (a folder's mtime changes as its files do)
    while IFS=' ' read -r _ id; do
        line "$JOBS/$id"
    done < <(for dir in "$JOBS"/*/; do
        dir=${dir%/}
        if [ -f "$dir/started" ] && [[ ${dir##*/} =~ $ID_RE ]]; then printf '%s %s\n' "$(cat "$dir/started")" "${dir##*/}"; fi
    done | sort -n -s)
}

follow() {
    local dir from="" size ended
    dir=$(job_dir "${1:-}") || exit
    shift
    [ "${1:-}" = --from ] && [ $# -eq 2 ] || usage
    from=$2
    [[ $from =~ ^[0-9]+$ ]] || die "--from must be a byte offset, got '$from'" 2
    while :; do
        # ended before size: once the status is there, the log is whole
        ended=0
        [ -f "$dir/status" ] && ended=1
        size=$(stat -c %s "$dir/log") || exit 1
        if [ "$size" -gt "$from" ]; then
            tail -c "+$((from + 1))" "$dir/log" | head -c "$((size - from))" || exit 1
            from=$size
        elif [ "$ended" = 1 ]; then
            exit 0
        elif ! alive "$dir" && [ ! -f "$dir/status" ]; then
            sleep 0.2
            [ -f "$dir/status" ] || exit 0
        else
            sleep 0.25
        fi
    done
}

offset() {
    local dir lines size tail_bytes
    dir=$(job_dir "${1:-}") || exit
    shift
    [ "${1:-}" = --lines ] && [ $# -eq 2 ] || usage
    lines=$2
    [[ $lines =~ ^[0-9]+$ ]] || die "--lines must be a number, got '$lines'" 2
    size=$(stat -c %s "$dir/log") || exit 1
    if [ "$lines" -eq 0 ]; then echo "offset=$size"; return 0; fi
    tail_bytes=$(head -c "$size" "$dir/log" | tail -n "$lines" | wc -c)
    echo "offset=$((size - tail_bytes))"
}

kill_job() {
    local dir pid i
    dir=$(job_dir "${1:-}") || exit
    if [ -f "$dir/status" ] || [ "$(state_of "$dir")" = lost ]; then
        echo "ended: $(state_of "$dir")"
        return 0
    fi
    pid=$(cat "$dir/pid" 2>/dev/null)
    exec 8>"$dir/end.lock"
    flock 8
    if [ ! -f "$dir/status" ]; then
        date +%s >"$dir/ended"
        echo killed >"$dir/status.tmp" && mv -f "$dir/status.tmp" "$dir/status"
        write_json "$dir"
    fi
    exec 8>&-
    rm -f "$dir/env"
    if [[ $pid =~ ^[0-9]+$ ]]; then
        kill -TERM -- "-$pid" 2>/dev/null
        for ((i = 0; i < 100; i++)); do
            alive "$dir" || break
            sleep 0.1
        done
        kill -KILL -- "-$pid" 2>/dev/null
    fi
    echo "killed"
}

prune() {
    [ -d "$JOBS" ] || return 0
    local dir
    for dir in "$JOBS"/*/; do
        dir=${dir%/}
        [[ ${dir##*/} =~ $ID_RE ]] && [ -f "$dir/started" ] || continue
        [ -f "$dir/status" ] || [ "$(state_of "$dir")" = lost ] || continue
        rm -rf -- "$dir" && echo "pruned ${dir##*/}"
    done
}

case ${1:-} in
    start) shift; start "$@" ;;
    run) [ $# -eq 2 ] && [[ $2 =~ $ID_RE ]] || usage; run "$2" ;;
    follow) shift; follow "$@" ;;
    offset) shift; offset "$@" ;;
    status) [ $# -eq 2 ] || usage; d=$(job_dir "$2") || exit; line "$d" ;;
    log) [ $# -eq 2 ] || usage; d=$(job_dir "$2") || exit; cat -- "$d/log" ;;
    list) list ;;
    kill) [ $# -eq 2 ] || usage; kill_job "$2" ;;
    prune) prune ;;
    *) usage ;;
esac
