#!/usr/bin/env bash
# End to end: mnist_mlp trains one epoch on the real MNIST (fetched by scripts/test through
# scripts/fetch-data) and must reach 95% test accuracy; its metrics file and checkpoint must be
# written; mnist_predict must classify with that checkpoint, and read back the PGM it wrote; a
# model trained on Fashion-MNIST must be classified in Fashion's class names without being told.
# Without the data every program must fail with a message that names the fix.
#   check_mnist_examples.sh MNIST_MLP MNIST_PREDICT SOURCE_ROOT
set -uo pipefail
# Absolute paths: the Fashion checks run from the source root, where data/fashion is.
mlp=$(realpath "$1") predict=$(realpath "$2") root=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Missing data: a clear message, exit status 1, nothing written.
out=$("$mlp" --epochs 1 --data "$work/nowhere" --save "$work/none.tgckpt" 2>&1)
[ $? -eq 1 ] || fail "mnist_mlp without data should exit with status 1"
grep -q "scripts/fetch-data" <<<"$out" || fail "missing-data message does not name scripts/fetch-data: $out"
grep -q "$work/nowhere/train-images-idx3-ubyte" <<<"$out" || fail "missing-data message does not name the file: $out"
[ ! -e "$work/none.tgckpt" ] || fail "a checkpoint was written without data"

# A bad option is refused by the parser, with a non-zero status.
"$mlp" --dataset cifar >/dev/null 2>&1 && fail "--dataset cifar was accepted"

data="$root/data/mnist"
if [ ! -f "$data/train-images-idx3-ubyte" ]; then
  echo "SKIP: $data has no MNIST; scripts/fetch-data mnist fetches it (scripts/test does)"
  exit 77
fi

out=$("$mlp" --epochs 1 --data "$data" --save "$work/mlp.tgckpt" --threads 2 2>&1) || fail "mnist_mlp failed: $out"
echo "$out"
acc=$(sed -n 's/^test accuracy: \([0-9.]*\)$/\1/p' <<<"$out")
[ -n "$acc" ] || fail "no 'test accuracy:' line"
awk -v a="$acc" 'BEGIN { exit !(a >= 0.95) }' || fail "test accuracy $acc is below 0.95"
grep -q "^epoch 1/1: train loss" <<<"$out" || fail "no per-epoch line"
[ -s "$work/mlp.tgckpt" ] || fail "no checkpoint written"
[ "$(wc -l <"$work/mlp.csv")" -eq 2 ] || fail "metrics CSV should have a header and one row"
head -1 "$work/mlp.csv" | grep -qx "epoch,train_loss,train_accuracy,test_accuracy,seconds" || fail "CSV header"
csv_acc=$(tail -1 "$work/mlp.csv" | cut -d, -f4)
awk -v a="$acc" -v b="$csv_acc" 'BEGIN { exit !(a - b < 1e-4 && b - a < 1e-4) }' || fail "CSV test accuracy $csv_acc differs from $acc"
if command -v gnuplot >/dev/null; then
  [ "$(head -c 4 "$work/mlp.png" | tail -c 3)" = "PNG" ] || fail "gnuplot is installed but no PNG curve was drawn"
fi

# mnist_predict: the first test images (7, 2, 1 in MNIST) with the model just trained.
out=$("$predict" --model "$work/mlp.tgckpt" --data "$data" --index 0 --index 1 --index 2 --write-pgm "$work/seven.pgm" 2>&1) ||
  fail "mnist_predict failed: $out"
echo "$out" | tail -14
[ "$(grep -c '^predicted: ' <<<"$out")" -eq 3 ] || fail "expected three predictions"
grep -q "^predicted: 7 (true: 7, correct)" <<<"$out" || fail "test image 0 (a 7) misclassified"
grep -q "MLP 784 -> 256 -> 10" <<<"$out" || fail "architecture not read from the file"
out=$("$predict" --model "$work/mlp.tgckpt" --pgm "$work/seven.pgm" 2>&1) || fail "mnist_predict --pgm failed: $out"
grep -q "^predicted: 7$" <<<"$out" || fail "the PGM written from test image 0 is not classified as 7: $out"
grep -q "trained on mnist" <<<"$out" || fail "the data set recorded in the checkpoint is not shown"

# The same image in seed 000's text form (28 lines of 28 tab-separated grey values, then the
# digit): classified as 7, with the label on its last line as the truth.
tail -c 784 "$work/seven.pgm" | od -An -v -tu1 -w28 | awk '{ for (i = 1; i <= NF; i++) printf "%s\t", $i; printf "\n" } END { print 7 }' >"$work/seven.txt"
out=$("$predict" --model "$work/mlp.tgckpt" --txt "$work/seven.txt" 2>&1) || fail "mnist_predict --txt failed: $out"
grep -q "^predicted: 7 (true: 7, correct)$" <<<"$out" || fail "the text digit written from test image 0 is not classified as 7: $out"
head -27 "$work/seven.txt" >"$work/short.txt"
out=$("$predict" --model "$work/mlp.tgckpt" --txt "$work/short.txt" 2>&1) && fail "a text digit of 27 lines was accepted"
grep -q "has 27 lines" <<<"$out" || fail "short text digit message: $out"
sed '5s/^[0-9]*/abc/' "$work/seven.txt" >"$work/word.txt"
out=$("$predict" --model "$work/mlp.tgckpt" --txt "$work/word.txt" 2>&1) && fail "a non-numeric grey value was accepted"
grep -q "line 5 value 1 is 'abc'" <<<"$out" || fail "non-numeric text digit message: $out"
sed '9s/^[0-9]*/300/' "$work/seven.txt" >"$work/bright.txt"
out=$("$predict" --model "$work/mlp.tgckpt" --txt "$work/bright.txt" 2>&1) && fail "a grey value of 300 was accepted"
grep -q "line 9 value 1 is 300, outside 0..255" <<<"$out" || fail "out-of-range text digit message: $out"


# A model knows what it was trained on (checkpoint metadata): a Fashion-MNIST model classifies
# Fashion's test images by default and answers in Fashion's class names; asked for MNIST images
# it warns and still answers in its own classes.
fashion="$root/data/fashion"
if [ -f "$fashion/train-images-idx3-ubyte.gz" ] || [ -f "$fashion/train-images-idx3-ubyte" ]; then
  out=$("$mlp" --epochs 1 --dataset fashion --data "$fashion" --save "$work/fashion.tgckpt" --threads 2 2>&1) ||
    fail "mnist_mlp --dataset fashion failed: $out"
  out=$(cd "$root" && "$predict" --model "$work/fashion.tgckpt" --index 0 2>&1) || fail "mnist_predict (fashion) failed: $out"
  echo "$out" | tail -12
  grep -q "trained on fashion" <<<"$out" || fail "the Fashion model does not say what it was trained on: $out"
  grep -q "Ankle boot" <<<"$out" || fail "no Fashion class names: $out"
  grep -Eq "^predicted: .* \(true: Ankle boot, (correct|wrong)\)$" <<<"$out" ||
    fail "Fashion test image 0 (an ankle boot) was not read from data/fashion: $out"
  out=$(cd "$root" && "$predict" --model "$work/fashion.tgckpt" --dataset mnist --index 0 2>&1) ||
    fail "mnist_predict --dataset mnist with a Fashion model failed: $out"
  grep -q "warning: the model was trained on fashion, but --dataset mnist" <<<"$out" ||
    fail "no warning when --dataset contradicts the model: $out"
  grep -Eq "^predicted: (T-shirt/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot) \(true: 7 from mnist, not one of the model's fashion classes\)$" <<<"$out" ||
    fail "an MNIST image given to a Fashion model: $out"
else
  echo "note: $fashion has no Fashion-MNIST (scripts/fetch-data fashion); the metadata checks were skipped"
fi

# Bad files: clear errors, status 1.
head -c 30 "$work/seven.pgm" >"$work/short.pgm"
out=$("$predict" --model "$work/mlp.tgckpt" --pgm "$work/short.pgm" 2>&1) && fail "a truncated PGM was accepted"
grep -q "truncated" <<<"$out" || fail "truncated PGM message: $out"
out=$("$predict" --model "$work/mlp.csv" 2>&1) && fail "a CSV was accepted as a model"
grep -q "not a tapegrad checkpoint" <<<"$out" || fail "wrong-file message: $out"
echo "PASS: test accuracy $acc"
