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
source "$here/halls_lib.sh"
trap halls_cleanup EXIT

halls_netns
halls_clip red 0xffff0000; halls_tone red 500
halls_clip blue 0xff0000ff; halls_tone blue 1100
halls_node
session=$(halls_session '{"outputs":[{"name":"sd","width":640,"height":360,"bitrate_kbps":800}]}')
halls_rtp_hall "$session" green 0xff00ff00 1700

status=0
ip netns exec "$ns" env CONTROL_URL="$control" SESSION="$session" MEDIA_DIR="$work" TOOLS_DIR="$tools" \
  node --test --test-reporter=spec "$here/browser_halls.test.mjs" || status=$?
if [[ $status -ne 0 ]]; then
  echo "---- media-node log"; tail -n 80 "$work/node.log"
fi
if [[ -n "${KEEP_NODE_LOG:-}" ]]; then cp "$work/node.log" "$KEEP_NODE_LOG"; fi
exit $status
