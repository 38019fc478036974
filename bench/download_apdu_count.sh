#!/usr/bin/env bash
# download_apdu_count.sh: C-APDUs of `esimctl profile download` of a ~12 KB
# profile against the lower bound, at --mss 255 and 120 (see
# apdu_trace.awk and docs/performance.md).
#
#   bench/download_apdu_count.sh [--build DIR]      (default DIR: build/bench)
#
# Profiles: "synthetic-12k" (bench_upp: smdpp-emu's demo package with 8
# filler elements, 12,230 bytes) and, when ../shared/profiles (or
# $ESIM_SHARED_PROFILES) holds it, the GSMA TS.48 v2 test profile
# TS48v2_SAIP2.3_NoBERTLV.der (12,251 bytes); skipped and said so when
# absent. Each download runs on a fresh `euicc-emu --init` state with
# `esimctl --trace --mss N --emulator STATE` against smdpp-emu over TLS with
# a catalog of both (its metadata ICCID is the package's ProfileHeader
# ICCID, as the catalog checks). smdp.travel.example means port 443: runs
# in private mount and network namespaces (root and unshare needed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build/bench
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "download_apdu_count: unknown option $1" >&2; exit 2 ;;
  esac
done
esimctl=$build/src/cli/esimctl
emu=$build/tools/euicc-emu/euicc-emu
smdpp=$build/tools/smdpp-emu/smdpp-emu
upp=$build/bench/bench_upp
for f in "$esimctl" "$emu" "$smdpp" "$upp"; do
  [ -x "$f" ] || { echo "download_apdu_count: $f is missing; build it first (bench/run-all.sh)" >&2; exit 2; }
done
shared=${ESIM_SHARED_PROFILES:-$root/../shared/profiles}
[ -d "$shared" ] || shared=/work/shared/profiles

if [ -z "${ESIM_BENCH_INNER:-}" ]; then
  if [ "$(id -u)" != 0 ] || ! unshare --mount --net --fork true 2>/dev/null; then
    echo "download_apdu_count: needs root and unshare (a private port 443)" >&2
    exit 2
  fi
  export ESIM_BENCH_INNER=1 ESIM_SHARED_PROFILES=$shared
  exec unshare --mount --net --fork -- /bin/sh -c 'ip link set lo up && exec "$@"' \
    download_apdu_count "$0" --build "$build"
fi

work=$(mktemp -d /tmp/esim-download-apdus.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$emu" --state "$work/template/card.json" --init >/dev/null 2>"$work/init.log"
pki=$work/template/pki

# The catalog: matching ID -> package, metadata ICCID from its ProfileHeader.
variants=(synthetic-12k)
"$upp" 8944476500000000013 8 "$work/synthetic-12k.der" >/dev/null
ts48=$shared/TS48v2_SAIP2.3_NoBERTLV.der
if [ -r "$ts48" ]; then
  cp "$ts48" "$work/ts48v2.der"
  variants+=(ts48v2)
else
  echo "ts48v2: skipped ($ts48 is absent)"
fi
{
  echo '{"profiles": ['
  sep=""
  for v in "${variants[@]}"; do
    iccid=$("$upp" --iccid "$work/$v.der")
    printf '%s{"matchingId": "BENCH-%s", "profilePackage": "%s.der", "reusable": true,\n' "$sep" "$v" "$v"
    printf '  "metadata": {"iccid": "%s", "serviceProviderName": "esimctl Bench", "profileName": "%s"}}\n' "$iccid" "$v"
    sep=","
  done
  echo ']}'
} >"$work/catalog.json"

"$smdpp" --listen 127.0.0.1:443 --cert "$pki/smdp-tls.pem" --key "$pki/smdp-tls.key" \
  --ci "$pki/ci.pem" --pki "$pki" --catalog "$work/catalog.json" \
  >"$work/smdpp.out" 2>"$work/smdpp.err" &
pids+=($!)
for _ in $(seq 1 100); do grep -q listening "$work/smdpp.out" 2>/dev/null && break; sleep 0.05; done
grep -q listening "$work/smdpp.out" || { echo "download_apdu_count: smdpp-emu did not start" >&2; cat "$work/smdpp.err" >&2; exit 1; }

printf '%-14s %4s %6s %9s %8s %8s %8s  %9s %6s %5s %5s %7s %7s %6s %6s\n' profile mss C-APDUs \
  bytes-out bytes-in ES10 bound "BPP-bytes" split sent match "blocks" "b-bound" GR "GR-bnd"
n=0
for v in "${variants[@]}"; do
  for mss in 255 120; do
    n=$((n + 1))
    cp -r "$work/template" "$work/run$n"
    name=$v.mss$mss
    if ! "$esimctl" --trace --mss "$mss" --emulator "$work/run$n/card.json" --ca-file "$pki/ci.pem" \
        --resolve smdp.travel.example:443:127.0.0.1 profile download \
        "LPA:1\$smdp.travel.example\$BENCH-$v" --yes >"$work/$name.out" 2>"$work/$name.trace"; then
      echo "download_apdu_count: the download of $v failed:" >&2
      cat "$work/$name.out" >&2; grep -v '^[<>]' "$work/$name.trace" >&2 || true
      exit 1
    fi
    awk -v mss="$mss" -f "$here/apdu_trace.awk" "$work/$name.trace" >"$work/$name.exchanges"
    # shellcheck disable=SC2046,SC2086
    local_vars=$(grep '^summary' "$work/$name.exchanges" | cut -d' ' -f2-; grep '^bpp' "$work/$name.exchanges" | cut -d' ' -f2-)
    eval "$(echo "$local_vars" | tr ' ' '\n' | grep '=' | grep -v '^functions=')"
    printf '%-14s %4d %6d %9d %8d %8d %8d  %9d %6d %5d %5s %7d %7d %6d %6d\n' "$v" "$mss" "$capdus" \
      "$bytes_out" "$bytes_in" "$es10_apdus" "$es10_bound" "$bytes" "$split_commands" \
      "$commands_sent" "$split_match" "$store_data_sent" "$bpp_block_bound" "$get_response_sent" \
      "$get_response_bound"
    {
      echo "$name: session APDUs $session_apdus (MANAGE CHANNEL $manage_channel, SELECT $select," \
        "GET RESPONSE of the FCI $select_get_response, other $other); BPP as one command would" \
        "need $one_command_bound blocks; the BF37 is $result_bytes bytes"
      grep '^exchange' "$work/$name.exchanges" | grep -v ' LoadBPP-' | sed 's/^/    /'
      echo "    + $((commands_sent - 1)) LoadBPP continuation commands (A0, A1, 88, A3, 86)"
      [ "$es10_apdus" -le "$es10_bound" ] || echo "    $name: $((es10_apdus - es10_bound)) ES10 APDUs above the bound"
    } >>"$work/details"
  done
done
echo
echo "ES10 = STORE DATA blocks + GET RESPONSEs of every ES10 exchange of the download; bound ="
echo "sum of ceil(request/mss) + ceil(answer/256). BPP: bytes of the BoundProfilePackage rebuilt"
echo "from the trace; split = ES10b commands SGP.22's split of that BPP requires, sent = commands"
echo "esimctl sent, match = same lengths in order; blocks = STORE DATA blocks of the load, b-bound"
echo "= sum of ceil(command/mss) over the split; GR = GET RESPONSEs of the load (the BF37)."
echo "C-APDUs also count the 3 session APDUs (MANAGE CHANNEL open/close, SELECT ISD-R)."
echo
cat "$work/details"
echo "    (smdpp-emu: $(grep -c '"kind": *"getBoundProfilePackage"' "$work/smdpp.err" || true) BPPs served)"
