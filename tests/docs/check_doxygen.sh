#!/usr/bin/env bash
# Every public class, function, enum and alias must carry a Doxygen comment (issue #6): runs
# doxygen with the project's Doxyfile (undocumented-member warnings on) without writing HTML, and
# fails listing each warning. Usage: check_doxygen.sh DOXYGEN DOXYFILE
set -euo pipefail
doxygen=$1 doxyfile=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/Doxyfile" <<CONF
@INCLUDE = $doxyfile
OUTPUT_DIRECTORY = $tmp/out
GENERATE_HTML = NO
WARN_IF_UNDOCUMENTED = YES
WARN_LOGFILE = $tmp/warnings.log
CONF
"$doxygen" "$tmp/Doxyfile" >/dev/null
if [ -s "$tmp/warnings.log" ]; then
  sort -u "$tmp/warnings.log" | head -200
  echo "check_doxygen: $(sort -u "$tmp/warnings.log" | wc -l) warnings (undocumented or malformed API docs)"
  exit 1
fi
echo "check_doxygen: every public declaration is documented"
