#!/usr/bin/env bash
# Installs the Debian packages esimctl needs to build, test and run, skipping
# those already installed. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  clang libclang-rt-14-dev clang-format
  asn1c
  libssl-dev openssl
  libcurl4-openssl-dev
  libpcsclite-dev pcscd vsmartcard-vpcd
  nlohmann-json3-dev libcli11-dev libcpp-httplib-dev
  libzxing-dev libstb-dev libqrencode-dev
  libgtest-dev libgmock-dev
  libbenchmark-dev
  iproute2 util-linux procps
  python3 jq groff-base
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
