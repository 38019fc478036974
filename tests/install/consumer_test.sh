#!/usr/bin/env bash
# consumer_test.sh: installs the build into a scratch prefix and uses it the
# way a device maker would (issue 6: "a consumer project builds and runs
# against the installed package"):
#   1. the installed tree: headers, libesim.so.0 (SONAME), libesim.a, esim.pc,
#      esimConfig.cmake, the programs, the PKI script;
#   2. libesim.so exports only esim:: and esim_* (no asn1c), links no libcurl;
#   3. every installed header compiles on its own and reaches no asn1c, curl,
#      pcsc-lite or OpenSSL header;
#   4. each example in EXAMPLES is built against the prefix four ways:
#      find_package + esim::esim, find_package + esim::esim_static,
#      pkg-config (shared), pkg-config --static;
#   5. every build runs against the INSTALLED euicc-emu, a virtual card behind
#      a real pcscd + vpcd, and must print exactly the ICCIDs of the
#      emulator's state, one "profile ICCID ..." line each; and fail cleanly
#      (exit 1, "error reader-not-found") for a reader that does not exist;
#   6. the AT modem example (its own esim::ApduTransport) is built against the
#      prefix and lists the same profiles through the installed
#      euicc-emu --at-pty;
#   7. each download example in DOWNLOAD_EXAMPLES is built the same four ways
#      and downloads the demo profile from the INSTALLED smdpp-emu over TLS
#      into the installed euicc-emu through pcscd + vpcd (the profile is
#      deleted again after each run), and fails cleanly (exit 2, usage) without
#      an activation code.
# Usage: consumer_test.sh BUILD_DIR SOURCE_DIR LIBDIR
# Run it through tests/integration/isolate.sh (ctest does): pcscd always uses
# /run/pcscd. Exit status 0 when every check passes, 1 otherwise.
set -euo pipefail

# EXAMPLES: the consumer projects under docs/examples/, each a CMake project
# (option ESIM_EXAMPLE_STATIC) with one main.cpp (C++) or main.c (C) that takes
# an optional reader name and prints "EID <32 hex digits>" and one line
# "profile <ICCID> ..." per profile, or "error <id>: ..." and exits 1.
# A new example needs only its name here.
EXAMPLES=(cpp-list-profiles c-list-profiles)
# DOWNLOAD_EXAMPLES take [--reader NAME] [--ca-file PEM] [--resolve HOST:PORT:ADDR]
# [--yes] ACTIVATION_CODE and print "installed <ICCID>" and "notification
# delivered" on success.
DOWNLOAD_EXAMPLES=(cpp-download-profile c-download-profile)

build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
libdir_rel=$3
work=$(mktemp -d /tmp/esim-install-test.XXXXXX)
prefix=$work/prefix
libdir=$prefix/$libdir_rel
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $* ($SECONDS s)"; }

step "cmake --install into $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" || {
  cat "$work/install.log"; fail "cmake --install"; }

step "installed tree"
for f in include/esim/error.hpp include/esim/euicc.hpp include/esim/transport.hpp \
         "$libdir_rel/libesim.so.0" "$libdir_rel/libesim.so" "$libdir_rel/libesim.a" \
         "$libdir_rel/pkgconfig/esim.pc" "$libdir_rel/cmake/esim/esimConfig.cmake" \
         "$libdir_rel/cmake/esim/esimConfigVersion.cmake" "$libdir_rel/cmake/esim/esimTargets.cmake" \
         bin/esimctl bin/euicc-emu bin/smdpp-emu share/esim/make-test-pki.sh; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
# The man page and the bash completion.
[ -f "$prefix/share/man/man1/esimctl.1" ] || fail "not installed: share/man/man1/esimctl.1"
[ -f "$prefix/share/bash-completion/completions/esimctl" ] ||
  fail "not installed: share/bash-completion/completions/esimctl"
for doc in architecture cli embedding emulator emulator-download troubleshooting performance; do
  [ -f "$prefix/share/doc/esimctl/$doc.md" ] || fail "not installed: share/doc/esimctl/$doc.md"
done
for example in c-list-profiles/main.c c-download-profile/main.c cpp-download-profile/main.cpp; do
  [ -f "$prefix/share/doc/esimctl/examples/$example" ] ||
    fail "not installed: share/doc/esimctl/examples/$example"
done
soname=$(readelf -d "$libdir/libesim.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libesim.so.0 ] || fail "SONAME of libesim.so is '$soname', not libesim.so.0"
for bin in esimctl euicc-emu smdpp-emu; do
  "$prefix/bin/$bin" --help >/dev/null || fail "installed $bin --help"
done

step "exported symbols of libesim.so"
nm -D --defined-only "$libdir/libesim.so" | awk '{print $3}' | sed 's/@.*//' | sort -u >"$work/raw.syms"
c++filt <"$work/raw.syms" >"$work/demangled.syms"
exported=$(wc -l <"$work/raw.syms")
# Allowed: the version node, esim_* (C API), and C++ names whose scope is
# esim:: (functions, data, and their typeinfo, vtables, guard variables),
# but not our private layers (esim::codec, esim::capi, esim::pcsc) nor anything that
# names an asn1c type.
stray=$(paste "$work/raw.syms" "$work/demangled.syms" | awk -F'\t' '
  $1 == "ESIM_0" || $1 ~ /^esim_/ { next }
  $2 ~ /esim::(codec|capi|pcsc)::|asn_/ { print $2; next }
  $1 ~ /^_Z/ && $2 ~ /^((typeinfo( name)?|vtable|VTT|guard variable|(non-)?virtual thunk) (for|to) )?esim::/ { next }
  { print $2 }')
[ -z "$stray" ] || fail "libesim.so exports symbols outside esim:: / esim_*:
$(echo "$stray" | head -20)"
grep -q '^esim::listReaders()' "$work/demangled.syms" || fail "esim::listReaders() is not exported"
grep -q '^typeinfo for esim::Error$' "$work/demangled.syms" || fail "typeinfo for esim::Error is not exported"
asn=$(grep -cE '^(asn_|ber_|der_|xer_|per_|aper_|uper_|OCTET_STRING|INTEGER|BIT_STRING)' "$work/raw.syms" || true)
[ "$asn" = 0 ] || fail "$asn asn1c symbols exported"
# asn1c's runtime is inside both, but local in libesim.so: self-contained.
# (Listings go to files: grep -q would end a pipe early, and pipefail with it.)
nm "$libdir/libesim.so" >"$work/so.all" 2>/dev/null
grep -q ' t der_encode$' "$work/so.all" || fail "libesim.so lacks asn1c's runtime (der_encode)"
nm "$libdir/libesim.a" >"$work/a.all" 2>/dev/null
grep -q ' T der_encode$' "$work/a.all" || fail "libesim.a lacks asn1c's runtime (der_encode)"
readelf -d "$libdir/libesim.so" >"$work/so.dynamic"
grep -q 'NEEDED.*libcurl' "$work/so.dynamic" && fail "libesim.so links libcurl (it must dlopen it)"
echo "$exported exported symbols, all esim:: or esim_*; no asn1c symbol"

step "every installed header compiles alone"
# check_header HEADER: compiles "#include <HEADER>" alone (a .h as C and as
# C++); -H lists every header reached, with its path: none may be a private
# dependency's. Two at a time (xargs -P2): CI has 2 cores.
check_header() {
  local h=$1 log compiler
  local compilers=("c++ -std=c++20 -x c++")
  [[ $h == *.h ]] && compilers=("cc -std=c11 -x c" "c++ -std=c++20 -x c++")
  log=$work/header-${h//\//_}.log
  for compiler in "${compilers[@]}"; do
    echo "#include <$h>" | $compiler -fsyntax-only -Wall -Wextra -Werror -H -I"$prefix/include" - \
      2>"$log" || { cat "$log"; echo "FAIL: $h does not compile alone ($compiler)"; return 1; }
    if grep -E '/(PCSC|curl|openssl)/|winscard|asn_application|asn_internal|constr_|/gen/' "$log"; then
      echo "FAIL: $h reaches a private dependency's header"
      return 1
    fi
  done
}
export -f check_header
export work prefix
headers=$(cd "$prefix/include" && find esim -name '*.hpp' -o -name '*.h' | sort)
# shellcheck disable=SC2016 # $1 is expanded by the inner bash
echo "$headers" | xargs -P2 -I{} bash -c 'check_header "$1"' _ {} >&2 ||
  fail "installed headers (see above)"
echo "$(echo "$headers" | wc -w) headers"

# Consumers are built without optimisation or debug info: they are tiny, and
# CI's time goes to compiling.
step "build the examples against the prefix"
export PKG_CONFIG_PATH=$libdir/pkgconfig
pkg-config --exists esim || fail "pkg-config does not find esim in $PKG_CONFIG_PATH"
consumers=()
downloaders=()
for example in "${EXAMPLES[@]}" "${DOWNLOAD_EXAMPLES[@]}"; do
  built=()
  dir=$src/docs/examples/$example
  for variant in shared static; do
    out=$work/cmake-$example-$variant
    static=OFF
    [ "$variant" = static ] && static=ON
    cmake -S "$dir" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE= -DCMAKE_PREFIX_PATH="$prefix" \
      -DESIM_EXAMPLE_STATIC=$static >"$out.log" 2>&1 || { cat "$out.log"; fail "configure $example ($variant)"; }
    cmake --build "$out" -j2 >>"$out.log" 2>&1 || { cat "$out.log"; fail "build $example ($variant)"; }
    built+=("$out/$example")
  done
  if [ -f "$dir/main.c" ]; then compile=(cc -std=c11 "$dir/main.c"); else compile=(c++ -std=c++20 "$dir/main.cpp"); fi
  # shellcheck disable=SC2046 # pkg-config's output is a list of flags
  "${compile[@]}" $(pkg-config --cflags --libs esim) -Wl,-rpath,"$libdir" \
    -o "$work/pc-$example-shared" || fail "pkg-config build of $example (shared)"
  # The linker takes libesim.so over libesim.a in one directory: -l:libesim.a
  # asks for the archive; the rest of the line must come from esim.pc.
  static_libs=$(pkg-config --static --libs esim | sed 's/\(^\| \)-lesim\( \|$\)/\1-l:libesim.a\2/')
  # shellcheck disable=SC2046,SC2086
  "${compile[@]}" $(pkg-config --cflags esim) $static_libs \
    -o "$work/pc-$example-static" || fail "pkg-config --static build of $example: $static_libs"
  built+=("$work/pc-$example-shared" "$work/pc-$example-static")
  if [[ " ${DOWNLOAD_EXAMPLES[*]} " == *" $example "* ]]; then
    downloaders+=("${built[@]}")
  else
    consumers+=("${built[@]}")
  fi
done
for c in "${consumers[@]}" "${downloaders[@]}"; do
  readelf -d "$c" >"$work/dynamic"
  if grep -q 'NEEDED.*libesim' "$work/dynamic"; then linked=shared; else linked=static; fi
  case $c in
    *-static/*|*-static) [ "$linked" = static ] || fail "$c should not need libesim.so" ;;
    *) [ "$linked" = shared ] || fail "$c should need libesim.so.0" ;;
  esac
done
echo "$((${#consumers[@]} + ${#downloaders[@]})) consumers built"

step "run them against the installed euicc-emu through pcscd + vpcd"
# --init from another directory: the installed program finds the installed
# PKI script by itself.
mkdir "$work/elsewhere"
(cd "$work/elsewhere" && env -u ESIM_PKI_SCRIPT "$prefix/bin/euicc-emu" --state "$work/bench/state.json" --init \
  >"$work/init.log" 2>&1) || { cat "$work/init.log"; fail "installed euicc-emu --init"; }
expected=$(jq -r '.profiles[].iccid' "$work/bench/state.json" | sort)
[ -n "$expected" ] || fail "the emulator's state has no profiles"

if [ -S /run/pcscd/pcscd.comm ]; then
  fail "a pcscd already runs on /run/pcscd (run this through tests/integration/isolate.sh)"
fi
port=35963
pcscd=pcscd
command -v pcscd >/dev/null || pcscd=/usr/sbin/pcscd
mkdir "$work/reader.conf.d"
printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x%X\nLIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID 0x%X\n' \
  "$port" "$port" >"$work/reader.conf.d/vpcd"
"$pcscd" --foreground -c "$work/reader.conf.d" >"$work/pcscd.log" 2>&1 &
pids+=($!)
"$prefix/bin/euicc-emu" --state "$work/bench/state.json" --vpcd "127.0.0.1:$port" 2>"$work/emu.log" &
pids+=($!)
# The card shows up 0.2-0.5 s after the emulator connects: poll, with a deadline.
for _ in $(seq 1 100); do
  if "$prefix/bin/esimctl" --json reader list 2>/dev/null | jq -e '.data[] | select(.cardPresent)' >/dev/null; then
    break
  fi
  sleep 0.1
done

for c in "${consumers[@]}"; do
  rc=0
  "$c" >"$work/out" 2>"$work/err" || rc=$?
  [ "$rc" = 0 ] || { cat "$work/out" "$work/err"; fail "$c exited $rc"; }
  got=$(awk '$1 == "profile" {print $2}' "$work/out" | sort)
  [ "$got" = "$expected" ] || fail "$c listed ICCIDs
$got
but the emulator's state has
$expected"
  grep -q '^EID [0-9A-F]\{32\}$' "$work/out" || fail "$c printed no EID: $(cat "$work/out")"
  grep -qx 'reader Virtual PCD 00 00' "$work/out" ||
    fail "$c did not name the reader it chose: $(cat "$work/out")"
  rc=0
  "$c" "no such reader" >/dev/null 2>"$work/err" || rc=$?
  if [ "$rc" != 1 ] || ! grep -q '^error reader-not-found' "$work/err"; then
    fail "$c with a bad reader: exit $rc, $(cat "$work/err")"
  fi
  echo "ok ${c#"$work"/}: $(echo "$got" | wc -l) profiles"
done
step "the download examples against the installed smdpp-emu over TLS"
# The installed test SM-DP+ with the bench's PKI (its TLS certificate, the
# CI, the DPauth/DPpb certificates), serving its demo order. The demo
# profile's notification address must name the port: a first start finds a
# free one, the second listens there with the address that names it.
pki=$work/bench/pki
start_smdpp() { # start_smdpp PORT [ARGS...]: starts it, sets smdp_port
  local port=$1; shift
  "$prefix/bin/smdpp-emu" --listen "127.0.0.1:$port" --cert "$pki/smdp-tls.pem" \
    --key "$pki/smdp-tls.key" --ci "$pki/ci.pem" --pki "$pki" --log "$work/smdpp.jsonl" "$@" \
    >"$work/smdpp.out" 2>"$work/smdpp.err" &
  smdpp_pid=$!
  pids+=("$smdpp_pid")
  for _ in $(seq 1 100); do grep -q '^listening on' "$work/smdpp.out" && break; sleep 0.05; done
  smdp_port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/smdpp.out")
  [ -n "$smdp_port" ] || { cat "$work/smdpp.err"; fail "the installed smdpp-emu did not start"; }
}
start_smdpp 0
kill -TERM "$smdpp_pid"; wait "$smdpp_pid" || true
start_smdpp "$smdp_port" --address "smdp.travel.example:$smdp_port"
demo_iccid=8944476500000000013
code="LPA:1\$smdp.travel.example:$smdp_port\$TRAVEL-DEMO-0001"
for c in "${downloaders[@]}"; do
  rc=0
  "$c" --ca-file "$pki/ci.pem" --resolve "smdp.travel.example:$smdp_port:127.0.0.1" --yes "$code" \
    >"$work/out" 2>"$work/err" </dev/null || rc=$?
  [ "$rc" = 0 ] || { cat "$work/out" "$work/err" "$work/smdpp.err"; fail "$c exited $rc"; }
  grep -qx "installed $demo_iccid" "$work/out" || fail "$c: $(cat "$work/out")"
  grep -qx 'notification delivered' "$work/out" || fail "$c: $(cat "$work/out")"
  "$prefix/bin/esimctl" profile delete "$demo_iccid" --yes --no-report >"$work/delete.log" 2>&1 ||
    { cat "$work/delete.log"; fail "esimctl profile delete after $c"; }
  rc=0
  "$c" >/dev/null 2>"$work/err" || rc=$?
  if [ "$rc" != 2 ] || ! grep -q '^usage:' "$work/err"; then
    fail "$c without an activation code: exit $rc, $(cat "$work/err")"
  fi
  echo "ok ${c#"$work"/}: installed $demo_iccid"
done

step "the AT modem example against the installed euicc-emu --at-pty"
# docs/examples/at-modem-transport implements esim::ApduTransport itself (a
# device maker's modem), so it is built against the prefix and run against
# the installed emulator playing a modem on a pseudo-terminal. It prints
# "EID ..." and one "<ICCID> <state> ..." line per profile.
modem_build=$work/cmake-at-modem-transport
cmake -S "$src/docs/examples/at-modem-transport" -B "$modem_build" -G Ninja -DCMAKE_BUILD_TYPE= \
  -DCMAKE_PREFIX_PATH="$prefix" >"$modem_build.log" 2>&1 &&
  cmake --build "$modem_build" -j2 >>"$modem_build.log" 2>&1 ||
  { cat "$modem_build.log"; fail "build at-modem-transport against the prefix"; }
cp "$work/bench/state.json" "$work/bench/modem-state.json"
"$prefix/bin/euicc-emu" --state "$work/bench/modem-state.json" --at-pty "$work/modem" \
  2>"$work/modem.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -e "$work/modem" ] && break; sleep 0.05; done
rc=0
"$modem_build/at-modem-list-profiles" "$work/modem" >"$work/out" 2>"$work/err" || rc=$?
[ "$rc" = 0 ] || { cat "$work/out" "$work/err" "$work/modem.log"; fail "at-modem-list-profiles exited $rc"; }
got=$(awk '$1 != "EID" {print $1}' "$work/out" | sort)
[ "$got" = "$expected" ] || fail "at-modem-list-profiles listed ICCIDs
$got
but the emulator's state has
$expected"
grep -q '^EID [0-9A-F]\{32\}$' "$work/out" || fail "at-modem-list-profiles printed no EID"
echo "ok at-modem-list-profiles: $(echo "$got" | wc -l) profiles through AT+CCHO/CGLA/CCHC"

step "all checks passed"
