#!/usr/bin/env bash
# Lints the OpenAPI document with a real linter (@redocly/cli, pinned in deploy/tools).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$root/deploy/tools"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
if [[ ! -x "$tools/node_modules/.bin/redocly" ]]; then
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "==> linting api/openapi/openapi.json" >&2
"$tools/node_modules/.bin/redocly" lint --config "$root/api/openapi/redocly.yaml" "$root/api/openapi/openapi.json"
