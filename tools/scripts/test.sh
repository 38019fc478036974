#!/usr/bin/env bash
# Builds esimctl and runs the whole test suite, as CI does:
#   1. g++, -Werror, optimized (-O1: a quarter less compile time than -O2,
#      and GCC's flow-based warnings are on): every target, and ctest on all
#      tests: unit; integration through a real pcscd/vpcd and TLS on
#      loopback; "docs" (docs/cli.md, the man page and the bash completion in
#      step with esimctl --help); "install" (cmake --install into a scratch
#      prefix, the examples of docs/examples built against it and run,
#      tests/install);
#   2. clang, -Werror, AddressSanitizer + UndefinedBehaviorSanitizer (-O1),
#      libFuzzer instrumentation (ESIM_FUZZ): the unit tests (label "unit":
#      codec, session, emulator in-process, LPA flows, ES9+ client) under the
#      sanitizers, and a short fixed run of every fuzz target over its seed
#      corpus (label "fuzz", tests/fuzz).
# Debug info is left out (stage 1) or kept to line tables (stage 2): it is
# most of the compile time and the tests need no more than stack traces.
# Usage: tools/scripts/test.sh [--no-sanitize]
set -euo pipefail
cd "$(dirname "$0")/../.."

tools/scripts/install-deps.sh

jobs=$(nproc 2>/dev/null || echo 2)
start=$SECONDS
stage() { echo "== $* ($((SECONDS - start)) s since start) =="; }

stage "stage 1: g++ -Werror build"
cmake -S . -B build/ci -G Ninja -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELEASE=-O1 -DNDEBUG" \
  -DESIM_WERROR=ON >/dev/null
cmake --build build/ci -j"$jobs"
stage "stage 1: all tests"
ctest --test-dir build/ci --output-on-failure -j"$jobs" --timeout 300

if [ "${1:-}" != "--no-sanitize" ]; then
  stage "stage 2: clang ASan+UBSan+libFuzzer -Werror build"
  CC=clang CXX=clang++ cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1" \
    -DESIM_WERROR=ON -DESIM_SANITIZE=ON -DESIM_FUZZ=ON >/dev/null
  cmake --build build/sanitize -j"$jobs" --target esim_unit_tests esim_fuzz_targets
  stage "stage 2: unit tests and fuzz smoke runs under the sanitizers"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/sanitize --output-on-failure -j"$jobs" --timeout 300 -L 'unit|fuzz'
fi
stage "all tests passed"
