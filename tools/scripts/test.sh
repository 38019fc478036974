#!/usr/bin/env bash
# Builds esimctl and runs the whole test suite, as CI does:
#   1. a -Werror build and ctest (unit + integration through pcscd/vpcd),
#   2. an AddressSanitizer + UndefinedBehaviorSanitizer build and the unit
#      tests (label "unit") under it.
# Usage: tools/scripts/test.sh [--no-sanitize]
set -euo pipefail
cd "$(dirname "$0")/../.."

tools/scripts/install-deps.sh

jobs=$(nproc 2>/dev/null || echo 2)
run_suite() {
  local dir=$1 label=$2; shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DESIM_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs" --timeout 300 ${label:+-L "$label"}
}

echo "== build + tests (-Werror) =="
run_suite build/ci ""

if [ "${1:-}" != "--no-sanitize" ]; then
  echo "== build + tests (ASan + UBSan) =="
  # The unit tiers (codec, session, emulator in-process, LPA flows) under
  # the sanitizers; the process-level integration tests run in stage 1.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build/sanitize unit -DESIM_SANITIZE=ON
fi
echo "== all tests passed =="
