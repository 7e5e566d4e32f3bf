#!/usr/bin/env bash
# Normal requests to meetingd before and while it holds idle and slowloris connections
# (bench/api/connections.py does the measuring).
#   bench/api/connections.sh            (from anywhere; builds meetingd in build-bench/)
# Env: BENCH_BUILD_DIR (default <repo>/build-bench), SKIP_BUILD=1,
#      BENCH_IDLE (idle connections, default 2000), BENCH_SLOW (slowloris connections, default 500),
#      BENCH_PG_PORT (default 55447), BENCH_HTTP_PORT (default 18900),
#      MEETINGD_ARGS (extra arguments to `meetingd serve`, e.g. "--max-connections-per-client 4096"),
#      DRIVER_ARGS (extra arguments to connections.py, e.g. "--rounds 200").
# Uses the private PostgreSQL 15 cluster "pg-bench-conn" on 127.0.0.1:$BENCH_PG_PORT (deploy/lib/pg.sh)
# under MEETINGD_STATE_DIR, recreates database meetingd_conn there, serves HTTP on 127.0.0.1.
# Stops what it started (meetingd, and the cluster if it was not already running) on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/api"
cd "$root"
# shellcheck source=/dev/null
source deploy/lib/common.sh
# shellcheck source=/dev/null
source deploy/lib/pg.sh

PORT="${BENCH_PG_PORT:-55447}"
HTTP="${BENCH_HTTP_PORT:-18900}"
BUILD="${BENCH_BUILD_DIR:-$root/build-bench}"
ADMIN_UNITS="${ADMIN_UNITS:-/work/shared/data/admin-units}"
TOKEN=bench-admin-token-0123456789abcdefghij
out="$(mktemp -d)"
server_pid=""
cluster_started=0
data="$(state_root)/pg-bench-conn/data"

# shellcheck source=/dev/null
source "$here/lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

bench_build_meetingd

as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1 || cluster_started=1
URL="$(pg_up pg-bench-conn "$PORT" meetingd_conn)"
pg_recreate_db pg-bench-conn "$PORT" meetingd_conn

log "starting meetingd on 127.0.0.1:$HTTP ${MEETINGD_ARGS:-}"
# shellcheck disable=SC2086
DATABASE_URL="$URL" MEETINGD_ADMIN_TOKEN="$TOKEN" "$BUILD/api/meetingd" serve --address 127.0.0.1 --port "$HTTP" \
  --admin-units "$ADMIN_UNITS" --demo-halls ${MEETINGD_ARGS:-} > "$out/meetingd.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$HTTP/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "meetingd exited" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$HTTP/healthz" >/dev/null
echo "meetingd descriptor limit: $(awk '/Max open files/ {print $4}' "/proc/$server_pid/limits")," \
  "threads: $(ls "/proc/$server_pid/task" | wc -l)"

log "driver: ${BENCH_IDLE:-2000} idle + ${BENCH_SLOW:-500} slowloris connections"
echo "Run $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; server, database and driver on one machine;" \
  "meetingd serve ${MEETINGD_ARGS:-(defaults)}"
# shellcheck disable=SC2086
timeout 300 python3 "$here/connections.py" --port "$HTTP" --token "$TOKEN" \
  --idle "${BENCH_IDLE:-2000}" --slow "${BENCH_SLOW:-500}" ${DRIVER_ARGS:-}
kill -0 "$server_pid" 2>/dev/null || { echo "meetingd died during the run" >&2; exit 1; }
echo "meetingd still answers: $(curl -fsS "http://127.0.0.1:$HTTP/healthz")"
