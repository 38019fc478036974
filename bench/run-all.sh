#!/usr/bin/env bash
# run-all.sh: configure a Release (-O2) build with the benchmarks into
# build/bench, build what they need, and run every benchmark: the codec and
# emulator micro-benchmarks (with the download's load throughput), the ES9+
# delivery benchmark, the APDU counts (of a profile download too), and the
# whole-command timings (profile download included).
#
#   bench/run-all.sh [--other 'CMD ...'] [--runs N]
#
# Extra options go to timings.sh. Uses clang when installed (faster to
# build); set CC/CXX to choose. Takes a few minutes on 2 cores; run it on an
# otherwise idle machine for figures worth recording in docs/performance.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build/bench
if [ -z "${CXX:-}" ] && command -v clang++ >/dev/null 2>&1; then
  export CC=clang CXX=clang++
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG" \
  -DESIM_BUILD_TESTS=OFF -DESIM_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" \
  --target esimctl euicc-emu smdpp-emu codec_bench emulator_bench es9p_bench bench_upp

echo "== machine =="
lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core)' || true
uname -sr
"${CXX:-c++}" --version | head -1
echo
echo "== codec_bench =="
"$build/bench/codec_bench"
echo
echo "== emulator_bench =="
"$build/bench/emulator_bench"
echo
echo "== es9p_bench =="
"$build/bench/es9p_bench" --benchmark_repetitions=3
echo
echo "== apdu_count =="
"$root/bench/apdu_count.sh" --build "$build"
echo
echo "== download_apdu_count =="
"$root/bench/download_apdu_count.sh" --build "$build"
echo
echo "== timings =="
"$root/bench/timings.sh" --build "$build" "$@"
