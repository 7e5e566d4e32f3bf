#!/usr/bin/env bash
# The production set-up's checks, each timed: service units, the TLS front door, PostgreSQL
# failover and a full disk, backups and point-in-time restore, Kubernetes manifests.
# deploy/test runs this after the test suites, with DATABASE_URL's cluster up; each check
# gets a fresh database of its own on that cluster. Ports 18300-18499 on 127.0.0.1.
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/pg.sh"
root="$(repo_root)"
pg_port="${MEETINGD_TEST_PG_PORT:-55433}"

timed() {
  local name=$1; shift
  log "production check: $name"
  local start=$SECONDS
  "$@"
  log "production check: $name: passed in $((SECONDS - start)) s"
}

fresh_db() { pg_recreate_db pg-test "$pg_port" "$1"; pg_up pg-test "$pg_port" "$1"; }

DATABASE_URL="$(fresh_db meetingd_units)" timed "systemd units" "$root/deploy/systemd/check.sh"
DATABASE_URL="$(fresh_db meetingd_nginx)" timed "TLS front door (nginx)" "$root/deploy/nginx/check.sh"
timed "PostgreSQL failover (Patroni, etcd)" python3 "$root/deploy/ha/failover-test.py" \
  --state "$(state_root)/ha" --root "$root" --build "${MEETINGD_BUILD_DIR:-$root/build}" \
  --admin-units "${MEETINGD_ADMIN_UNITS:-$root/../shared/data/admin-units}" --report "$(state_root)/ha-failover.json"
timed "backup and point-in-time restore" "$root/deploy/backup/check.sh" "$(state_root)/backup-check"
timed "Kubernetes manifests (kustomize, schemas)" "$root/deploy/k8s/check.sh"
timed "database disk full" "$root/deploy/ha/disk-full-check.sh" "$(state_root)/disk-full"
