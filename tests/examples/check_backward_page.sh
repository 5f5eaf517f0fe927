#!/usr/bin/env bash
# The pages that step through backward (tg::autograd::to_html), in a real browser: apple_orange
# and two_layer_graph write their page and, after backward(), the DOT file to_dot draws; headless
# Chromium (Debian's chromium) loads each page, steps to the end by key presses and must show
# the gradients to_dot wrote, with no console error (tests/examples/drive_page.mjs, a minimal
# DevTools-protocol client run by Node.js). Screenshots of the first and last step are kept in
# SHOT_DIR. Skipped (exit 77) without chromium, node or Graphviz's dot.
#   check_backward_page.sh SHOT_DIR APPLE_ORANGE TWO_LAYER_GRAPH
set -uo pipefail
shots=$1 apple_orange=$2 two_layer=$3
driver=$(dirname "$(realpath "$0")")/drive_page.mjs
chromium=$(command -v chromium || command -v chromium-browser || true)
for need in "$chromium:chromium (apt-get install chromium)" "$(command -v node):node (apt-get install nodejs)" \
            "$(command -v dot):dot (apt-get install graphviz)"; do
  if [ -z "${need%%:*}" ]; then
    echo "SKIP: no ${need#*:}; scripts/bootstrap installs it"
    exit 77
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$shots"
for program in "$apple_orange" "$two_layer"; do
  name=$(basename "$program")
  out=$("$program" --out "$work" 2>&1) || fail "$name failed: $out"
  page="$work/$name.html"
  [ -s "$page" ] || fail "$name wrote no $page"
  # Self-contained: no script, style, image or link fetched from anywhere.
  grep -Eq '<(script|img|link|iframe)[^>]* (src|href)=' "$page" && fail "$page loads an external file"
  node "$driver" "$chromium" "$page" "$work/$name.dot" "$shots/$name" || fail "$name's page in Chromium"
done
echo "PASS (screenshots in $shots)"
