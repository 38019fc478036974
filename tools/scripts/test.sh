#!/usr/bin/env bash
# Builds esimctl and runs the whole test suite, as CI does:
#   1. g++, -Werror, the Release build users get (-O2, as the demo and
#      `cmake --install` build it: GCC's flow-based warnings such as
#      -Wrestrict and -Wstringop-overread depend on the optimization level,
#      so CI checks the level people build with): every target, and ctest on all
#      tests: unit; integration through a real pcscd/vpcd and TLS on
#      loopback; "docs" (docs/cli.md, the man page and the bash completion in
#      step with esimctl --help); "install" (cmake --install into a scratch
#      prefix, the examples of docs/examples built against it and run,
#      tests/install);
#   2. clang, -Werror, AddressSanitizer + UndefinedBehaviorSanitizer (-O0:
#      clang's warnings come from its front end and are the same at every
#      -O level, ASan misses least unoptimized, and -O1 under ASan costs
#      twice the compile time), built while stage 1's tests run,
#      libFuzzer instrumentation (ESIM_FUZZ): the unit tests (label "unit":
#      codec, session, emulator in-process, LPA flows, ES9+ client) under the
#      sanitizers, and a short fixed run of every fuzz target over its seed
#      corpus (label "fuzz", tests/fuzz).
# Debug info is left out (stage 1) or kept to line tables (stage 2): it is
# most of the compile time and the tests need no more than stack traces.
# Both stages compile our C++ as unity builds (ESIM_UNITY_BUILD): on two
# cores, parsing the same headers once per file was a third of the time.
# The demo (tools/scripts/demo.sh) builds esimctl and the emulators file by
# file, as users do, so a file that compiles only inside a unity batch is
# still caught there.
# Usage: tools/scripts/test.sh [--no-sanitize]
set -euo pipefail
cd "$(dirname "$0")/../.."

tools/scripts/install-deps.sh

jobs=$(nproc 2>/dev/null || echo 2)
start=$SECONDS
stage() { echo "== $* ($((SECONDS - start)) s since start) =="; }

stage "stage 1: g++ -Werror build"
cmake -S . -B build/ci -G Ninja -DCMAKE_BUILD_TYPE=Release -DESIM_WERROR=ON -DESIM_UNITY_BUILD=ON \
  >/dev/null
cmake --build build/ci -j"$jobs"

# Stage 2's build runs beside stage 1's tests: those mostly wait (pcscd,
# TLS, timeouts), using about a third of two cores, so the compiler gets
# the rest at a lower priority than the tests instead of waiting for them.
sanitize_pid=""
sanitize_log=build/sanitize-build.log
if [ "${1:-}" != "--no-sanitize" ]; then
  mkdir -p build
  (
    CC=clang CXX=clang++ cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O0 -g1" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O0 -g1" \
      -DESIM_WERROR=ON -DESIM_SANITIZE=ON -DESIM_FUZZ=ON -DESIM_UNITY_BUILD=ON >/dev/null &&
      nice -n 10 cmake --build build/sanitize -j"$jobs" --target esim_unit_tests esim_fuzz_targets
  ) >"$sanitize_log" 2>&1 &
  sanitize_pid=$!
  # kill_tree stops the build and every compiler it started when a test fails.
  kill_tree() {
    local child
    for child in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$child"; done
    kill -TERM "$1" 2>/dev/null || true
  }
  trap '[ -n "$sanitize_pid" ] && kill_tree "$sanitize_pid"; true' EXIT
  echo "stage 2's clang build started beside the tests (pid $sanitize_pid, log $sanitize_log)"
fi

stage "stage 1: all tests"
ctest --test-dir build/ci --output-on-failure -j"$jobs" --timeout 300

if [ -n "$sanitize_pid" ]; then
  stage "stage 2: clang ASan+UBSan+libFuzzer -Werror build (waiting for it)"
  if ! wait "$sanitize_pid"; then
    sanitize_pid=""
    cat "$sanitize_log"
    echo "stage 2: the clang build failed (above, and in $sanitize_log)" >&2
    exit 1
  fi
  sanitize_pid=""
  stage "stage 2: unit tests and fuzz smoke runs under the sanitizers"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/sanitize --output-on-failure -j"$jobs" --timeout 300 -L 'unit|fuzz'
fi
stage "all tests passed"
