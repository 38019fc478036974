#!/usr/bin/env bash
# apdu_count.sh: APDUs and bytes per esimctl operation against the in-process
# emulator, beside the lower bound (see apdu_trace.awk and
# docs/performance.md).
#
#   bench/apdu_count.sh [--build DIR]      (default DIR: build/bench)
#
# Each operation runs on a fresh `euicc-emu --init` bench state with
# `esimctl --trace --emulator STATE`. "delete + report" is `esimctl remove`
# of the enabled travel profile, which reports its notifications to
# smdpp-emu over TLS; smdp.travel.example means port 443, so that part runs
# in private mount and network namespaces (root and unshare needed; without
# them it is skipped and said so).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build/bench
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "apdu_count: unknown option $1" >&2; exit 2 ;;
  esac
done
esimctl=$build/src/cli/esimctl
emu=$build/tools/euicc-emu/euicc-emu
smdpp=$build/tools/smdpp-emu/smdpp-emu
for f in "$esimctl" "$emu" "$smdpp"; do
  [ -x "$f" ] || { echo "apdu_count: $f is missing; build it first (bench/run-all.sh)" >&2; exit 2; }
done

# The network part needs port 443 on a private loopback: re-run inside
# namespaces once, as tests/integration/isolate.sh does.
if [ -z "${ESIM_BENCH_INNER:-}" ] && [ "$(id -u)" = 0 ] && unshare --mount --net --fork true 2>/dev/null; then
  export ESIM_BENCH_INNER=1
  exec unshare --mount --net --fork -- /bin/sh -c 'ip link set lo up && exec "$@"' apdu_count \
    "$0" --build "$build"
fi

work=$(mktemp -d /tmp/esim-apdu-count.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$emu" --state "$work/template/card.json" --init >/dev/null 2>"$work/init.log"
pki=$work/template/pki

# fresh_state copies the template (state + PKI) to a new directory and
# prints the state file's path.
n=0
fresh_state() {
  n=$((n + 1))
  cp -r "$work/template" "$work/run$n"
  echo "$work/run$n/card.json"
}

printf '%-16s %6s %9s %8s %9s %8s %8s %8s  %s\n' operation C-APDUs bytes-out bytes-in exchanges \
  ES10 bound session "ES10 functions"
report() { # report NAME TRACEFILE
  local summary
  summary=$(awk -f "$here/apdu_trace.awk" "$2" | tee "$work/$1.exchanges" | grep '^summary')
  # shellcheck disable=SC2086
  local $(echo "$summary" | cut -d' ' -f2-)
  printf '%-16s %6d %9d %8d %9d %8d %8d %8d  %s\n' "$1" "$capdus" "$bytes_out" "$bytes_in" \
    "$exchanges" "$es10_apdus" "$es10_bound" "$session_apdus" "$functions"
  grep '^exchange' "$work/$1.exchanges" | sed 's/^/    /' >>"$work/details"
  echo "    (session: MANAGE CHANNEL $manage_channel, SELECT $select, GET RESPONSE of the FCI $select_get_response, other $other)" >>"$work/details"
  if [ "$es10_apdus" -gt "$es10_bound" ]; then
    echo "    $1: $((es10_apdus - es10_bound)) ES10 APDUs above the bound" >>"$work/details"
  fi
}

run_op() { # run_op NAME esimctl-args...
  local name=$1; shift
  local state; state=$(fresh_state)
  echo "$name:" >>"$work/details"
  if ! "$esimctl" --trace --emulator "$state" "$@" >"$work/$name.out" 2>"$work/$name.trace"; then
    echo "apdu_count: esimctl $* failed:" >&2
    cat "$work/$name.out" "$work/$name.trace" >&2
    exit 1
  fi
  report "$name" "$work/$name.trace"
}

run_op chip-info chip info
run_op profile-list profile list
run_op notif-list notification list

if [ -n "${ESIM_BENCH_INNER:-}" ]; then
  "$smdpp" --listen 127.0.0.1:443 --cert "$pki/smdp-tls.pem" --key "$pki/smdp-tls.key" \
    --ci "$pki/ci.pem" --log "$work/smdp.jsonl" >"$work/smdpp.out" 2>"$work/smdpp.err" &
  pids+=($!)
  for _ in $(seq 1 100); do grep -q listening "$work/smdpp.out" 2>/dev/null && break; sleep 0.05; done
  run_op delete+report --ca-file "$pki/ci.pem" --resolve smdp.travel.example:443:127.0.0.1 \
    remove 8981100000000000002 --yes --receipt-dir "$work/receipts"
  echo "    (smdpp-emu accepted $(wc -l <"$work/smdp.jsonl") notification(s))" >>"$work/details"
else
  echo "delete+report: skipped (needs root and unshare for a private port 443)"
fi
echo
echo "ES10 = STORE DATA blocks + GET RESPONSEs of the ES10 exchanges; bound = sum over the"
echo "exchanges of ceil(request/255) + ceil(answer/256); session = MANAGE CHANNEL open/close,"
echo "SELECT ISD-R and the GET RESPONSE of its FCI (once per command)."
echo
cat "$work/details"
