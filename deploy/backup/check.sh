#!/usr/bin/env bash
# Tests the backup routine for real: a PostgreSQL 15 cluster archiving its WAL, the real
# meetingd booking on it through its API, a base backup (base-backup.sh) between two rounds
# of bookings, a third round after a chosen moment, and a restore to that moment
# (restore-pitr.sh) on another port: the first two rounds are there, the third is not.
#   check.sh STATE_FOLDER      (wiped and reused; ports 18460-18469)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; root="$(cd "$here/../.." && pwd)"
build="${MEETINGD_BUILD_DIR:-$root/build}"
state=${1:?usage: check.sh STATE_FOLDER}
PG_BIN=/usr/lib/postgresql/15/bin
port=18460 api_port=18461 restored_port=18462
owner=$(if [[ $EUID -eq 0 ]]; then echo meetingd; else id -un; fi)
as_owner() { if [[ $EUID -eq 0 ]]; then runuser -u meetingd -- "$@"; else "$@"; fi; }
token="backup-check-token-0123456789abcdefgh"  # 32+ characters, as meetingd requires
api_pid=""
cleanup() {
  if [[ -n $api_pid ]]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  for d in "$state/data" "$state/restored"; do
    if [[ -f $d/postmaster.pid ]]; then as_owner "$PG_BIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1 || true; fi
  done
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$state"; mkdir -p "$state/archive" "$state/backups"
if [[ $EUID -eq 0 ]]; then chown -R meetingd: "$state"; fi
chmod 700 "$state"
pw="$(head -c 18 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
echo "$pw" > "$state/pw"; chmod 600 "$state/pw"; [[ $EUID -ne 0 ]] || chown meetingd: "$state/pw"
as_owner "$PG_BIN/initdb" -D "$state/data" -U "$owner" --pwfile="$state/pw" -E UTF8 --locale=C.UTF-8 \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 >/dev/null
cat >> "$state/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$state'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f "$state/archive/%f" && cp "%p" "$state/archive/%f"'
CONF
as_owner "$PG_BIN/pg_ctl" -D "$state/data" -l "$state/server.log" -w start >/dev/null
export PGPASSWORD="$pw" PGHOST=127.0.0.1 PGUSER="$owner"
sql() { psql -p "$1" -d "${3:-postgres}" -tAXc "$2"; }
sql "$port" "CREATE DATABASE meetingd" >/dev/null

DATABASE_URL="postgresql://$owner:$pw@127.0.0.1:$port/meetingd" MEETINGD_ADMIN_TOKEN="$token" \
  "$build/api/meetingd" serve --port "$api_port" --policy "$root/scheduler/policy/decree45.json" \
  --admin-units "${MEETINGD_ADMIN_UNITS:-$root/../shared/data/admin-units}" --demo-halls \
  --departments "$root/deploy/demo/departments.json" --recordings "$state/recordings" \
  --media-ports 18463 --media-ports-max 18469 > "$state/meetingd.log" 2>&1 &
api_pid=$!
for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$api_port/readyz" && break; sleep 0.2; done
curl -sf -o /dev/null "http://127.0.0.1:$api_port/readyz" || { cat "$state/meetingd.log"; fail "meetingd did not start"; }

book_round() {  # book_round NAME DAY: five bookings on 2027-05-DAY; prints their ids
  local name=$1 day=$2 i
  for i in 1 2 3 4 5; do
    curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      "http://127.0.0.1:$api_port/v1/meetings" -d "{\"title\":\"Sao lưu $name $i\",\"type\":\"other\",
      \"organiser_org_id\":1,\"chair\":{\"name\":\"$name $i\",\"position\":\"\"},\"host_room_id\":$i,\"room_ids\":[],
      \"start\":\"2027-05-${day}T0$i:00:00+07:00\",\"end\":\"2027-05-${day}T0$i:30:00+07:00\"}" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' || fail "booking $name $i refused"
  done
}
before_backup="$(book_round early 03)"
echo "booked before the base backup: $(echo $before_backup)"
backup="$(as_owner env PGPASSWORD="$pw" PGHOST=127.0.0.1 PGPORT=$port PGUSER="$owner" "$here/base-backup.sh" "$state/backups")"
echo "base backup: $(du -sh "$backup" | cut -f1) in $backup"
after_backup="$(book_round middle 04)"
echo "booked after the base backup: $(echo $after_backup)"
moment="$(sql "$port" "SELECT clock_timestamp()")"
sleep 1.1
too_late="$(book_round latecomer 05)"
echo "booked after the moment $moment: $(echo $too_late)"
segment="$(sql "$port" "SELECT pg_walfile_name(pg_switch_wal())")"
for _ in $(seq 100); do
  [[ "$(sql "$port" "SELECT last_archived_wal FROM pg_stat_archiver")" > "$segment" ||
     "$(sql "$port" "SELECT last_archived_wal FROM pg_stat_archiver")" == "$segment" ]] && break
  sleep 0.2
done
[[ -f "$state/archive/$segment" ]] || fail "WAL segment $segment was not archived"
echo "WAL archive: $(ls "$state/archive" | wc -l) files up to $segment"

as_owner "$here/restore-pitr.sh" "$backup" "$state/archive" "$state/restored" "$moment"
as_owner "$PG_BIN/pg_ctl" -D "$state/restored" -l "$state/restored.log" -o "-p $restored_port -c unix_socket_directories=$state" -w -t 120 start >/dev/null ||
  { tail -20 "$state/restored.log"; fail "the restored server did not start"; }
for _ in $(seq 100); do [[ "$(sql "$restored_port" "SELECT pg_is_in_recovery()")" == f ]] && break; sleep 0.2; done
[[ "$(sql "$restored_port" "SELECT pg_is_in_recovery()")" == f ]] || fail "the restored server did not promote"
present="$(sql "$restored_port" "SELECT id FROM meetings ORDER BY id" meetingd | tr '\n' ' ')"
echo "restored to $moment: meetings $present"
for id in $before_backup $after_backup; do
  grep -qw "$id" <<<"$present" || fail "meeting $id, booked before the moment, is missing"
done
for id in $too_late; do
  if grep -qw "$id" <<<"$present"; then fail "meeting $id, booked after the moment, was restored"; fi
done
grep -q "recovery stopping before commit" "$state/restored.log" || fail "no recovery target in the log"
echo "  $(grep -o 'recovery stopping before commit[^,]*, time [^ ]* [^ ]*' "$state/restored.log" | head -1)"
echo "backup and point-in-time restore: ok"
