#!/usr/bin/env bash
# timings.sh: whole-command wall times and peak memory of esimctl.
#
#   bench/timings.sh [--build DIR] [--runs N] [--notifications N] [--other 'CMD ...']
#
# 1. `esimctl profile list` through a real pcscd + vpcd + `euicc-emu --vpcd`
#    (and in-process with --emulator): median and minimum of N runs, peak RSS.
#    --other 'CMD ...' times another LPA's command line (e.g. 'lpac profile
#    list') the same way on the same emulated card, when it is installed.
# 2. `esimctl notification process --all` of N pending signed notifications
#    (default 100) against smdpp-emu over TLS: one reused connection versus a
#    new TLS connection per notification (--no-connection-reuse).
# 3. `esimctl profile download` of a ~12 KB profile (bench_upp's synthetic
#    package) through pcscd + vpcd + `euicc-emu --vpcd` from smdpp-emu over
#    TLS, install notification reported: median and minimum of
#    min(N, 10) runs and peak RSS, each on a fresh card state (the emulator
#    is restarted outside the measured time).
#
# Runs as root in private mount and network namespaces (pcscd owns
# /run/pcscd; smdp.travel.example means port 443); the work directory is a
# tmpfs so that the emulator's fsync'ed state saves do not measure the disk.
# Every process it starts is stopped by its PID.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build/bench
runs=20
notifications=100
other=""
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --notifications) notifications=$2; shift 2 ;;
    --other) other=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "timings: unknown option $1" >&2; exit 2 ;;
  esac
done
esimctl=$build/src/cli/esimctl
emu=$build/tools/euicc-emu/euicc-emu
smdpp=$build/tools/smdpp-emu/smdpp-emu
upp=$build/bench/bench_upp
for f in "$esimctl" "$emu" "$smdpp" "$upp"; do
  [ -x "$f" ] || { echo "timings: $f is missing; build it first (bench/run-all.sh)" >&2; exit 2; }
done

if [ -z "${ESIM_BENCH_INNER:-}" ]; then
  if [ "$(id -u)" != 0 ] || ! unshare --mount --net --fork true 2>/dev/null; then
    echo "timings: needs root and unshare (private pcscd and port 443)" >&2
    exit 2
  fi
  export ESIM_BENCH_INNER=1
  exec unshare --mount --net --fork -- /bin/sh -c '
    mkdir -p /run/pcscd && mount -t tmpfs tmpfs /run/pcscd && ip link set lo up && exec "$@"' \
    timings "$0" --build "$build" --runs "$runs" --notifications "$notifications" --other "$other"
fi

work=$(mktemp -d /tmp/esim-timings.XXXXXX)
mount -t tmpfs tmpfs "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  umount "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

have_time=0
[ -x /usr/bin/time ] && have_time=1

# timed LABEL CMD...: runs CMD $runs times (output discarded, failure fatal)
# and prints median and minimum wall time in ms and the largest peak RSS.
# The functions named by $before and $after (if set) run around each run,
# outside the measured time.
before=""
after=""
timed() {
  local label=$1; shift
  local times=() rss=0 i start end kb
  for ((i = 0; i < runs; i++)); do
    [ -z "$before" ] || "$before"
    start=$(date +%s%N)
    if [ $have_time = 1 ]; then
      /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/out" 2>"$work/err" || { cat "$work/out" "$work/err" >&2; return 1; }
      kb=$(tail -1 "$work/rss"); [ "$kb" -gt "$rss" ] && rss=$kb
    else
      "$@" >"$work/out" 2>"$work/err" || { cat "$work/out" "$work/err" >&2; return 1; }
    fi
    end=$(date +%s%N)
    [ -z "$after" ] || "$after"
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n >"$work/sorted"
  local median min
  min=$(head -1 "$work/sorted")
  median=$(sed -n "$(((runs + 1) / 2))p" "$work/sorted")
  printf '%-44s runs %3d  median %8.2f ms  min %8.2f ms  peak RSS %s\n' "$label" "$runs" \
    "$(echo "$median / 1000" | bc -l)" "$(echo "$min / 1000" | bc -l)" \
    "$([ $have_time = 1 ] && echo "$((rss)) KiB" || echo "n/a (no /usr/bin/time)")"
}

"$emu" --state "$work/template/card.json" --init >/dev/null 2>"$work/init.log"
pki=$work/template/pki
export XDG_STATE_HOME=$work/xdg # the download's receipts

# ---- 1. profile list through pcscd + vpcd ----
port=35963
mkdir -p "$work/reader.conf.d"
printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x%X\nLIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID 0x%X\n' \
  "$port" "$port" >"$work/reader.conf.d/vpcd"
pcscd --foreground -c "$work/reader.conf.d" >"$work/pcscd.log" 2>&1 &
pids+=($!)
# start_card STATE: euicc-emu on STATE as the vpcd card, waited for in pcscd.
emu_pid=""
start_card() {
  "$emu" --state "$1" --vpcd "127.0.0.1:$port" 2>"$work/emu.log" &
  emu_pid=$!
  pids+=($emu_pid)
  local ready=0
  for _ in $(seq 1 100); do
    if "$esimctl" --json reader list 2>/dev/null | grep -q '"cardPresent": true'; then ready=1; break; fi
    sleep 0.1
  done
  [ $ready = 1 ] || { echo "timings: the emulated card did not appear in pcscd" >&2; cat "$work/emu.log" >&2; exit 1; }
}
stop_card() {
  kill -TERM "$emu_pid" 2>/dev/null || true
  wait "$emu_pid" 2>/dev/null || true
  # pcscd must see the card go before the next one comes
  for _ in $(seq 1 50); do
    "$esimctl" --json reader list 2>/dev/null | grep -q '"cardPresent": true' || break
    sleep 0.1
  done
}
cp -r "$work/template" "$work/pcsc"
start_card "$work/pcsc/card.json"

echo "== profile list (demo card: 2 profiles) =="
timed "esimctl profile list (pcscd + vpcd)" "$esimctl" profile list
timed "esimctl --json profile list (pcscd + vpcd)" "$esimctl" --json profile list
timed "esimctl chip info (pcscd + vpcd)" "$esimctl" chip info
timed "esimctl --emulator profile list (in-process)" "$esimctl" --emulator "$work/template/card.json" profile list
if [ -n "$other" ]; then
  read -r -a other_argv <<<"$other"
  if command -v "${other_argv[0]}" >/dev/null 2>&1; then
    timed "other: $other" "${other_argv[@]}"
  else
    echo "other: ${other_argv[0]} is not installed; nothing to compare"
  fi
else
  echo "other LPA: none given (--other 'CMD ...'); lpac is $(command -v lpac >/dev/null && echo installed || echo 'not installed here')"
fi

# ---- 2. notifications over TLS ----
echo
echo "== notification process --all of $notifications notifications (smdpp-emu, TLS on loopback) =="
# The travel profile reports enable and disable to smdp.travel.example: each
# disable or enable the card performs makes one signed notification.
cp -r "$work/template" "$work/pending"
pending_state=$work/pending/card.json
count() { "$esimctl" --json --emulator "$pending_state" notification list | grep -c '"seqNumber"' || true; }
have=$(count)
op=disable
while [ "$have" -lt "$notifications" ]; do
  "$esimctl" --emulator "$pending_state" profile $op 8981100000000000002 --no-report >/dev/null
  [ $op = disable ] && op=enable || op=disable
  have=$((have + 1))
done
have=$(count)
echo "prepared $have signed notifications"
[ "$have" -eq "$notifications" ] || { echo "timings: expected $notifications notifications, found $have" >&2; exit 1; }

# The catalog of section 3: the ~12 KB synthetic package, served again and again.
"$upp" 8944476500000000013 8 "$work/bench-12k.der" >"$work/bench-12k.size"
printf '{"profiles": [{"matchingId": "BENCH-12K", "profilePackage": "bench-12k.der", "reusable": true,\n  "metadata": {"iccid": "8944476500000000013", "serviceProviderName": "esimctl Bench", "profileName": "Bench 12 KB"}}]}\n' \
  >"$work/catalog.json"
"$smdpp" --listen 127.0.0.1:443 --cert "$pki/smdp-tls.pem" --key "$pki/smdp-tls.key" \
  --ci "$pki/ci.pem" --pki "$pki" --catalog "$work/catalog.json" --log "$work/smdp.jsonl" \
  >"$work/smdpp.out" 2>"$work/smdpp.err" &
pids+=($!)
for _ in $(seq 1 100); do grep -q listening "$work/smdpp.out" 2>/dev/null && break; sleep 0.05; done

net=(--ca-file "$pki/ci.pem" --resolve smdp.travel.example:443:127.0.0.1)
process_runs=$(( runs < 5 ? runs : 5 ))
# fresh_pending / check_delivered run around each timed run: a fresh copy of
# the pending state, then a check that the SM-DP+ accepted every one.
fresh_pending() {
  rm -rf "$work/p"; cp -r "$work/pending" "$work/p"
  : >"$work/smdp.jsonl"
}
check_delivered() {
  local accepted; accepted=$(wc -l <"$work/smdp.jsonl")
  if [ "$accepted" -ne "$notifications" ]; then
    echo "timings: the SM-DP+ accepted $accepted of $notifications" >&2; exit 1
  fi
  grep -o '"clientPort":[0-9]*' "$work/smdp.jsonl" | sort -u | wc -l >"$work/connections"
}
before=fresh_pending
after=check_delivered
saved_runs=$runs
runs=$process_runs
timed "process --all, one reused connection" \
  "$esimctl" "${net[@]}" --emulator "$work/p/card.json" notification process --all
echo "    TCP connections seen by the SM-DP+ (last run): $(cat "$work/connections")"
timed "process --all, new TLS connection each" \
  "$esimctl" "${net[@]}" --no-connection-reuse --emulator "$work/p/card.json" notification process --all
echo "    TCP connections seen by the SM-DP+ (last run): $(cat "$work/connections")"
runs=$saved_runs
before=""
after=""

# ---- 3. profile download through pcscd + vpcd, TLS ----
echo
echo "== profile download of a $(cat "$work/bench-12k.size")-byte profile package (pcscd + vpcd, smdpp-emu over TLS) =="
# Each run gets a fresh card (the profile would exist already): the
# emulator is restarted on a copy of the template before the run.
fresh_card() {
  stop_card
  rm -rf "$work/dl"; cp -r "$work/template" "$work/dl"
  : >"$work/smdp.jsonl"
  start_card "$work/dl/card.json"
}
check_installed() {
  grep -q 'Installed 8944476500000000013' "$work/out" ||
    { echo "timings: the download did not install the profile" >&2; cat "$work/out" "$work/err" >&2; exit 1; }
  grep -q '"signatureValid": *true' "$work/smdp.jsonl" ||
    { echo "timings: the SM-DP+ did not accept the install notification" >&2; exit 1; }
}
before=fresh_card
after=check_installed
saved_runs=$runs
runs=$(( runs < 10 ? runs : 10 ))
timed "profile download 12 KB (pcscd + vpcd, TLS)" \
  "$esimctl" "${net[@]}" profile download 'LPA:1$smdp.travel.example$BENCH-12K' --yes
runs=$saved_runs
before=""
after=""
