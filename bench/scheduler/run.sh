#!/usr/bin/env bash
# Booking throughput through sched::BookingService, beside pgbench on the same server.
#   bench/scheduler/run.sh            (from anywhere; builds bench_booking in build-bench/)
# Env: BENCH_BUILD_DIR (default <repo>/build-bench), BENCH_SECONDS (pgbench runs, default 10),
#      BENCH_THREADS (default 1,2,8), BENCH_MEETINGS (default 10000), SKIP_BUILD=1,
#      BENCH_PG_PORT (default 55434).
# Uses a private PostgreSQL 15 cluster "pg-bench" on 127.0.0.1:55434 (deploy/lib/pg.sh) and
# recreates databases meetingd_bench and pgbench_ref in it. Leaves the cluster running.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=/dev/null
source deploy/lib/common.sh
# shellcheck source=/dev/null
source deploy/lib/pg.sh

PORT="${BENCH_PG_PORT:-55434}"
BUILD="${BENCH_BUILD_DIR:-$root/build-bench}"
SECS="${BENCH_SECONDS:-10}"
THREADS="${BENCH_THREADS:-1,2,8}"
MEETINGS="${BENCH_MEETINGS:-10000}"
PGBENCH="$PG_BIN/pgbench"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  [[ -f "$BUILD/CMakeCache.txt" ]] || cmake -S "$root" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" --target bench_booking -j2
fi

URL="$(pg_up pg-bench "$PORT" meetingd_bench)"
pg_recreate_db pg-bench "$PORT" meetingd_bench
owner="$(pg_owner)"
export PGPASSWORD="$(cat "$(state_root)/pg-bench/password")"
PSQL=(psql -h 127.0.0.1 -p "$PORT" -U "$owner" -v ON_ERROR_STOP=1 -qAt)
PGB=(-h 127.0.0.1 -p "$PORT" -U "$owner")

# pgbench 1: one INSERT into a table with the same kind of exclusion constraint as
# meeting_rooms (room_id WITH =, during WITH &&), over the same 200 halls, similar slots;
# conflicts are refused by the constraint (ON CONFLICT DO NOTHING, so pgbench carries on).
log "pgbench: one-row insert with an exclusion constraint, before the bookings"
"${PSQL[@]}" -d meetingd_bench <<'SQL'
CREATE EXTENSION IF NOT EXISTS btree_gist;
DROP TABLE IF EXISTS bench_slots;
CREATE TABLE bench_slots (
  id bigserial PRIMARY KEY,
  room_id bigint NOT NULL,
  during tstzrange NOT NULL,
  EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
SQL
cat > "$out/slot.sql" <<'SQL'
\set room random(1, 200)
\set day random(0, 90)
\set slot random(0, 15)
\set len random(2, 6)
INSERT INTO bench_slots (room_id, during) VALUES (:room, tstzrange(
  '2027-01-04 07:30+07'::timestamptz + :day * interval '1 day' + :slot * interval '30 min',
  '2027-01-04 07:30+07'::timestamptz + :day * interval '1 day' + (:slot + :len) * interval '30 min', '[)'))
  ON CONFLICT DO NOTHING;
SQL
IFS=, read -r -a tlist <<< "$THREADS"
# Run just before and just after the bookings (the disk's fsync time on a shared machine moves
# by several times within minutes); the ratio is taken against their mean.
slot_runs() {
  for c in "${tlist[@]}"; do
    "${PSQL[@]}" -d meetingd_bench -c "TRUNCATE bench_slots" -c "VACUUM ANALYZE bench_slots" -c "CHECKPOINT"
    "$PGBENCH" "${PGB[@]}" -n -c "$c" -j "$c" -T "$SECS" -f "$out/slot.sql" meetingd_bench > "$out/slot-$c.txt" 2>&1
    rows="$("${PSQL[@]}" -d meetingd_bench -c "SELECT count(*) FROM bench_slots")"
    tps="$(awk '/^tps/ {print $3; exit}' "$out/slot-$c.txt")"
    echo "RESULT kind=pgbench_slot_$1 clients=$c tps=$tps rows=$rows" | tee -a "$out/pgbench.txt"
  done
}
slot_runs before

log "bench_booking: $MEETINGS requests, threads $THREADS"
DATABASE_URL="$URL" "$BUILD/bench/scheduler/bench_booking" --meetings "$MEETINGS" --threads "$THREADS" \
  | tee "$out/booking.txt"

log "pgbench: one-row insert with an exclusion constraint, again"
slot_runs after

# pgbench 2: the built-in TPC-B-like transaction (3 UPDATEs, 1 SELECT, 1 INSERT), for reference.
log "pgbench: built-in tpcb-like (scale 10)"
PGPASSWORD="$PGPASSWORD" psql -h 127.0.0.1 -p "$PORT" -U "$owner" -d postgres -qc \
  "DROP DATABASE IF EXISTS pgbench_ref WITH (FORCE)" -c "CREATE DATABASE pgbench_ref" >/dev/null
"$PGBENCH" "${PGB[@]}" -i -s 10 -q pgbench_ref > "$out/init.txt" 2>&1
for c in "${tlist[@]}"; do
  "${PSQL[@]}" -d pgbench_ref -c "CHECKPOINT"
  "$PGBENCH" "${PGB[@]}" -c "$c" -j "$c" -T "$SECS" pgbench_ref > "$out/tpcb-$c.txt" 2>&1
  tps="$(awk '/^tps/ {print $3; exit}' "$out/tpcb-$c.txt")"
  echo "RESULT kind=pgbench_tpcb clients=$c tps=$tps" | tee -a "$out/pgbench.txt"
done

# Summary.
val() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p"; }
echo
echo "Summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; pgbench runs ${SECS}s each)"
printf '%-8s %12s %12s %14s %14s %14s %12s %12s\n' threads "requests/s" "booked/s" "slot before" "slot after" \
  "pgbench tpcb" "req/slot" "req/tpcb"
for c in "${tlist[@]}"; do
  line="$(grep "kind=booking threads=$c " "$out/booking.txt")"
  req="$(val req_per_s <<< "$line")"; ok="$(val booked_per_s <<< "$line")"
  before="$(grep "kind=pgbench_slot_before clients=$c " "$out/pgbench.txt" | val tps)"
  after="$(grep "kind=pgbench_slot_after clients=$c " "$out/pgbench.txt" | val tps)"
  slot="$(echo "($before + $after) / 2" | bc -l)"
  tpcb="$(grep "kind=pgbench_tpcb clients=$c" "$out/pgbench.txt" | val tps)"
  printf '%-8s %12s %12s %14.0f %14.0f %14.0f %12.3f %12.3f\n' "$c" "$req" "$ok" "$before" "$after" "$tpcb" \
    "$(echo "$req / $slot" | bc -l)" "$(echo "$req / $tpcb" | bc -l)"
done
echo "(req/slot: against the mean of the pgbench insert just before and just after the bookings)"
line="$(grep "kind=booking threads=1 " "$out/booking.txt" || true)"
if [[ -n "$line" ]]; then
  echo
  echo "Per booking, 1 thread (µs): book() $(val book_us <<< "$line"); in the database: look-ups $(val lookup_us <<< "$line") ($(val lookups_per_req <<< "$line") calls), selector queries $(val selector_db_us <<< "$line"), write $(val write_us <<< "$line"); in the process $(val inproc_us <<< "$line")"
fi
c="$(grep 'kind=checks' "$out/booking.txt")"
echo "Checks alone, no database (µs per booking): $(val checks_us <<< "$c"); resolve_selectors every department $(val selector_department_us <<< "$c"), every commune $(val selector_commune_us <<< "$c")"
