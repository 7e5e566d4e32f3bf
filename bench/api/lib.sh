# Shared steps of the API benchmarks (source it after deploy/lib/common.sh and pg.sh).
# Uses the caller's variables: root, BUILD, out (a temporary folder), data (the cluster's
# data folder), server_pid and cluster_started (set by the caller as it starts them).

# On exit: stops meetingd (SIGTERM, then SIGKILL after 10 s) and the cluster if this run
# started it, shows the server log's tail on failure, removes `out`.
bench_cleanup() {
  local rc=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null
  fi
  if [[ $cluster_started == 1 ]]; then as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true; fi
  [[ $rc != 0 ]] && [[ -f "$out/meetingd.log" ]] && tail -20 "$out/meetingd.log" >&2
  rm -rf "$out"
  exit "$rc"
}

# Builds meetingd (Release) in BUILD unless SKIP_BUILD=1.
bench_build_meetingd() {
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    [[ -f "$BUILD/CMakeCache.txt" ]] || cmake -S "$root" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD" --target meetingd -j2
  fi
}
