#!/usr/bin/env bash
# HTTP throughput of meetingd (GET one week, POST bookings) beside pgbench -S on the same server.
#   bench/api/run.sh            (from anywhere; builds meetingd in build-bench/)
# Env: BENCH_BUILD_DIR (default <repo>/build-bench), BENCH_SECONDS (each measurement, default 15),
#      BENCH_CONNECTIONS (default 64), BENCH_WRK_THREADS (default 2), SKIP_BUILD=1,
#      MEETINGD_ARGS (extra arguments to `meetingd serve`, e.g. "--workers 32 --db-pool 32").
# Uses the private PostgreSQL 15 cluster "pg-bench" on 127.0.0.1:55434 (deploy/lib/pg.sh),
# recreates databases meetingd_api and pgbench_ref there, serves HTTP on 127.0.0.1:18080.
# Stops what it started (meetingd, and the cluster if it was not already running) on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/api"
cd "$root"
# shellcheck source=/dev/null
source deploy/lib/common.sh
# shellcheck source=/dev/null
source deploy/lib/pg.sh

PORT=55434
HTTP=18080
BUILD="${BENCH_BUILD_DIR:-$root/build-bench}"
SECS="${BENCH_SECONDS:-15}"
CONNS="${BENCH_CONNECTIONS:-64}"
WT="${BENCH_WRK_THREADS:-2}"
ADMIN_UNITS="${ADMIN_UNITS:-/work/shared/data/admin-units}"
export BENCH_TOKEN=bench-admin-token-0123456789abcdefghij
out="$(mktemp -d)"
server_pid=""
cluster_started=0
data="$(state_root)/pg-bench/data"

# shellcheck source=/dev/null
source "$here/lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

bench_build_meetingd
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }

as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1 || cluster_started=1
URL="$(pg_up pg-bench "$PORT" meetingd_api)"
pg_recreate_db pg-bench "$PORT" meetingd_api
owner="$(pg_owner)"
export PGPASSWORD="$(cat "$(state_root)/pg-bench/password")"
PSQL=(psql -h 127.0.0.1 -p "$PORT" -U "$owner" -v ON_ERROR_STOP=1 -qAt)

log "starting meetingd on 127.0.0.1:$HTTP"
# shellcheck disable=SC2086
DATABASE_URL="$URL" MEETINGD_ADMIN_TOKEN=bench-admin-token-0123456789abcdefghij "$BUILD/api/meetingd" serve --port "$HTTP" \
  --admin-units "$ADMIN_UNITS" --demo-halls ${MEETINGD_ARGS:-} > "$out/meetingd.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$HTTP/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "meetingd exited" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$HTTP/healthz" >/dev/null

log "storing 10,000 meetings directly in PostgreSQL (bench/api/preload.sql)"
"${PSQL[@]}" -d meetingd_api -f "$here/preload.sql"
echo "meetings stored: $("${PSQL[@]}" -d meetingd_api -c 'SELECT count(*) FROM meetings')," \
  "in the measured week: $("${PSQL[@]}" -d meetingd_api -c "SELECT count(*) FROM meetings WHERE during && tstzrange('2027-03-01 00:00+07', '2027-03-08 00:00+07')")"
curl -fsS -H "Authorization: Bearer bench-admin-token-0123456789abcdefghij" \
  "http://127.0.0.1:$HTTP/v1/meetings?from=2027-03-01T00:00:00+07:00&to=2027-03-08T00:00:00+07:00&limit=50" \
  -o "$out/page.json"
echo "one page: $(wc -c < "$out/page.json") bytes"

# Statements per request, from pg_stat_database (xact_commit) around a fixed number of requests.
xacts() { "${PSQL[@]}" -d postgres -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'meetingd_api'"; }
x0="$(xacts)"
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null -H "Authorization: Bearer bench-admin-token-0123456789abcdefghij" \
    "http://127.0.0.1:$HTTP/v1/meetings?from=2027-03-01T00:00:00+07:00&to=2027-03-08T00:00:00+07:00&limit=50"
done
sleep 1
x1="$(xacts)"
echo "RESULT kind=get_xacts per_request=$(echo "($x1 - $x0) / 100" | bc -l | xargs printf '%.2f')" | tee "$out/xacts.txt"

log "wrk GET one week: $CONNS connections, $WT threads, ${SECS}s"
wrk -t"$WT" -c"$CONNS" -d"${SECS}s" --latency -s "$here/get_week.lua" "http://127.0.0.1:$HTTP" | tee "$out/get.txt"

log "wrk POST /v1/meetings: $CONNS connections, $WT threads, ${SECS}s"
wrk -t"$WT" -c"$CONNS" -d"${SECS}s" --latency -s "$here/post_meeting.lua" "http://127.0.0.1:$HTTP" -- "$WT" \
  | tee "$out/post.txt"

log "stopping meetingd before pgbench"
kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

log "pgbench -S: $CONNS clients, $WT threads, ${SECS}s (scale 10)"
psql -h 127.0.0.1 -p "$PORT" -U "$owner" -d postgres -qc "DROP DATABASE IF EXISTS pgbench_ref WITH (FORCE)" \
  -c "CREATE DATABASE pgbench_ref" >/dev/null
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U "$owner" -i -s 10 -q pgbench_ref > "$out/init.txt" 2>&1
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U "$owner" -S -c "$CONNS" -j "$WT" -T "$SECS" -P 5 pgbench_ref \
  | tee "$out/pgbench.txt"
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U "$owner" -S -c "$CONNS" -j "$WT" -T "$SECS" -C pgbench_ref \
  > "$out/pgbench-C.txt" 2>&1 || true

val() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p"; }
get="$(grep 'kind=wrk_get' "$out/get.txt")"; post="$(grep 'kind=wrk_post' "$out/post.txt")"
tps="$(awk '/^tps/ {print $3; exit}' "$out/pgbench.txt")"
tpsC="$(awk '/^tps/ {print $3; exit}' "$out/pgbench-C.txt")"
lat="$(awk '/^latency average/ {print $4; exit}' "$out/pgbench.txt")"
echo
echo "Summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $CONNS connections, ${SECS}s each; server, database and load generator on one machine)"
printf '%-34s %10s %9s %9s %s\n' measurement "req/s" "p50 ms" "p99 ms" note
printf '%-34s %10s %9s %9s %s\n' "GET /v1/meetings (one week)" "$(val rps <<< "$get")" "$(val p50_ms <<< "$get")" \
  "$(val p99_ms <<< "$get")" "$(grep '^STATUS' "$out/get.txt")"
printf '%-34s %10s %9s %9s %s\n' "POST /v1/meetings" "$(val rps <<< "$post")" "$(val p50_ms <<< "$post")" \
  "$(val p99_ms <<< "$post")" "201: $(val s201 <<< "$post"), 409: $(val s409 <<< "$post") ($(grep '^STATUS' "$out/post.txt"))"
printf '%-34s %10.1f %9s %9s %s\n' "pgbench -S (select-only)" "$tps" "-" "-" "average latency ${lat} ms"
printf '%-34s %10.1f %9s %9s %s\n' "pgbench -S -C (new connection each)" "${tpsC:-0}" "-" "-" "for reference"
ratio="$(echo "$(val rps <<< "$get") / $tps" | bc -l)"
printf 'GET / pgbench -S = %.3f (target >= 0.5); GET p99 %s ms (target <= 20); %s transactions per GET\n' \
  "$ratio" "$(val p99_ms <<< "$get")" "$(val per_request < "$out/xacts.txt")"
