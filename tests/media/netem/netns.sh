#!/usr/bin/env bash
# Network namespaces for the impaired-link tests: one for the media node and one per hall,
# each hall joined to the node's namespace by a point-to-point link of its own (addresses
# from 10.214.0.0/16): a TUN device at each end, carried by netem_wire, which impairs that
# hall's link alone (the kernel these tests run on has no netem qdisc). No namespace has a
# default route: nothing but these links and each one's `lo` is reachable.
#
#   tests/media/netem/netns.sh HALLS COMMAND [ARGS...]
#
# COMMAND runs inside the node's namespace and sees NETEM_HALLS, one entry per hall,
# ';'-separated: "namespace,node-side TUN,hall-side TUN,node ip,hall ip". Until netem_wire
# carries a link, nothing passes it.
# Everything is removed when the command ends, however it ends. Needs root: exit 77 without.
set -euo pipefail
if [[ $EUID -ne 0 ]]; then echo "skipped: netns.sh needs root for network namespaces" >&2; exit 77; fi
command -v ip >/dev/null || { echo "skipped: needs ip (iproute2)" >&2; exit 77; }
[[ -c /dev/net/tun ]] || { echo "skipped: no /dev/net/tun" >&2; exit 77; }
halls="$1"; shift

prefix="${NETEM_NS_PREFIX:-mtd}"
node_ns="$prefix-nn-$$"
octet=$(( $$ % 250 ))
made=()
entries=()

cleanup() {
  for ns in "$node_ns" "${made[@]}"; do
    ip netns pids "$ns" 2>/dev/null | while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done
  done
  for ns in "${made[@]}" "$node_ns"; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$node_ns"
ip -n "$node_ns" link set lo up
for (( i = 0; i < halls; ++i )); do
  ns="$prefix-nh$i-$$"
  node_if="mtn${i}n$$"; hall_if="mtn${i}h$$"
  node_ip="10.214.$octet.$(( i * 4 + 1 ))"; hall_ip="10.214.$octet.$(( i * 4 + 2 ))"
  ip netns add "$ns"; made+=("$ns")
  ip -n "$ns" link set lo up
  ip -n "$node_ns" tuntap add dev "$node_if" mode tun
  ip -n "$ns" tuntap add dev "$hall_if" mode tun
  ip -n "$node_ns" addr add "$node_ip" peer "$hall_ip" dev "$node_if"
  ip -n "$ns" addr add "$hall_ip" peer "$node_ip" dev "$hall_if"
  ip -n "$node_ns" link set "$node_if" up
  ip -n "$ns" link set "$hall_if" up
  entries+=("$ns,$node_if,$hall_if,$node_ip,$hall_ip")
done
NETEM_HALLS="$(IFS=';'; echo "${entries[*]}")"
export NETEM_HALLS
status=0
ip netns exec "$node_ns" "$@" || status=$?
exit "$status"
