# Shared by the browser-hall test and bench: a network namespace for the browsers
# with a veth pair to this one, media-node with its WebRTC edge on that pair only,
# fake camera clips and microphone tones, RTP halls from gst-launch-1.0.
# Source it after setting: media_node, work (a temporary folder). Sets ns, host_ip,
# ns_ip, control, pids; `halls_cleanup` undoes everything (call it from a trap).
ns="mtdw$$"
host_if="vw$$h"; ns_if="vw$$n"
pids=()

halls_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
  ip link del "$host_if" 2>/dev/null || true
  rm -rf "$work"
}

halls_netns() {
  local attempt subnet prefix last
  for attempt in 1 2 3 4 5 6 7 8; do  # a /30 of our own, away from what the host routes
    subnet="10.$((200 + RANDOM % 50)).$((RANDOM % 250)).$(( (RANDOM % 60) * 4 ))"
    prefix="${subnet%.*}"; last="${subnet##*.}"
    host_ip="$prefix.$((last + 1))"; ns_ip="$prefix.$((last + 2))"
    if ! ip -4 route show | grep -q "^${prefix}\." && ! ip -4 addr show | grep -q " ${prefix}\."; then break; fi
  done
  ip netns add "$ns"
  ip link add "$host_if" type veth peer name "$ns_if"
  ip link set "$ns_if" netns "$ns"
  ip addr add "$host_ip/30" dev "$host_if"
  ip link set "$host_if" up
  ip netns exec "$ns" ip addr add "$ns_ip/30" dev "$ns_if"
  ip netns exec "$ns" ip link set "$ns_if" up
  ip netns exec "$ns" ip link set lo up
}

halls_clip() {  # name argb: the hall's camera, one colour
  gst-launch-1.0 -q videotestsrc pattern=solid-color foreground-color="$2" num-buffers=30 \
    ! video/x-raw,format=I420,width=640,height=360,framerate=30/1 ! y4menc ! filesink location="$work/$1.y4m"
}
halls_tone() {  # name hz: the hall's microphone, one tone
  gst-launch-1.0 -q audiotestsrc freq="$2" volume=0.5 num-buffers=500 \
    ! audio/x-raw,format=S16LE,rate=48000,channels=1 ! wavenc ! filesink location="$work/$1.wav"
}

halls_node() {  # starts media-node; sets node_pid and control
  local port=$((18700 + RANDOM % 100))
  "$media_node" --listen "$host_ip" --port "$port" \
    --rtp-address 127.0.0.1 --rtp-ports 0-0 --webrtc-ice-address "$host_ip" --webrtc-ports 18800-18899 \
    >"$work/node.log" 2>&1 &
  node_pid=$!
  pids+=($node_pid)
  control="http://$host_ip:$port"
  for _ in $(seq 100); do curl -sf "$control/health" >/dev/null && return 0; sleep 0.1; done
  echo "media-node did not start"; cat "$work/node.log"; return 1
}

halls_session() {  # json options -> session id
  curl -sf -X POST "$control/sessions" -H 'Content-Type: application/json' -d "$1" | sed 's/.*"id":"\([^"]*\)".*/\1/'
}

halls_rtp_hall() {  # session hall_id argb hz fps: a hardware-codec-like hall (gst-launch-1.0)
  local leg vport aport
  leg=$(curl -sf -X POST "$control/sessions/$1/legs" -H 'Content-Type: application/json' \
    -d "{\"hall_id\":\"$2\",\"display_name\":\"$2\",\"output\":\"sd\"}")
  vport=$(echo "$leg" | sed 's/.*"video":{[^}]*"rtp":\([0-9]*\).*/\1/')
  aport=$(echo "$leg" | sed 's/.*"audio":{[^}]*"rtp":\([0-9]*\).*/\1/')
  gst-launch-1.0 -q videotestsrc is-live=true pattern=solid-color foreground-color="$3" \
    ! video/x-raw,width=640,height=360,framerate="${5:-30}"/1 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 \
    ! rtph264pay pt=96 config-interval=-1 ! udpsink host=127.0.0.1 port="$vport" \
    audiotestsrc is-live=true freq="$4" volume=0.5 ! audio/x-raw,rate=48000,channels=1 ! opusenc \
    ! rtpopuspay pt=111 ! udpsink host=127.0.0.1 port="$aport" >"$work/rtp-$2.log" 2>&1 &
  pids+=($!)
}
