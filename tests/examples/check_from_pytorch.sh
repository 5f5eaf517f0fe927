#!/usr/bin/env bash
# End to end with Debian's python3-torch (issue 22): runs the four commands of the README's
# "Weights from and to Python" block exactly as written, in a scratch folder whose data/,
# examples/ and build/examples/ point at the real ones. PyTorch trains the MLP and tapegrad must
# print the test accuracy Python printed; tapegrad trains and PyTorch (weights_only=True) must
# print tapegrad's. Skipped (77) without /usr/bin/python3 + torch or without MNIST.
#   check_from_pytorch.sh SOURCE_ROOT FROM_PYTORCH MNIST_MLP
set -uo pipefail
root=$1 from_pytorch=$2 mlp=$3
fail() { echo "FAIL: $*"; exit 1; }
if ! /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null; then
  echo "SKIP: /usr/bin/python3 has no torch (scripts/bootstrap installs python3-torch)"
  exit 77
fi
if [ ! -f "$root/data/mnist/train-images-idx3-ubyte" ] && [ ! -f "$root/data/mnist/train-images-idx3-ubyte.gz" ]; then
  echo "SKIP: $root/data/mnist has no MNIST; scripts/fetch-data mnist fetches it (scripts/test does)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build/examples"
ln -s "$root/data" "$work/data"
ln -s "$root/examples" "$work/examples"
ln -s "$(realpath "$from_pytorch")" "$work/build/examples/from_pytorch"
ln -s "$(realpath "$mlp")" "$work/build/examples/mnist_mlp"

# The sh block after the heading, comments and blank lines dropped.
mapfile -t commands < <(awk '/^## Weights from and to Python/ {s = 1} s && /^```sh/ {b = 1; next}
                             b && /^```/ {exit} b && NF && $1 !~ /^#/ {print}' "$root/README.md")
[ ${#commands[@]} -eq 4 ] || fail "expected 4 commands in the README section, found ${#commands[@]}"
outputs=()
for c in "${commands[@]}"; do
  echo "\$ $c"
  out=$(cd "$work" && OPENBLAS_NUM_THREADS=1 bash -c "$c" 2>&1) || fail "'$c' failed: $out"
  echo "$out" | tail -3
  outputs+=("$out")
done
accuracy() { sed -n 's/^\(python \)\{0,1\}test accuracy: \([0-9.]*\)$/\2/p' <<<"$1" | tail -1; }
py=$(accuracy "${outputs[0]}") tg=$(accuracy "${outputs[1]}")
tg_trained=$(accuracy "${outputs[2]}") py_eval=$(accuracy "${outputs[3]}")
[ -n "$py" ] && [ -n "$tg" ] && [ -n "$tg_trained" ] && [ -n "$py_eval" ] || fail "an accuracy line is missing"
awk -v a="$py" 'BEGIN { exit !(a >= 0.95) }' || fail "PyTorch's accuracy $py is below 0.95"
# The same weights on the same images: equal up to a rare argmax tie (float sums in another order).
close() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d <= 0.0005 && d >= -0.0005) }'; }
close "$py" "$tg" || fail "Python's state_dict: PyTorch $py, tapegrad $tg"
close "$tg_trained" "$py_eval" || fail "tapegrad's runs/mlp.pt: tapegrad $tg_trained, PyTorch $py_eval"
[ -s "$work/runs/mlp.pt" ] && [ "$(head -c 2 "$work/runs/mlp.pt")" = "PK" ] || fail "runs/mlp.pt is not a zip archive"
echo "PASS: PyTorch -> tapegrad $py / $tg, tapegrad -> PyTorch $tg_trained / $py_eval"
