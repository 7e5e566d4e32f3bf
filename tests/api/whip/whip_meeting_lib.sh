# Shared by the WHIP tests: a network namespace with a veth pair (halls_lib.sh),
# meetingd on a fresh database serving the host's end of the pair, a meeting in its
# rehearsal window with three halls, and hall tokens.
# Source it after setting: meetingd, src (the source tree), DATABASE_URL. Sets work,
# log, server, api, admin, meeting, room (a hall of the meeting), other (another
# one), outsider (a hall with no open meeting), hall and outsider_token (their
# tokens), whip (room's WHIP endpoint); fail, check, get, jq_py; cleans up on exit.
work="$(mktemp -d /tmp/meetingd-whip.XXXXXX)"
media_node=/bin/false
source "$src/tests/media/webrtc/halls_lib.sh"
db="whip_test_$$"
admin="whip-test-admin-token-0123456789abcdef-$$"
cleanup() {
  halls_cleanup
  psql -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"; echo "---- meetingd log"; tail -n 60 "$log"
  [[ -z "${KEEP_WHIP_WORK:-}" ]] || cp -r "$work" "$KEEP_WHIP_WORK"
  exit 1
}
check() {  # what expected actual
  if [[ "$2" == "$3" ]]; then echo "ok: $1 ($3)"; else fail "$1: expected $2, got $3"; fi
}

halls_netns
psql -q "$DATABASE_URL" -c "CREATE DATABASE $db" >/dev/null
db_url="${DATABASE_URL%/*}/$db"
port=$((18700 + RANDOM % 100))
log="$work/meetingd.log"
DATABASE_URL="$db_url" MEETINGD_ADMIN_TOKEN="$admin" MEETINGD_NOW="2026-12-01T08:40:00+07:00" \
  "$meetingd" serve --address "$host_ip" --port "$port" --policy "$src/scheduler/policy/decree45.json" \
  --admin-units "${MEETINGD_ADMIN_UNITS:-$src/../shared/data/admin-units}" \
  --departments "$src/deploy/demo/departments.json" --demo-halls --media-ports 0 --media-ports-max 0 \
  --webrtc-ice-addresses "$host_ip" --webrtc-ports 18800 --webrtc-ports-max 18899 >"$log" 2>&1 &
server=$!
pids+=($server)
api="http://$host_ip:$port"
for _ in $(seq 300); do curl -sf "$api/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$api/healthz" >/dev/null || fail "meetingd did not start"

get() { curl -s -H "Authorization: Bearer $admin" "$api$1"; }
jq_py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
orgs=$(get "/v1/orgs?as_of=2026-12-01&limit=500")
org_id() { echo "$orgs" | jq_py "next(o['id'] for o in d['items'] if o['code']=='$1')"; }
room_of() { get "/v1/rooms?org=$1" | jq_py "d['items'][0]['id']"; }
province=$(org_id 51)
host_room=$(room_of "$province"); room=$(room_of "$(org_id SYT)"); other=$(room_of "$(org_id STP)")
outsider=$(room_of "$(org_id STC)" 2>/dev/null || room_of "$(org_id SGTVT)")
meeting=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$api/v1/meetings" -d "{
  \"title\":\"Giao ban WHIP\",\"type\":\"other\",\"organiser_org_id\":$province,
  \"chair\":{\"name\":\"Chủ tịch\",\"position\":\"Chủ tịch UBND tỉnh\"},\"host_room_id\":$host_room,
  \"room_ids\":[$room,$other],\"start\":\"2026-12-01T09:00:00+07:00\",\"end\":\"2026-12-01T11:00:00+07:00\"}" |
  jq_py "d['id']")
for _ in $(seq 100); do
  [[ $(get "/v1/meetings/$meeting" | jq_py "d['status']") == rehearsal ]] && break; sleep 0.2
done
token() { curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$api/v1/tokens" \
  -d "{\"role\":\"hall\",\"room_id\":$1}" | jq_py "d['token']"; }
hall=$(token "$room"); outsider_token=$(token "$outsider")
whip="$api/v1/rooms/$room/whip"
