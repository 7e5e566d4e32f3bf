#!/usr/bin/env bash
# Checks the systemd units offline (this machine need not run systemd as PID 1):
#   1. systemd-analyze verify: syntax, known keys, executables present (the units' binary
#      paths are pointed at the build for this; any warning fails the check);
#   2. systemd-analyze security --offline: the exposure score, which must stay under 2.0;
#   3. readiness: each binary, started with NOTIFY_SOCKET as systemd would, says READY=1 only
#      once it answers, and STOPPING=1 on SIGTERM.
# Needs DATABASE_URL (meetingd migrates at start) and a build. Ports 18300-18301.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; root="$(cd "$here/../.." && pwd)"
build="${MEETINGD_BUILD_DIR:-$root/build}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
threshold=2.0

for unit in meetingd media-node; do
  sed -e "s#/usr/local/bin/meetingd#$build/api/meetingd#" -e "s#/usr/local/bin/media-node#$build/media/media-node#" \
    "$here/$unit.service" > "$work/$unit.service"
done
echo "systemd-analyze verify"
if ! out="$(systemd-analyze verify --man=no "$work"/*.service 2>&1)" || [[ -n "$out" ]]; then
  echo "FAIL: systemd-analyze verify: $out"; exit 1
fi
for unit in meetingd media-node; do
  score="$(systemd-analyze security --offline=true "$work/$unit.service" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
  echo "systemd-analyze security $unit.service: exposure $score (must be under $threshold)"
  awk -v s="$score" -v t="$threshold" 'BEGIN { exit !(s != "" && s < t) }' || { echo "FAIL: $unit exposure $score"; exit 1; }
done

echo "readiness of meetingd (sd_notify)"
python3 "$here/notify-listen.py" --seconds 60 --log "$work/meetingd.log" \
  --check "curl -sf -o /dev/null http://127.0.0.1:18300/healthz" -- \
  "$build/api/meetingd" serve --port 18300 --policy "$root/scheduler/policy/decree45.json" \
  --departments "$root/deploy/demo/departments.json" --recordings "$work/recordings" --media-ports 18310 --media-ports-max 18319 ||
  { cat "$work/meetingd.log"; exit 1; }
echo "readiness of media-node (sd_notify)"
python3 "$here/notify-listen.py" --seconds 30 --log "$work/media-node.log" \
  --check "curl -sf -o /dev/null http://127.0.0.1:18301/health" -- \
  "$build/media/media-node" --listen 127.0.0.1 --port 18301 --rtp-address 127.0.0.1 --rtp-ports 18320-18329 ||
  { cat "$work/media-node.log"; exit 1; }
echo "systemd units: ok"
