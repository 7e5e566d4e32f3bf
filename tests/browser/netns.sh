#!/usr/bin/env bash
# Runs a command with a private network namespace for test browsers: a namespace holding
# only `lo` and one end of a veth pair, whose other end stays on the host with an address
# of its own. A browser started inside (through chromium-in-netns.sh) reaches the service
# only at that host address: never the host's own interfaces, mDNS or STUN. Chromium
# gathers WebRTC candidates on the veth (it gathers none with `lo` alone).
#
#   tests/browser/netns.sh COMMAND [ARGS...]
#
# The command sees MEETINGD_NETNS (the namespace's name), MEETINGD_NETNS_HOST_IP (the host
# end: where the service listens), MEETINGD_NETNS_PEER_IP (the browser's end) and
# MEETINGD_NETNS_PEER_IF (the namespace's end of the pair: a test cuts the network there). The
# namespace and the veth pair are removed when the command ends, however it ends.
# Needs root (ip netns). Addresses come from 10.213.0.0/16, a /30 per run picked from the
# process id, so parallel runs do not meet.
set -euo pipefail
if [[ $EUID -ne 0 ]]; then echo "netns.sh: needs root to create a network namespace" >&2; exit 77; fi
command -v ip >/dev/null || { echo "netns.sh: ip (iproute2) is missing" >&2; exit 1; }

slot=$(( $$ % 16000 ))
name="mtd-br-$$"
host_if="mtdh$$"
peer_if="mtdp$$"
base=$(( slot * 4 ))
host_ip="10.213.$(( base / 256 )).$(( base % 256 + 1 ))"
peer_ip="10.213.$(( base / 256 )).$(( base % 256 + 2 ))"

cleanup() {
  ip netns pids "$name" 2>/dev/null | while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done
  ip link del "$host_if" 2>/dev/null || true
  ip netns del "$name" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$name"
ip link add "$host_if" type veth peer name "$peer_if"
ip link set "$peer_if" netns "$name"
ip addr add "$host_ip/30" dev "$host_if"
ip link set "$host_if" up
ip -n "$name" addr add "$peer_ip/30" dev "$peer_if"
ip -n "$name" link set "$peer_if" up
ip -n "$name" link set lo up
# Only the /30 is routed: no default route, so nothing else is reachable from inside.

export MEETINGD_NETNS="$name" MEETINGD_NETNS_HOST_IP="$host_ip" MEETINGD_NETNS_PEER_IP="$peer_ip" \
  MEETINGD_NETNS_PEER_IF="$peer_if"
status=0
"$@" || status=$?
exit "$status"
