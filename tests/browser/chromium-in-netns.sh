#!/usr/bin/env bash
# The browser executable the tests give playwright-core: Debian's headless Chromium,
# started inside the namespace netns.sh created (MEETINGD_NETNS). Playwright talks to it
# over pipes, which cross namespaces; its network traffic cannot leave the veth pair.
set -euo pipefail
: "${MEETINGD_NETNS:?run under tests/browser/netns.sh}"
exec ip netns exec "$MEETINGD_NETNS" "${MEETINGD_CHROMIUM:-/usr/bin/chromium-headless-shell}" "$@"
