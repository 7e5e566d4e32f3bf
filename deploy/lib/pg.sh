# A private PostgreSQL 15 cluster owned by the project: its own data folder, its own
# port on 127.0.0.1, an unprivileged owner (initdb refuses root), password auth.
# Source this file; call `pg_up NAME PORT DBNAME` and it prints a DATABASE_URL.

PG_BIN=/usr/lib/postgresql/15/bin

pg_owner() { if [[ $EUID -eq 0 ]]; then echo meetingd; else id -un; fi; }

as_owner() {
  if [[ $EUID -eq 0 ]]; then runuser -u meetingd -- "$@"; else "$@"; fi
}

pg_up() {
  local name=$1 port=$2 db=$3
  local dir; dir="$(state_root)/$name"
  local data="$dir/data" pwfile="$dir/password" owner; owner="$(pg_owner)"
  if [[ $EUID -eq 0 ]] && ! id meetingd >/dev/null 2>&1; then
    useradd --system --home-dir "$(state_root)" --shell /usr/sbin/nologin meetingd
  fi
  mkdir -p "$dir"
  if [[ ! -s "$pwfile" ]]; then
    head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$pwfile"
  fi
  if [[ $EUID -eq 0 ]]; then chown meetingd: "$(state_root)" "$dir" "$pwfile"; fi
  chmod 700 "$dir"; chmod 600 "$pwfile"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    log "creating PostgreSQL cluster in $data"
    as_owner "$PG_BIN/initdb" -D "$data" -U "$owner" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 >/dev/null
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
fsync = on
log_min_messages = warning
CONF
  fi
  if ! as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$port"
    as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null
  fi
  local pw; pw="$(cat "$pwfile")"
  export PGPASSWORD="$pw"
  if ! psql -h 127.0.0.1 -p "$port" -U "$owner" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U "$owner" -d postgres -qc "CREATE DATABASE \"$db\"" >/dev/null
  fi
  echo "postgresql://$owner:$pw@127.0.0.1:$port/$db"
}

# pg_recreate_db NAME PORT DBNAME: a clean database for a test run.
pg_recreate_db() {
  local name=$1 port=$2 db=$3 owner; owner="$(pg_owner)"
  PGPASSWORD="$(cat "$(state_root)/$name/password")" psql -h 127.0.0.1 -p "$port" -U "$owner" -d postgres -qc \
    "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\"" >/dev/null
}
