#!/usr/bin/env bash
# What a browser leg costs the node against an RTP leg: media-node's threads and CPU
# with only the session, then with RTP_LEGS gst-launch halls, then with BROWSERS
# headless Chromium halls on top (each in the browsers' network namespace, over a
# veth pair, through the WebRTC edge). Browsers' and senders' own CPU is not counted.
#   bench/webrtc/peers.sh [BUILD_DIR]      (root; BROWSERS=4 RTP_LEGS=4 FPS=30 WINDOW=10)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
media_node="$build/media/media-node"
tools="$root/deploy/tools"
browsers="${BROWSERS:-4}"; rtp_legs="${RTP_LEGS:-4}"; fps="${FPS:-30}"; window="${WINDOW:-10}"
work="$(mktemp -d /tmp/meetingd-webrtc-bench.XXXXXX)"
source "$root/tests/media/webrtc/halls_lib.sh"
trap halls_cleanup EXIT

# cores used by PID over WINDOW seconds, and its thread count at the end
measure() {
  local t0 t1 a b hz
  hz=$(getconf CLK_TCK)
  read -r a < <(awk '{print $14 + $15}' "/proc/$1/stat"); t0=$(date +%s.%N)
  sleep "$window"
  read -r b < <(awk '{print $14 + $15}' "/proc/$1/stat"); t1=$(date +%s.%N)
  local threads; threads=$(awk '/^Threads:/ {print $2}' "/proc/$1/status")
  echo "$(echo "($b - $a) / $hz / ($t1 - $t0)" | bc -l | xargs printf '%.3f') $threads"
}

halls_netns
halls_clip hall 0xffc08040; halls_tone hall 700
halls_node
session=$(halls_session "{\"framerate\":$fps,\"outputs\":[{\"name\":\"sd\",\"width\":640,\"height\":360,\"bitrate_kbps\":800}]}")
sleep 2
read -r cpu0 thr0 < <(measure "$node_pid")
echo "session only:            cpu ${cpu0} cores, ${thr0} threads"
for i in $(seq "$rtp_legs"); do halls_rtp_hall "$session" "rtp$i" 0xff00ff00 $((300 + 100 * i)) "$fps"; done
sleep 3
read -r cpu1 thr1 < <(measure "$node_pid")
echo "+ $rtp_legs RTP legs:           cpu ${cpu1} cores, ${thr1} threads"
ip netns exec "$ns" env CONTROL_URL="$control" SESSION="$session" MEDIA_DIR="$work" TOOLS_DIR="$tools" \
  BROWSERS="$browsers" HOLD=$((window + 30)) node "$root/bench/webrtc/join_browsers.mjs" >"$work/join.log" 2>&1 &
joiner=$!
pids+=($joiner)
for _ in $(seq 600); do [[ -f "$work/joined" ]] && break; kill -0 "$joiner" 2>/dev/null || break; sleep 0.1; done
[[ -f "$work/joined" ]] || { cat "$work/join.log"; exit 1; }
sleep 3
read -r cpu2 thr2 < <(measure "$node_pid")
echo "+ $browsers browser legs:       cpu ${cpu2} cores, ${thr2} threads"
curl -sf "$control/sessions/$session" >/dev/null; sleep 1  # health rates need a window
curl -sf "$control/sessions/$session" | python3 -c '
import json,sys
s=json.load(sys.stdin)
print("output fps %.1f; legs:" % s["output_fps"], ", ".join("%s %s %.0f fps" % (l["hall_id"], l["state"], l["decoded_fps"]) for l in s["legs"]))'
echo "per RTP leg:     $(echo "($cpu1 - $cpu0) / $rtp_legs" | bc -l | xargs printf '%.3f') cores, $(( (thr1 - thr0) / rtp_legs )) threads"
echo "per browser leg: $(echo "($cpu2 - $cpu1) / $browsers" | bc -l | xargs printf '%.3f') cores, $(( (thr2 - thr1) / browsers )) threads"
kill "$joiner" 2>/dev/null || true
