# Shared steps of deploy/run and deploy/test. Each step is idempotent and quick when
# there is nothing to do. Source this file; it defines functions only.

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Where the private PostgreSQL cluster and other state live (outside the clone, so that a
# clone in a private folder still works for the unprivileged database user).
state_root() {
  if [[ -n "${MEETINGD_STATE_DIR:-}" ]]; then echo "$MEETINGD_STATE_DIR"
  elif [[ $EUID -eq 0 ]]; then echo /var/lib/meetingd
  else echo "${XDG_STATE_HOME:-$HOME/.local/state}/meetingd"; fi
}

install_deps() {
  if [[ $EUID -eq 0 ]]; then
    "$(repo_root)/deploy/lib/install-deps.sh"
  else
    log "not root: skipping package installation (run as root once to install)"
  fi
}

# build [targets...]: configure once, then build incrementally.
build() {
  local root build_dir
  root="$(repo_root)"; build_dir="${MEETINGD_BUILD_DIR:-$root/build}"
  if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
    log "configuring in $build_dir"
    local launcher=()
    # ccache, where installed, makes rebuilds in a second clone of the repository cheap.
    if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
    cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
  fi
  # Lets ccache share objects between clones of the repository side by side.
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$root")}" CCACHE_NOHASHDIR=true
  log "building ${*:-everything}"
  local args=()
  for t in "$@"; do args+=(--target "$t"); done
  cmake --build "$build_dir" -j"$(nproc)" "${args[@]}"
}
