#!/usr/bin/env bash
# Two browser halls (headless Chromium in a network namespace of their own, fake
# camera and microphone) and one RTP hall (gst-launch-1.0) in one media-node session.
# The browsers reach the node's WebRTC edge over a veth pair this script creates;
# ICE is told to use that pair's address only, so no test packet leaves it or lo.
#   browser_halls.sh MEDIA_NODE TOOLS_DIR
# Needs root (namespaces). Exit 77 (skipped) when it is not root or lacks Chromium.
set -euo pipefail
media_node="$1"
tools="$(cd "$2" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
[[ $(id -u) -eq 0 ]] || { echo "skipped: needs root for network namespaces"; exit 77; }
command -v chromium-headless-shell >/dev/null || { echo "skipped: no chromium-headless-shell"; exit 77; }

work="$(mktemp -d /tmp/meetingd-webrtc.XXXXXX)"
ns="mtdw$$"
host_if="vw$$h"; ns_if="vw$$n"
# A /30 of our own, away from what the host routes.
for attempt in 1 2 3 4 5 6 7 8; do
  subnet="10.$((200 + RANDOM % 50)).$((RANDOM % 250)).$(( (RANDOM % 60) * 4 ))"
  prefix="${subnet%.*}"; last="${subnet##*.}"
  host_ip="$prefix.$((last + 1))"; ns_ip="$prefix.$((last + 2))"
  if ! ip -4 route show | grep -q "^${prefix}\." && ! ip -4 addr show | grep -q " ${prefix}\."; then break; fi
done
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
  ip link del "$host_if" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip link add "$host_if" type veth peer name "$ns_if"
ip link set "$ns_if" netns "$ns"
ip addr add "$host_ip/30" dev "$host_if"
ip link set "$host_if" up
ip netns exec "$ns" ip addr add "$ns_ip/30" dev "$ns_if"
ip netns exec "$ns" ip link set "$ns_if" up
ip netns exec "$ns" ip link set lo up

# Each browser hall's camera is one colour, its microphone one tone.
make_clip() {  # name argb
  gst-launch-1.0 -q videotestsrc pattern=solid-color foreground-color="$2" num-buffers=30 \
    ! video/x-raw,format=I420,width=640,height=360,framerate=30/1 ! y4menc ! filesink location="$work/$1.y4m"
}
make_tone() {  # name hz
  gst-launch-1.0 -q audiotestsrc freq="$2" volume=0.5 num-buffers=500 \
    ! audio/x-raw,format=S16LE,rate=48000,channels=1 ! wavenc ! filesink location="$work/$1.wav"
}
make_clip red 0xffff0000; make_tone red 500
make_clip blue 0xff0000ff; make_tone blue 1100

port=$((18700 + RANDOM % 100))
"$media_node" --listen "$host_ip" --port "$port" --rtp-address 127.0.0.1 --rtp-ports 0-0 \
  --webrtc-ice-address "$host_ip" --webrtc-ports 18800-18899 >"$work/node.log" 2>&1 &
pids+=($!)
control="http://$host_ip:$port"
for _ in $(seq 100); do curl -sf "$control/health" >/dev/null && break; sleep 0.1; done
session=$(curl -sf -X POST "$control/sessions" -H 'Content-Type: application/json' \
  -d '{"outputs":[{"name":"sd","width":640,"height":360,"bitrate_kbps":800}]}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
leg=$(curl -sf -X POST "$control/sessions/$session/legs" -H 'Content-Type: application/json' \
  -d '{"hall_id":"green","display_name":"RTP hall","output":"sd"}')
vport=$(echo "$leg" | sed 's/.*"video":{[^}]*"rtp":\([0-9]*\).*/\1/')
aport=$(echo "$leg" | sed 's/.*"audio":{[^}]*"rtp":\([0-9]*\).*/\1/')
gst-launch-1.0 -q videotestsrc is-live=true pattern=solid-color foreground-color=0xff00ff00 \
  ! video/x-raw,width=640,height=360,framerate=30/1 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 \
  ! rtph264pay pt=96 config-interval=-1 ! udpsink host=127.0.0.1 port="$vport" \
  audiotestsrc is-live=true freq=1700 volume=0.5 ! audio/x-raw,rate=48000,channels=1 ! opusenc \
  ! rtpopuspay pt=111 ! udpsink host=127.0.0.1 port="$aport" >"$work/rtp-hall.log" 2>&1 &
pids+=($!)

status=0
ip netns exec "$ns" env CONTROL_URL="$control" SESSION="$session" MEDIA_DIR="$work" TOOLS_DIR="$tools" \
  node --test --test-reporter=spec "$here/browser_halls.test.mjs" || status=$?
if [[ $status -ne 0 ]]; then
  echo "---- media-node log"; tail -n 80 "$work/node.log"
fi
exit $status
