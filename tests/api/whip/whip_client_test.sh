#!/usr/bin/env bash
# A WHIP client nobody here wrote, Debian's simple-whip-client (whip-client), publishes
# video (H.264 constrained baseline, as Chromium sends it) and audio (Opus) from a
# network namespace into a meeting's session through meetingd's WHIP endpoint: the
# hall's leg is judged ok with pictures decoded and sound heard; on SIGINT the client
# DELETEs its resource and the leg goes (not the edge's watchdog: no "vanished").
#   whip_client_test.sh MEETINGD SOURCE_DIR NO_UPNP_DIR   (DATABASE_URL set; root; 77: skipped)
#
# Why NO_UPNP_DIR: Debian 12's whip-client links libsoup 2, and webrtcbin's ICE
# library, libnice, links libgupnp-igd (optional UPnP port mapping), which pulls in
# libsoup 3 through gupnp; libsoup 3 refuses to load next to libsoup 2 and aborts the
# process ("libsoup2 symbols detected") as soon as the pipeline is built. No setting
# avoids it: the library is a link-time dependency, loaded whatever libnice's "upnp"
# property says. NO_UPNP_DIR holds a no-op libgupnp-igd-1.0.so.4 (no_upnp/, built
# with the tests) that only this client's process finds first, through
# LD_LIBRARY_PATH: libnice asks it for a UPnP agent, gets none, and gathers its
# candidates without port mapping, which a namespace with no router needs anyway.
set -euo pipefail
meetingd="$1"
src="$(cd "$2" && pwd)"
no_upnp="$3"
[[ $(id -u) -eq 0 ]] || { echo "skipped: needs root for network namespaces"; exit 77; }
command -v whip-client >/dev/null || { echo "skipped: no whip-client (package simple-whip-client)"; exit 77; }
[[ -n "${DATABASE_URL:-}" ]] || { echo "skipped: no DATABASE_URL"; exit 77; }
[[ -f "$no_upnp/libgupnp-igd-1.0.so.4" ]] || { echo "FAIL: no stand-in libgupnp-igd in $no_upnp"; exit 1; }
source "$src/tests/api/whip/whip_meeting_lib.sh"

room_legs() {  # python expression over L, the legs of the hall's room
  get "/v1/meetings/$meeting/health" | jq_py "(lambda L: $1)([l for l in d['legs'] if l['room_id'] == $room])"
}
legs_before=$(room_legs "len(L)")  # the hall's pre-made RTP leg

video="videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=30/1 ! queue
  ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 ! video/x-h264,profile=constrained-baseline
  ! rtph264pay pt=106 config-interval=-1 ! queue ! application/x-rtp,media=video,encoding-name=H264,payload=106"
audio="audiotestsrc is-live=true freq=800 volume=0.5 ! audioconvert ! audioresample ! queue ! opusenc
  ! rtpopuspay pt=111 ! queue ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111"
client_log="$work/whip-client.log"
ip netns exec "$ns" env LD_LIBRARY_PATH="$no_upnp" \
  whip-client -u "$whip" -t "$hall" -V "${video//$'\n'/}" -A "${audio//$'\n'/}" -o >"$client_log" 2>&1 &
client=$!
pids+=($client)
client_fail() { echo "---- whip-client log"; tail -n 30 "$client_log"; fail "$@"; }

# Its own leg, beside the pre-made one: ok, with video decoded and audio heard.
publishing="[(l['leg_id'], l['state'], l['video']['packets_in'], l['audio']['packets_in'], l['decoded_fps'],
  l['audio_level_dbov']) for l in L if l['state'] == 'ok' and l['video']['packets_in'] > 0
  and l['audio']['packets_in'] > 0 and l['decoded_fps'] > 0]"
deadline=$((SECONDS + 30))  # seconds, whatever a health query costs on a loaded machine
while ((SECONDS < deadline)); do
  kill -0 "$client" 2>/dev/null || client_fail "whip-client exited"
  [[ $(room_legs "len($publishing)") == 1 ]] && break
  sleep 0.2
done
[[ $(room_legs "len($publishing)") == 1 ]] ||
  client_fail "no ok leg of whip-client's, publishing both: $(room_legs "L")"
check "the hall's legs while whip-client publishes" $((legs_before + 1)) "$(room_legs "len(L)")"
echo "ok: whip-client's leg (id, state, video packets, audio packets, fps, dBov): $(room_legs "$publishing")"
resource=$(sed -n 's/^\[WHIP\] Resource URL: //p' "$client_log" | tr -d '\r')
[[ "$resource" == "$whip/"* ]] || client_fail "no resource URL under $whip in whip-client's log"

kill -INT "$client"
for _ in $(seq 100); do kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
kill -0 "$client" 2>/dev/null && client_fail "whip-client still running 10 s after SIGINT"
rc=0; wait "$client" || rc=$?
check "whip-client's exit status after SIGINT" 0 "$rc"
deadline=$((SECONDS + 10))
while ((SECONDS < deadline)); do [[ $(room_legs "len(L)") == "$legs_before" ]] && break; sleep 0.2; done
check "the hall's legs after whip-client stopped" "$legs_before" "$(room_legs "len(L)")"
grep -q "ended (vanished)" "$log" && fail "the leg went by the watchdog, not by the client's DELETE"
check "DELETE of whip-client's resource again" 404 \
  "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $hall" "$resource")"
echo "PASS"
