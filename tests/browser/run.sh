#!/usr/bin/env bash
# The browser tests of the web pages: Debian's chromium-headless-shell driven by
# playwright-core (pinned in deploy/tools, installed with npm ci; no browser download),
# inside a network namespace of their own (netns.sh), against a real meetingd and the
# PostgreSQL deploy/test runs. Screenshots go to $MEETINGD_SCREENSHOTS (build/screenshots).
#   tests/browser/run.sh MEETINGD_BINARY [node --test options, e.g. --test-name-pattern=hall]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export MEETINGD_BINARY="${1:?meetingd binary}"
shift
: "${DATABASE_URL:?DATABASE_URL is set by deploy/test}"
export MEETINGD_SOURCE_DIR="${MEETINGD_SOURCE_DIR:-$root}"
export MEETINGD_ADMIN_UNITS="${MEETINGD_ADMIN_UNITS:-$root/../shared/data/admin-units}"
export MEETINGD_SCREENSHOTS="${MEETINGD_SCREENSHOTS:-$(dirname "$(dirname "$MEETINGD_BINARY")")/screenshots}"
tools="$root/deploy/tools"
if [[ ! -f "$tools/node_modules/playwright-core/package.json" ]]; then
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
fi
export NODE_PATH="$tools/node_modules"
exec "$here/netns.sh" node --test --test-concurrency=1 "$@" "$here/pages.test.mjs"
