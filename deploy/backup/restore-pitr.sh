#!/usr/bin/env bash
# Restores a base backup into an empty data folder and has PostgreSQL replay the WAL archive
# up to a moment, then become a normal (writable) server there:
#   restore-pitr.sh BACKUP ARCHIVE DATA 'YYYY-MM-DD HH:MM:SS+TZ'
# BACKUP is a folder made by base-backup.sh, ARCHIVE the WAL archive folder, DATA the new
# data folder (must not exist). Run as the database user, then start PostgreSQL on DATA
# (pg_ctl -D DATA start): it stops at the last commit before the moment and promotes. A
# moment later than everything archived makes PostgreSQL refuse to start (nothing is
# silently restored to a different point).
set -euo pipefail
backup=${1:?usage: restore-pitr.sh BACKUP ARCHIVE DATA TIME} archive=${2:?} data=${3:?} moment=${4:?}
[[ -f "$backup/base.tar.gz" ]] || { echo "restore-pitr: $backup has no base.tar.gz" >&2; exit 1; }
[[ -d "$archive" ]] || { echo "restore-pitr: no WAL archive at $archive" >&2; exit 1; }
[[ ! -e "$data" ]] || { echo "restore-pitr: $data exists; restore into a new folder" >&2; exit 1; }
mkdir -m 700 "$data"
tar -xzf "$backup/base.tar.gz" -C "$data"
if [[ -f "$backup/pg_wal.tar.gz" ]]; then tar -xzf "$backup/pg_wal.tar.gz" -C "$data/pg_wal"; fi
cat >> "$data/postgresql.auto.conf" <<CONF
restore_command = 'cp "$archive/%f" "%p"'
recovery_target_time = '$moment'
recovery_target_action = 'promote'
archive_mode = 'off'
CONF
touch "$data/recovery.signal"
echo "restored into $data; start PostgreSQL there to replay up to $moment"
