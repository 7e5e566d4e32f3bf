#!/usr/bin/env bash
# Halls on impaired links, the whole matrix: three halls, each in a network namespace of its
# own, hall 0's link impaired in turn by 1, 5, 10, 20 % loss, 50 and 150 ms jitter, 10 % loss
# with 50 ms jitter, reordering, a 5 s outage and a 250 kbit/s cap; prints one Markdown row
# per impairment (what hall 0 and the others receive, the health the node reports, the time
# to recover). Needs root. About 6 minutes at the default 20 s per impairment.
#
#   bench/media/netem_matrix.sh [SECONDS]      BUILD_DIR (default build/) must hold the
#                                              media_netem_* targets (cmake --build build)
#   NETEM_PROBE_NO_NACK=1 bench/media/netem_matrix.sh   halls that never ask for retransmission
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD_DIR:-$root/build}"
bin="$build/tests/media/netem"
seconds="${1:-20}"
for t in media_netem_halls media_netem_wire media_netem_hall_probe; do
  [[ -x "$bin/$t" ]] || { echo "missing $bin/$t: cmake --build $build --target $t" >&2; exit 1; }
done
exec "$root/tests/media/netem/netns.sh" 3 "$bin/media_netem_halls" "$bin/media_netem_wire" \
  "$bin/media_netem_hall_probe" "$seconds" \
  loss1 loss5 loss10 loss20 jitter50 jitter150 loss10jitter50 reorder outage cap 2> >(grep -v '^\[h264' >&2)
