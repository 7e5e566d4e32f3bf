#!/usr/bin/env bash
# Builds the libFuzzer targets (Clang, ASan + UBSan) in their own build folder and runs each
# for a bounded time. First every committed corpus file is replayed whole (the regression
# inputs of past crashes among them), then the fuzzer mutates from the corpus.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   FUZZ_SECONDS=600 tests/fuzz/run.sh          # longer on demand (default 15 s a target)
#   MEETINGD_FUZZ_BUILD_DIR=...                 # default build-fuzz/ in the repository
#
# New inputs the fuzzer finds go to the build folder (build-fuzz/corpus/TARGET), never into
# the committed seeds; a crash leaves build-fuzz/artifacts/TARGET/crash-* and exits non-zero.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${MEETINGD_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-${FUZZ_SECONDS:-15}}"
shift || true
all=(json_request_fuzz time_text_fuzz recurrence_fuzz ics_fuzz rtp_fuzz rtp_stats_fuzz h264_depacketizer_fuzz)
targets=("${@:-${all[@]}}")
# The slowest input any target may take before it counts as a hang (libical's searches
# under ASan on a busy 2-core machine take several seconds; a real hang takes forever).
timeout_s="${FUZZ_TIMEOUT:-25}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  launcher=()
  if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake -S "$root" -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMEETINGD_BUILD_FUZZ=ON -DMEETINGD_BUILD_TESTS=OFF -DMEETINGD_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
fi
log "building the fuzz targets in $build_dir"
args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done
cmake --build "$build_dir" -j"$(nproc)" "${args[@]}"

failed=()
summary=()
for t in "${targets[@]}"; do
  bin="$build_dir/tests/fuzz/$t"
  seeds="$root/tests/fuzz/corpus/$t"
  work="$build_dir/corpus/$t"
  artifacts="$build_dir/artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  log "$t: replaying $(find "$seeds" -type f | wc -l) committed inputs, then fuzzing ${seconds}s"
  if ! "$bin" -timeout="$timeout_s" -rss_limit_mb=2048 "$seeds"/* >"$build_dir/$t.replay.log" 2>&1; then
    tail -40 "$build_dir/$t.replay.log" >&2
    failed+=("$t (a committed input)")
    continue
  fi
  dict=()
  if [[ -f "$root/tests/fuzz/$t.dict" ]]; then dict=(-dict="$root/tests/fuzz/$t.dict"); fi
  if "$bin" -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" "$work" "$seeds" >"$build_dir/$t.log" 2>&1; then
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$build_dir/$t.log")"
    summary+=("$(printf '%-24s %10s runs in %ss, corpus %s' "$t" "${runs:-?}" "$seconds" "$(find "$work" -type f | wc -l)")")
  else
    grep -E 'ERROR|property broken|runtime error|SUMMARY' "$build_dir/$t.log" | head -5 >&2 || true
    failed+=("$t (see $build_dir/$t.log and $artifacts)")
  fi
done

log "fuzzing summary"
printf '  %s\n' "${summary[@]}" >&2
if ((${#failed[@]})); then
  printf '  FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
