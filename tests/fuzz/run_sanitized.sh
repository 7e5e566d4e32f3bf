#!/usr/bin/env bash
# The test suites built with ASan + UBSan (GCC) in their own build folder, then run by CTest.
#
#   tests/fuzz/run_sanitized.sh          # the pure unit suites (CTest label "unit"): deploy/test
#   tests/fuzz/run_sanitized.sh all      # every suite (needs DATABASE_URL etc. as deploy/test sets)
#   MEETINGD_ASAN_BUILD_DIR=...          # default build-asan/ in the repository
#
# Any report fails the test: UBSan does not recover, ASan stops at the first error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${MEETINGD_ASAN_BUILD_DIR:-$root/build-asan}"
scope="${1:-unit}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  launcher=()
  if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEETINGD_SANITIZE=ON \
    -DMEETINGD_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# GLib and GStreamer keep type registries and plugin caches for the process's life.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0}"
cd "$build_dir"
if [[ "$scope" == all ]]; then
  log "building every suite with ASan + UBSan in $build_dir"
  cmake --build . -j"$(nproc)"
  log "running every suite under ASan + UBSan"
  ctest --output-on-failure --timeout 1800 -j"$(nproc)"
else
  log "building the unit suites with ASan + UBSan in $build_dir"
  cmake --build . -j"$(nproc)" --target media_core_tests scheduler_unit_tests api_unit_tests
  log "running the unit suites under ASan + UBSan"
  ctest --output-on-failure --timeout 900 -j"$(nproc)" -L unit
fi
