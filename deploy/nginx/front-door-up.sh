#!/usr/bin/env bash
# Starts the TLS front door for a test and returns once nginx runs: a new certificate
# authority (WORK/ca.pem), a server certificate for NAMES, nginx on LISTEN_ADDRESS in front of
# meetingd at UPSTREAM. Stop it with: kill "$(cat WORK/nginx.pid)".
#   front-door-up.sh WORK UPSTREAM LISTEN_ADDRESS HTTP_PORT TLS_PORT NAMES
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/test-front-door.sh"
work=${1:?usage: front-door-up.sh WORK UPSTREAM LISTEN_ADDRESS HTTP_PORT TLS_PORT NAMES}
make_certificates "$work" "${6:?subject alternative names}"
render_front_door "$work" "$2" "$3" "$4" "$5" "$work/fullchain.pem"
start_front_door "$work"
