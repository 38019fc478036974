#!/usr/bin/env bash
# Runs one fuzz target for a fixed number of inputs over its seed corpus, as
# the ctest smoke tests (label "fuzz") do:
#   run_smoke.sh TARGET SEED_DIR RUNS ARTIFACT_PREFIX [libFuzzer options...]
# libFuzzer writes new inputs into the FIRST corpus directory it is given, so
# that is a fresh temporary directory (removed at exit); the seed directory
# comes second and is only read. A crash is saved as ARTIFACT_PREFIX-crash-*.
set -euo pipefail
target=$1 seeds=$2 runs=$3 prefix=$4
shift 4
work=$(mktemp -d "${TMPDIR:-/tmp}/esim-fuzz-smoke-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$prefix")"
exec_status=0
"$target" -runs="$runs" -seed=1 -print_final_stats=1 -artifact_prefix="$prefix-" "$@" \
  "$work" "$seeds" || exec_status=$?
exit "$exec_status"
