#!/usr/bin/env bash
# Fault: the database's disk fills up. A PostgreSQL 15 cluster on a small tmpfs, the real
# meetingd booking through its API, the disk filled to the last byte: bookings are refused
# (never acknowledged and then missing), meetingd logs why, and once space is freed it books
# again without a restart. Prints the answers it got. Needs root (mount); ports 18470-18479.
#   disk-full-check.sh STATE_FOLDER
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; root="$(cd "$here/../.." && pwd)"
build="${MEETINGD_BUILD_DIR:-$root/build}"
state=${1:?usage: disk-full-check.sh STATE_FOLDER}
if [[ $EUID -ne 0 ]]; then echo "disk-full check: needs root to mount a small tmpfs; skipped"; exit 0; fi
PG_BIN=/usr/lib/postgresql/15/bin
port=18470 api_port=18471
token="disk-full-check-token-0123456789abcdef"
disk="$state/disk"
api_pid=""
cleanup() {
  if [[ -n $api_pid ]]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  if [[ -f $disk/data/postmaster.pid ]]; then
    runuser -u meetingd -- "$PG_BIN/pg_ctl" -D "$disk/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if mountpoint -q "$disk"; then umount "$disk"; fi
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; tail -5 "$state/meetingd.log" 2>/dev/null; exit 1; }

if mountpoint -q "$disk" 2>/dev/null; then umount "$disk"; fi
rm -rf "$state"; mkdir -p "$disk"
mount -t tmpfs -o size=96m,mode=0700 tmpfs "$disk"
chown meetingd: "$state" "$disk"
pw="$(head -c 18 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
echo "$pw" > "$state/pw"; chown meetingd: "$state/pw"; chmod 600 "$state/pw"
runuser -u meetingd -- "$PG_BIN/initdb" -D "$disk/data" -U meetingd --pwfile="$state/pw" -E UTF8 \
  --locale=C.UTF-8 --auth-local=scram-sha-256 --auth-host=scram-sha-256 --wal-segsize=1 >/dev/null
cat >> "$disk/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$state'
min_wal_size = 4MB
max_wal_size = 8MB
shared_buffers = 16MB
CONF
runuser -u meetingd -- "$PG_BIN/pg_ctl" -D "$disk/data" -l "$state/server.log" -w start >/dev/null
export PGPASSWORD="$pw"
psql -h 127.0.0.1 -p "$port" -U meetingd -d postgres -qc "CREATE DATABASE meetingd"
DATABASE_URL="postgresql://meetingd:$pw@127.0.0.1:$port/meetingd" MEETINGD_ADMIN_TOKEN="$token" \
  "$build/api/meetingd" serve --port "$api_port" --policy "$root/scheduler/policy/decree45.json" \
  --admin-units "${MEETINGD_ADMIN_UNITS:-$root/../shared/data/admin-units}" --demo-halls \
  --departments "$root/deploy/demo/departments.json" --recordings "$state/recordings" \
  --media-ports 18472 --media-ports-max 18479 > "$state/meetingd.log" 2>&1 &
api_pid=$!
for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$api_port/readyz" && break; sleep 0.2; done
curl -sf -o /dev/null "http://127.0.0.1:$api_port/readyz" || fail "meetingd did not start"

declare -A answers=()
acknowledged=()
book() {  # book N: one booking through the API; its HTTP status, Retry-After and body in $status, $retry_after, $answer_body
  local n=$1 out
  out="$(curl -s -m 20 -w '\n%header{retry-after} %{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: disk-$n" "http://127.0.0.1:$api_port/v1/meetings" -d "{\"title\":\"Đầy đĩa $n $(printf 'x%.0s' $(seq 200))\",
    \"type\":\"other\",\"organiser_org_id\":1,\"chair\":{\"name\":\"Disk $n\",\"position\":\"\"},
    \"host_room_id\":$((n % 300 + 1)),\"room_ids\":[],\"start\":\"2027-08-$(printf %02d $((n / 300 % 28 + 1)))T0$((n / 8400 % 9 + 1)):00:00+07:00\",
    \"end\":\"2027-08-$(printf %02d $((n / 300 % 28 + 1)))T0$((n / 8400 % 9 + 1)):30:00+07:00\"}")" || true
  local last="${out##*$'\n'}"
  status="${last##* }" retry_after="${last% *}"
  out="${out%$'\n'*}"
  answer_body=$out
  if [[ $status == 201 ]]; then
    acknowledged+=("$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$out")")
  fi
}
for n in 1 2 3; do book "$n"; [[ $status == 201 ]] || fail "booking $n before the disk filled: $status"; done
dd if=/dev/zero of="$disk/filler" bs=64k status=none 2>/dev/null || true
echo "disk filled: $(df -h --output=avail "$disk" | tail -1 | tr -d ' ') left"
refused=0
for n in $(seq 4 400); do
  book "$n"
  answers[$status]=$(( ${answers[$status]:-0} + 1 ))
  if [[ $status != 201 ]]; then
    refused=$((refused + 1))
    # The only right refusal: 503 with Retry-After and no database message in the body.
    [[ $status == 503 ]] || fail "a booking with the disk full answered $status, not 503: ${answer_body:0:300}"
    [[ $retry_after =~ ^[0-9]+$ ]] || fail "a 503 with the disk full came without Retry-After: ${answer_body:0:300}"
    if grep -qi 'space\|extend\|sqlstate\|could not' <<<"$answer_body"; then
      fail "the 503 leaks the database's message: ${answer_body:0:300}"
    fi
    refused_body=$answer_body
  fi
  (( refused < 5 )) || break
done
summary=""; for k in "${!answers[@]}"; do summary+="$k x${answers[$k]} "; done
echo "answers with the disk full: $summary(each refusal 503 with Retry-After: ${retry_after} s)"
echo "  a refusal's body: ${refused_body:0:200}"
(( refused > 0 )) || fail "the disk never filled up: every booking went through"
# meetingd's log says why it refused (the client's 503 does not).
said="$(grep -m1 -o 'out of resources: .*' "$state/meetingd.log")" || fail "meetingd did not log why it refused"
grep -qi 'space\|extend\|write' <<<"$said" || fail "meetingd's log does not say the disk is full: $said"
echo "  meetingd logged: ${said:0:160}"
grep -m1 -o 'No space left on device\|could not extend file[^"]*\|could not write[^"]*' "$state/server.log" |
  head -1 | sed 's/^/  PostgreSQL logged: /' || true
rm -f "$disk/filler"
ok=""
for n in $(seq 1000 1100); do
  book "$n"
  if [[ $status == 201 ]]; then ok=$n; break; fi
  sleep 0.5
done
[[ -n $ok ]] || fail "no booking went through after the space was freed"
echo "space freed: booking again"
stored="$(psql -h 127.0.0.1 -p "$port" -U meetingd -d meetingd -tAXc "SELECT id FROM meetings" | tr '\n' ' ')"
for id in "${acknowledged[@]}"; do grep -qw "$id" <<<"$stored" || fail "booking $id got 201 and is missing"; done
echo "  all ${#acknowledged[@]} acknowledged bookings are stored"
stored_count="$(psql -h 127.0.0.1 -p "$port" -U meetingd -d meetingd -tAXc "SELECT count(*) FROM meetings")"
# Nothing half-written: every stored meeting has its rooms (what a booking writes with it).
orphans="$(psql -h 127.0.0.1 -p "$port" -U meetingd -d meetingd -tAXc \
  "SELECT count(*) FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM meeting_rooms r WHERE r.meeting_id = m.id)")"
[[ $orphans == 0 ]] || fail "$orphans stored meetings have no rooms: a booking was half written"
echo "  $stored_count meetings stored, none half written"
echo "disk full: ok"
