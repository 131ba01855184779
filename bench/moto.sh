# shellcheck shell=bash
# shellcheck disable=SC2154,SC2034  # work comes from the caller; moto_pid and port are for it
# Sourced by the benchmarks: starts moto_server on a free loopback port, logging to $work/moto.log,
# and sets moto_pid and port (the caller kills moto_pid on exit). Closes fd 3 in the server, so
# that a fifo a benchmark holds open on it still closes when the benchmark lets go.
moto_server -H 127.0.0.1 -p 0 >"$work/moto.log" 2>&1 3>&- &
moto_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*Running on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/moto.log")
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "moto_server did not start; see its log:" >&2
  cat "$work/moto.log" >&2
  exit 1
fi
