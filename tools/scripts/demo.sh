#!/usr/bin/env bash
# The main job, end to end on this machine: install what is missing, build,
# start the eUICC emulator on the demo state as a virtual card behind a real
# pcscd (vsmartcard's vpcd reader) and the test SM-DP+ over TLS, then run
# esimctl as the traveller would: look at the card, download the travel eSIM
# from its activation code, enable it, and after the trip remove it, seeing
# each notification (install, enable, disable, delete) arrive at the SM-DP+,
# and find the receipts.
#
# It runs as root (re-running itself with sudo otherwise): pcscd and the
# SM-DP+ (on port 443, the port real notification addresses imply) run in
# private mount/network namespaces, so nothing clashes with a system pcscd or
# web server and nothing is reachable from outside.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ "$(id -u)" -ne 0 ]; then exec sudo -E "$0" "$@"; fi

if [ -z "${ESIM_DEMO_INNER:-}" ]; then
  tools/scripts/install-deps.sh
  # The build speaks only when it fails: a newcomer's first screen is the
  # demo, not compiler progress. Its whole output is kept in the log.
  mkdir -p build/demo
  log=build/demo/build.log
  echo "demo: building esimctl, euicc-emu and smdpp-emu (Release; log: $log)"
  if ! { cmake -S . -B build/demo -DCMAKE_BUILD_TYPE=Release -DESIM_BUILD_TESTS=OFF &&
         cmake --build build/demo -j"$(nproc 2>/dev/null || echo 2)" \
           --target esimctl euicc-emu smdpp-emu; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "demo: the build failed (above, and in $log)" >&2
    exit 1
  fi
  export ESIM_DEMO_INNER=1
  exec tests/integration/isolate.sh "$0" "$@"
fi

bin=$root/build/demo
work=$(mktemp -d /tmp/esimctl-demo.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

port=35963
if [ ! -S /run/pcscd/pcscd.comm ]; then
  mkdir -p "$work/reader.conf.d"
  printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x%X\nLIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID 0x%X\n' \
    "$port" "$port" > "$work/reader.conf.d/vpcd"
  pcscd --foreground -c "$work/reader.conf.d" >"$work/pcscd.log" 2>&1 &
  pids+=($!)
  echo "demo: started pcscd (pid $!) with a vpcd reader on port $port"
fi

"$bin/tools/euicc-emu/euicc-emu" --state "$work/state.json" --init >/dev/null
pki=$work/pki   # made by --init: test CI, EUM, eUICC, SM-DP+ DPauth/DPpb and TLS certificates

# Without --catalog, smdpp-emu serves its built-in demo order.
"$bin/tools/smdpp-emu/smdpp-emu" --listen 127.0.0.1:443 --cert "$pki/smdp-tls.pem" \
  --key "$pki/smdp-tls.key" --ci "$pki/ci.pem" --pki "$pki" --log "$work/smdp-received.jsonl" \
  >"$work/smdpp.out" 2>"$work/smdpp.err" &
pids+=($!)
echo "demo: started smdpp-emu (pid $!) on https://127.0.0.1:443 for smdp.travel.example"
"$bin/tools/euicc-emu/euicc-emu" --state "$work/state.json" --vpcd "127.0.0.1:$port" \
  2>"$work/emu.log" &
pids+=($!)
echo "demo: started euicc-emu (pid $!) on the demo state"

# Wait until the virtual card is visible through PC/SC (about half a second).
for _ in $(seq 1 100); do
  if "$bin/src/cli/esimctl" --json reader list 2>/dev/null | grep -q '"cardPresent": true'; then
    break
  fi
  sleep 0.1
done

# The travel SM-DP+'s name points at our local server; TLS still checks that
# the certificate is for smdp.travel.example and issued by the test CI.
net=(--ca-file "$pki/ci.pem" --resolve smdp.travel.example:443:127.0.0.1)
export XDG_STATE_HOME=$work/state
run() {
  # Show the command as it would be typed: arguments with spaces quoted.
  local shown=() arg
  for arg in "$@"; do
    case $arg in *[[:space:]]*) shown+=("\"$arg\"") ;; *) shown+=("$arg") ;; esac
  done
  echo
  echo "\$ esimctl ${shown[*]}"
  "$bin/src/cli/esimctl" "$@"
}
activation_code='LPA:1$smdp.travel.example$TRAVEL-DEMO-0001'
run reader list
run chip info
run profile list
echo
echo "The operator's QR code says: $activation_code"
run "${net[@]}" profile download "$activation_code" --yes
iccid=$("$bin/src/cli/esimctl" --json profile list | sed -n 's/.*"iccid": "\(8944[0-9]*\)".*/\1/p' | head -1)
run profile list
run "${net[@]}" profile enable "$iccid"
echo
echo "... after the trip:"
run "${net[@]}" remove "$iccid" --yes
run profile list
run notification list
echo
echo "The SM-DP+ received (from $work/smdp-received.jsonl):"
cat "$work/smdp-received.jsonl"
run receipts
echo
echo "Receipt files:"
cat "$work"/state/esimctl/receipts/*.json
