#!/usr/bin/env bash
# Takes a base backup of the meetingd PostgreSQL cluster (run it daily, e.g. from a systemd
# timer or cron, as the database user), into DEST/base-<UTC time>/ (compressed tar, with the
# WAL needed to make it consistent). Together with the WAL archive (archive_command, see
# docs/production.md) it allows restoring to any moment after it: restore-pitr.sh.
#   base-backup.sh DEST
# Connection: the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD or ~/.pgpass); the
# user needs the REPLICATION attribute. Against Patroni, point PGHOST at a replica to keep
# the load off the primary. Old backups: keep as many as the WAL archive covers.
set -euo pipefail
dest=${1:?usage: base-backup.sh DEST}
target="$dest/base-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest"
pg_basebackup -D "$target.partial" -Ft -z -X stream --checkpoint=fast --label "meetingd $(basename "$target")"
# Renamed only when complete: a half-written backup never looks like a usable one.
mv "$target.partial" "$target"
echo "$target"
