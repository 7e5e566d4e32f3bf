#!/usr/bin/env bash
# WHIP (RFC 9725) end to end: meetingd on a fresh database, a meeting in its rehearsal
# window, and a browser hall (headless Chromium) publishing into it from a network
# namespace over a veth pair. First every kind of bad input gets its 4xx and leaves
# nothing behind; then the browser's leg is judged ok; DELETE frees it.
#   whip_test.sh MEETINGD SOURCE_DIR      (DATABASE_URL set; root; exit 77: skipped)
set -euo pipefail
meetingd="$1"
src="$(cd "$2" && pwd)"
[[ $(id -u) -eq 0 ]] || { echo "skipped: needs root for network namespaces"; exit 77; }
command -v chromium-headless-shell >/dev/null || { echo "skipped: no chromium-headless-shell"; exit 77; }
[[ -n "${DATABASE_URL:-}" ]] || { echo "skipped: no DATABASE_URL"; exit 77; }
source "$src/tests/api/whip/whip_meeting_lib.sh"

# A browser-shaped offer whose ICE will never connect: enough to be answered.
offer() {
  printf 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n'
  printf 'm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:%s\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n' "$1"
  [[ "${2:-}" == nofp ]] || printf 'a=fingerprint:sha-256 4B:7E:2C:0A:8D:3F:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA\r\n'
  printf 'a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n'
  printf 'm=video 9 UDP/TLS/RTP/SAVPF 106\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:%s\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n' "$1"
  [[ "${2:-}" == nofp ]] || printf 'a=fingerprint:sha-256 4B:7E:2C:0A:8D:3F:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA\r\n'
  printf 'a=setup:actpass\r\na=mid:1\r\na=sendrecv\r\na=rtcp-mux\r\na=rtcp-fb:106 nack pli\r\na=rtpmap:106 H264/90000\r\n'
  printf 'a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n'
}
post() {  # token url body-file [headers-file] -> status
  curl -s -o /dev/null -D "${4:-$work/headers}" -w '%{http_code}' -H "Authorization: Bearer $1" \
    -H 'Content-Type: application/sdp' --data-binary @"$3" "$2"
}
udp_sockets() { ss -uanp | grep -c "pid=$server," || true; }
session_legs() { get "/v1/meetings/$meeting/health" | jq_py "len(d['legs'])"; }
legs_before=$(session_legs); sockets_before=$(udp_sockets)

offer good1 >"$work/good.sdp"; offer nofp1 nofp >"$work/nofp.sdp"; printf 'hello, not SDP' >"$work/bad.sdp"
check "CORS preflight" 204 "$(curl -s -o /dev/null -w '%{http_code}' -X OPTIONS "$whip")"
curl -s -D - -o /dev/null -X OPTIONS "$whip" | grep -qi '^accept-post: application/sdp' || fail "no Accept-Post"
check "malformed SDP" 400 "$(post "$hall" "$whip" "$work/bad.sdp")"
check "offer without a DTLS fingerprint" 400 "$(post "$hall" "$whip" "$work/nofp.sdp")"
check "another hall's room" 403 "$(post "$hall" "$api/v1/rooms/$other/whip" "$work/good.sdp")"
check "a hall outside any open meeting" 409 "$(post "$outsider_token" "$api/v1/rooms/$outsider/whip" "$work/good.sdp")"
check "no token" 401 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/sdp' --data-binary @"$work/good.sdp" "$whip")"
check "JSON instead of SDP" 415 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $hall" -H 'Content-Type: application/json' -d '{}' "$whip")"
check "meetingd's UDP sockets after the refused offers" "$sockets_before" "$(udp_sockets)"
check "session legs after the refused offers" "$legs_before" "$(session_legs)"

# Ten offers at once from one token: at most two are answered, the rest refused with 429.
for i in $(seq 10); do offer "burst$i" >"$work/burst$i.sdp"; done
for i in $(seq 10); do post "$hall" "$whip" "$work/burst$i.sdp" "$work/headers$i" >"$work/status$i" & done
wait_bursts() { for i in $(seq 10); do while [[ ! -s "$work/status$i" ]]; do sleep 0.1; done; done; }
wait_bursts
created=0; refused=0
for i in $(seq 10); do
  case "$(cat "$work/status$i")" in
    201) created=$((created + 1)); grep -i '^location:' "$work/headers$i" | tr -d '\r' | awk '{print $2}' >>"$work/locations";;
    429) refused=$((refused + 1));;
    *) fail "burst offer $i: $(cat "$work/status$i")";;
  esac
done
[[ $created -ge 1 && $created -le 2 && $((created + refused)) -eq 10 ]] || fail "burst: $created created, $refused refused"
echo "ok: ten offers at once: $created answered, $refused refused with 429"
first="$(head -1 "$work/locations")"
etag=$(grep -i '^etag:' "$(grep -l "$first" "$work"/headers*)" | tr -d '\r' | cut -d' ' -f2)
patch() {  # if-match content-type body -> status
  curl -s -o /dev/null -w '%{http_code}' -X PATCH -H "Authorization: Bearer $hall" -H "If-Match: $1" \
    -H "Content-Type: $2" --data-binary "$3" "$api$first"
}
frag() { printf 'a=ice-ufrag:%s\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=candidate:1 1 udp 2122260223 %s 9 typ host\r\n' "$1" "$ns_ip"; }
ufrag="${etag//\"/}"
check "PATCH a trickled candidate" 204 "$(patch "$etag" application/trickle-ice-sdpfrag "$(frag "$ufrag")")"
check "PATCH an ICE restart (new ufrag)" 422 "$(patch "$etag" application/trickle-ice-sdpfrag "$(frag restart1)")"
check "PATCH with a stale If-Match" 412 "$(patch '"other"' application/trickle-ice-sdpfrag "$(frag "$ufrag")")"
check "PATCH as application/sdp" 415 "$(patch "$etag" application/sdp "$(frag "$ufrag")")"
while read -r location; do
  check "DELETE $location" 200 "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $hall" "$api$location")"
done <"$work/locations"
check "DELETE again" 404 "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $hall" "$api$(head -1 "$work/locations")")"
for _ in $(seq 50); do [[ $(session_legs) == "$legs_before" ]] && break; sleep 0.2; done
check "session legs after the burst's sessions were deleted" "$legs_before" "$(session_legs)"
for _ in $(seq 50); do [[ $(udp_sockets) == "$sockets_before" ]] && break; sleep 0.2; done
check "meetingd's UDP sockets after the answered sessions were deleted" "$sockets_before" "$(udp_sockets)"

# A real publisher from the namespace: Chromium, its offer POSTed as WHIP (a WHIP
# client of its own publishes in whip_client_test.sh).
halls_clip whip 0xff00ffff; halls_tone whip 800
ip netns exec "$ns" env WHIP_URL="$whip" HALL_TOKEN="$hall" ADMIN_TOKEN="$admin" API="$api" MEETING="$meeting" \
  ROOM="$room" MEDIA_DIR="$work" TOOLS_DIR="$src/deploy/tools" node "$src/tests/api/whip/whip_publish.mjs" ||
  fail "the WHIP browser hall"
echo "PASS"
