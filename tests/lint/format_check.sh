#!/usr/bin/env bash
# format_check.sh CLANG_FORMAT SOURCE_DIR: fails, listing the places, when a
# C or C++ file of ours differs from what .clang-format asks for. Of asn1/
# only our own asn_debug_off.h is C; the code asn1c generates lives in the
# build tree and is not checked.
set -euo pipefail
clang_format=$1
cd "$2"
mapfile -d '' files < <(find include src tools tests bench docs/examples asn1 \
  -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.c' -o -name '*.h' \) \
  -not -path 'tests/fuzz/corpus/*' -print0 | sort -z)
[ "${#files[@]}" -gt 100 ] || { echo "format_check: only ${#files[@]} files found in $PWD"; exit 1; }
if ! "$clang_format" --dry-run --Werror "${files[@]}"; then
  echo "format_check: run: $clang_format -i FILE... (see the warnings above)"
  exit 1
fi
echo "format_check: ${#files[@]} files clean"
