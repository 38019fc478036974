#!/usr/bin/env bash
# The main job, end to end on this machine: install what is missing, build,
# start the eUICC emulator on the demo state as a virtual card behind a real
# pcscd (vsmartcard's vpcd reader), and run esimctl against it as a user would.
#
# As root, pcscd runs in private mount/network namespaces so it never clashes
# with a system pcscd; otherwise a running pcscd with the stock vpcd reader
# (port 35963) is used, or one is started.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

if [ -z "${ESIM_DEMO_INNER:-}" ]; then
  tools/scripts/install-deps.sh
  cmake -S . -B build/demo -DCMAKE_BUILD_TYPE=Release -DESIM_BUILD_TESTS=OFF >/dev/null
  cmake --build build/demo -j"$(nproc 2>/dev/null || echo 2)" --target esimctl euicc-emu
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

run() {
  echo
  echo "\$ esimctl $*"
  "$bin/src/cli/esimctl" "$@"
}
run reader list
run chip info
run profile list
