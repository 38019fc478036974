#!/usr/bin/env bash
# lint_man.sh PAGE: fails when groff warns about the man page (bad macros,
# unknown escapes, lines that do not fit) or cannot render it at all.
# groff comes from the groff-base package (tools/scripts/install-deps.sh).
set -euo pipefail
page=${1:?usage: lint_man.sh PAGE}
if ! command -v groff >/dev/null; then
  echo "lint_man: groff is not installed (Debian package groff-base; run tools/scripts/install-deps.sh)" >&2
  exit 1
fi
warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1) || {
  echo "lint_man: groff failed on $page: $warnings" >&2
  exit 1
}
if [ -n "$warnings" ]; then
  echo "lint_man: groff warns about $page:" >&2
  echo "$warnings" >&2
  exit 1
fi
# The rendered page must carry its sections, not just parse.
rendered=$(groff -man -Tascii -P-c -P-b -P-u "$page" 2>/dev/null)
for section in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS "EXIT STATUS"; do
  if ! grep -q "^$section" <<<"$rendered"; then
    echo "lint_man: the rendered $page has no $section section" >&2
    exit 1
  fi
done
echo "lint_man: $page renders without warnings"
