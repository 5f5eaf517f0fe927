#!/usr/bin/env bash
# End to end: every teaching example runs with --quick and must print the seeds' numbers. The
# examples that need MNIST (gradient_check, nielsen, regularization, ...) must exit 77
# ("skipped") when data/mnist is absent; the rest of the checks still run, and the test passes
# with a note.
#   check_teaching_examples.sh SOURCE_ROOT EXAMPLE...
set -uo pipefail
root=$1
shift
declare -A exe
for path in "$@"; do exe[$(basename "$path")]=$(realpath "$path"); done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
# run NAME ARGS...: runs an example with --quick in $work (its files go to $work/runs), keeps
# its output in $out and its exit status in $status.
run() {
  local name=$1
  shift
  [ -n "${exe[$name]:-}" ] || fail "$name was not passed to the test"
  out=$("${exe[$name]}" --quick "$@" 2>&1)
  status=$?
  echo "---- $name: exit $status"
  echo "$out"
}
expect() { grep -qF -- "$2" <<<"$out" || fail "$1: no line with '$2'"; }
# near NAME LABEL VALUE WANT TOL
near() { awk -v v="$3" -v w="$4" -v t="$5" 'BEGIN { d = v - w; if (d < 0) d = -d; exit !(v != "" && d <= t) }' ||
  fail "$1: $2 is '$3', expected $4 +- $5"; }
# Every --help must work (CLI11).
for name in "${!exe[@]}"; do
  "${exe[$name]}" --help >/dev/null 2>&1 || fail "$name --help"
done

# apple_orange: forward 715; backward 110, 2.2, 3.3, 165, 650, by hand-written layers and by
# autograd (each line printed twice); the DOT file renders.
run apple_orange
[ $status -eq 0 ] || fail "apple_orange exited $status"
expect apple_orange "forward: apple_price 200, orange_price 450, all_price 650, price 715"
expect apple_orange "price = 715"
for g in "apple_num = 110" "d price / d apple = 2.2" "orange = 3.3" "orange_num = 165" "tax = 650"; do
  [ "$(grep -c -- "$g\$" <<<"$out")" -eq 2 ] || fail "apple_orange: '$g' should appear for both graphs"
done
expect apple_orange "MulLayer.backward: dout 1 -> dx = dout * y = 1.1, dy = dout * x = 650"
expect apple_orange "AddLayer.backward: dout 1.1"
[ -s "$work/runs/apple_orange.dot" ] || fail "apple_orange.dot not written"
grep -q 'grad 2.2"' "$work/runs/apple_orange.dot" || fail "apple_orange.dot lacks the gradient 2.2"
if command -v dot >/dev/null; then
  grep -q "<svg" "$work/runs/apple_orange.svg" || fail "dot is installed but apple_orange.svg was not drawn"
  dot -Tsvg "$work/runs/apple_orange.dot" -o "$work/check.svg" || fail "apple_orange.dot does not render"
fi

# logic_gates: the truth tables for (0,0), (1,0), (0,1), (1,1).
run logic_gates
[ $status -eq 0 ] || fail "logic_gates exited $status"
expect logic_gates "AND truth table: 0 0 0 1"
expect logic_gates "NAND truth table: 1 1 1 0"
expect logic_gates "OR truth table: 0 1 1 1"
expect logic_gates "XOR (gates) truth table: 0 1 1 0"
expect logic_gates "XOR (learned) truth table: 0 1 1 0"

# numerical_gradient: (6, 8) at (3, 4) both ways, (0, 4) and (6, 0); descent reaches (0, 0).
run numerical_gradient
[ $status -eq 0 ] || fail "numerical_gradient exited $status"
# The central differences agree with the exact values to about 1e-11.
num='(5\.99999999|6\.00000000)[0-9]*'
grep -qE "^at \(3, 4\): numerical \($num, (7\.99999999|8\.00000000)[0-9]*\)  autograd \(6, 8\)$" <<<"$out" ||
  fail "numerical_gradient: the gradient at (3, 4) is not (6, 8) both ways"
grep -qE "^at \(0, 2\): numerical \(0\.000000000000, (3\.99999999|4\.00000000)[0-9]*\)  autograd \(0, 4\)$" <<<"$out" ||
  fail "numerical_gradient: the gradient at (0, 2) is not (0, 4) both ways"
grep -qE "^at \(3, 0\): numerical \($num, 0\.000000000000\)  autograd \(6, 0\)$" <<<"$out" ||
  fail "numerical_gradient: the gradient at (3, 0) is not (6, 0) both ways"
line=$(grep "^lr 0.1, 100 steps" <<<"$out")
x=$(sed -n 's/.*x = (\([^,]*\), \([^)]*\)).*/\1/p' <<<"$line")
y=$(sed -n 's/.*x = (\([^,]*\), \([^)]*\)).*/\2/p' <<<"$line")
near numerical_gradient "x0 after descent" "$x" 0 1e-8
near numerical_gradient "x1 after descent" "$y" 0 1e-8
line=$(grep "^ *1e-50 |" <<<"$out") || fail "numerical_gradient: no row for h = 1e-50"
grep -qi "nan" <<<"$line" || fail "numerical_gradient: float32 at h = 1e-50 should be nan: $line"
grep -q "6.000e+00 *$" <<<"$line" || fail "numerical_gradient: float64 at h = 1e-50 should be off by 6: $line"
[ "$(wc -l <"$work/runs/numerical_gradient.csv")" -eq 12 ] || fail "numerical_gradient.csv should have 11 rows"

# quadrant: (2,2) -> I, (-2,2) -> II, (-2,-2) -> III, (2,-2) -> IV.
run quadrant
[ $status -eq 0 ] || fail "quadrant exited $status"
expect quadrant "(2, 2) is in quadrant 1"
expect quadrant "(-2, 2) is in quadrant 2"
expect quadrant "(-2, -2) is in quadrant 3"
expect quadrant "(2, -2) is in quadrant 4"

# optimizer_compare: the five trajectories, each ending near the minimum (0, 0).
run optimizer_compare
[ $status -eq 0 ] || fail "optimizer_compare exited $status"
for o in SGD Momentum AdaGrad RMSprop Adam; do
  f=$(sed -n "s/^ *$o: ends at .* f = \([0-9.]*\)\$/\1/p" <<<"$out")
  near optimizer_compare "f after 30 $o steps" "$f" 0 0.5
done
[ "$(wc -l <"$work/runs/optimizer_compare_bowl.csv")" -eq 32 ] || fail "trajectory CSV should have 31 rows"

# weight_init: std 1 saturates sigmoid, std 0.01 kills ReLU, He keeps it alive.
run weight_init
[ $status -eq 0 ] || fail "weight_init exited $status"
expect weight_init "ReLU, He (weights drawn with std 0.1414)"
[ "$(grep -c "layer 5:" <<<"$out")" -eq 6 ] || fail "weight_init: six settings of five layers"

if command -v gnuplot >/dev/null; then
  for png in numerical_gradient optimizer_compare_bowl weight_init; do
    [ "$(head -c 4 "$work/runs/$png.png" | tail -c 3)" = "PNG" ] || fail "gnuplot is installed but $png.png was not drawn"
  done
fi

# two_layer_graph: the gradients of a two-layer network, W1's the sum of its three uses; the page
# that steps through backward (checked in a browser by the backward-page test) is written.
run two_layer_graph
[ $status -eq 0 ] || fail "two_layer_graph exited $status"
expect two_layer_graph "d loss / d b2 = [-1.2"
expect two_layer_graph "W1's gradient is the sum of its uses"
if command -v dot >/dev/null; then
  grep -q "<svg" "$work/runs/two_layer_graph.html" || fail "two_layer_graph.html has no drawing"
  grep -q "<svg" "$work/runs/apple_orange.html" || fail "apple_orange.html has no drawing"
fi

# Seed 004's digits programs need scikit-learn's digits (scripts/fetch-data digits): without
# them they must exit 77; with them, the seed's kind of results.
digits="$root/data/digits"
if [ ! -f "$digits/digits.csv.gz" ]; then
  for name in digits_network digits_captcha; do
    [ -n "${exe[$name]:-}" ] || continue
    run "$name" --data "$work/nowhere"
    [ $status -eq 77 ] || fail "$name without the digits should exit 77, not $status"
  done
  echo "NOTE: the digits programs were skipped: $digits has no digits.csv.gz (scripts/fetch-data digits)"
else
  # digits_network: the seed's network learns (above 90% on the 180 test digits); written by hand
  # with the chain rule and with autograd it gives the same numbers.
  run digits_network --data "$digits"
  [ $status -eq 0 ] || fail "digits_network exited $status"
  expect digits_network "1617 training and 180 test images"
  acc=$(sed -n 's/^test accuracy: \([0-9.]*\)$/\1/p' <<<"$out")
  awk -v a="$acc" 'BEGIN { exit !(a != "" && a >= 0.9) }' || fail "digits_network: test accuracy '$acc', expected >= 0.9"
  grep -q "^chain rule by hand vs autograd, largest difference: .*: the same numbers$" <<<"$out" ||
    fail "digits_network: the hand-written chain rule and autograd differ"
  two=$(sed -n 's/^2\. by hand.*test accuracy \([0-9.]*\).*/\1/p' <<<"$out")
  three=$(sed -n 's/^3\. autograd.*test accuracy \([0-9.]*\).*/\1/p' <<<"$out")
  [ -n "$two" ] && [ "$two" = "$three" ] || fail "digits_network: accuracies by hand '$two' and by autograd '$three'"

  # digits_captcha: reads five digits off each rendered image; adding rendered samples to the
  # training set raises the accuracy on rendered digits; the pictures are PNGs of the right size.
  if [ -n "${exe[digits_captcha]:-}" ]; then
    run digits_captcha --data "$digits"
    [ $status -eq 0 ] || fail "digits_captcha exited $status"
    [ "$(grep -cE "^read '0 1 2 3 4' as: [0-9]{5}$" <<<"$out")" -eq 4 ] || fail "digits_captcha: '0 1 2 3 4' not read as five digits four times"
    [ "$(grep -cE "^read '3 3 3 3 3' as: [0-9]{5}$" <<<"$out")" -eq 3 ] || fail "digits_captcha: '3 3 3 3 3' not read three times"
    [ "$(grep -c "^slice [0-4]: read [0-9] |" <<<"$out")" -eq 5 ] || fail "digits_captcha: no line per slice"
    rendered=$(sed -n 's/.*rendered digits ([^)]*): accuracy \([0-9.]*\);.*/\1/p' <<<"$out" | tr '\n' ' ')
    awk -v r="$rendered" 'BEGIN { split(r, a, " "); exit !(a[3] != "" && a[3] >= a[1] + 0.2) }' ||
      fail "digits_captcha: rendered-digit accuracy before / seed's remedy / rendered samples: $rendered; expected the last 0.2 above the first"
    png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $3 * 256 + $4, $7 * 256 + $8 }'; }
    [ "$(head -c 4 "$work/runs/digits_captcha.png" | tail -c 3)" = "PNG" ] || fail "digits_captcha.png is not a PNG"
    [ "$(png_size "$work/runs/digits_captcha.png")" = "400 96" ] || fail "digits_captcha.png is not 100x24 enlarged 4 times"
    for k in 0 1 2 3 4; do
      [ "$(png_size "$work/runs/digits_captcha_slice$k.png")" = "128 128" ] || fail "digits_captcha_slice$k.png is not 8x8 enlarged 16 times"
    done
  else
    echo "NOTE: digits_captcha was not built (it needs libfreetype-dev and libpng-dev: scripts/bootstrap)"
  fi
fi

# The MNIST examples: skipped (exit 77) without the data, checked with it.
data="$root/data/mnist"
if [ ! -f "$data/train-images-idx3-ubyte" ] && [ ! -f "$data/train-images-idx3-ubyte.gz" ]; then
  for name in gradient_check nielsen regularization batchnorm hyperparameter_search conv_filters mnist_seed_torch; do
    run "$name" --data "$work/nowhere"
    [ $status -eq 77 ] || fail "$name without MNIST should exit 77, not $status"
  done
  echo "PASS (the MNIST examples were skipped: $data has no MNIST; scripts/fetch-data mnist fetches it)"
  exit 0
fi

run gradient_check --data "$data"
[ $status -eq 0 ] || fail "gradient_check exited $status"
for p in W1 b1 W2 b2; do
  d=$(sed -n "s/^$p: \([0-9.e+-]*\) .*/\1/p" <<<"$out")
  awk -v d="$d" 'BEGIN { exit !(d != "" && d + 0 < 1e-6) }' || fail "gradient_check: $p differs by '$d' (must be below 1e-6)"
done

run nielsen --data "$data"
[ $status -eq 0 ] || fail "nielsen exited $status"
correct=$(sed -n 's/^Epoch 0: \([0-9]*\) \/ 10000.*/\1/p' <<<"$out")
awk -v c="$correct" 'BEGIN { exit !(c != "" && c >= 8500) }' || fail "nielsen: 'Epoch 0: $correct / 10000', expected at least 8500"

# optimizer_compare's MNIST half (which --quick leaves out), shortened: as the seeds conclude, the
# other four optimizers learn faster than plain SGD.
out=$("${exe[optimizer_compare]}" --data "$data" --iterations 100 --images 2000 2>&1)
status=$?
echo "---- optimizer_compare (MNIST, 100 iterations): exit $status"
echo "$out"
[ $status -eq 0 ] || fail "optimizer_compare on MNIST exited $status"
loss_of() { sed -n "s/^ *$1: mean loss of the last 20 iterations \([0-9.]*\)\$/\1/p" <<<"$out"; }
sgd=$(loss_of SGD)
for o in Momentum AdaGrad RMSprop Adam; do
  l=$(loss_of $o)
  awk -v l="$l" -v s="$sgd" 'BEGIN { exit !(l != "" && s != "" && l < s) }' ||
    fail "optimizer_compare: $o's MNIST loss '$l' is not below SGD's '$sgd'"
done
[ "$(wc -l <"$work/runs/optimizer_compare_mnist.csv")" -eq 101 ] || fail "optimizer_compare_mnist.csv should have 100 rows"

# regularization: 300 images learnt by heart (train accuracy >= 0.99) while test accuracy stays
# at least 10 points lower; weight decay makes that gap smaller.
run regularization --data "$data" --out "$work/runs"
[ $status -eq 0 ] || fail "regularization exited $status"
gap_of() { sed -n "s/^$1.*: train accuracy \([0-9.]*\), test accuracy \([0-9.]*\), gap \([0-9.-]*\)\$/\\$2/p" <<<"$out"; }
train=$(gap_of "no regularization" 1)
plain=$(gap_of "no regularization" 3)
decay=$(gap_of "weight decay" 3)
awk -v t="$train" 'BEGIN { exit !(t != "" && t >= 0.99) }' || fail "regularization: train accuracy without regularization is '$train', expected >= 0.99"
awk -v g="$plain" 'BEGIN { exit !(g != "" && g >= 0.1) }' || fail "regularization: the gap without regularization is '$plain', expected >= 0.1"
awk -v g="$decay" -v p="$plain" 'BEGIN { exit !(g != "" && g < p) }' || fail "regularization: weight decay's gap '$decay' is not below '$plain'"
[ "$(wc -l <"$work/runs/regularization.csv")" -eq 14 ] || fail "regularization.csv should have 13 measured epochs"

# batchnorm: at weight std 0.01 the plain network stays near chance while batch norm learns; more
# initial scales learn with batch norm than without.
run batchnorm --data "$data"
[ $status -eq 0 ] || fail "batchnorm exited $status"
row=$(grep -E "^ +0\.01 \|" <<<"$out") || fail "batchnorm: no row for std 0.01"
plain=$(awk -F'|' '{ print $2 + 0 }' <<<"$row")
normed=$(awk -F'|' '{ print $3 + 0 }' <<<"$row")
awk -v p="$plain" -v b="$normed" 'BEGIN { exit !(b >= p + 0.3) }' ||
  fail "batchnorm: at std 0.01 batch norm reaches $normed, not 0.3 above the plain network's $plain"
learnt=$(sed -n 's/^\([0-9]*\) of 3 initial scales reach 50% training accuracy without batch norm, \([0-9]*\) with it.*/\1 \2/p' <<<"$out")
awk -v l="$learnt" 'BEGIN { split(l, n, " "); exit !(l != "" && n[2] > n[1]) }' ||
  fail "batchnorm: scales that learn without / with batch norm: '$learnt'"
[ "$(wc -l <"$work/runs/batchnorm.csv")" -eq 31 ] || fail "batchnorm.csv should have 3 scales x 10 epochs"

# hyperparameter_search: 8 trials listed best first, each drawn from the seeds' ranges; the
# learning rate matters, so the best and the worst trial differ by at least 10 points.
run hyperparameter_search --data "$data"
[ $status -eq 0 ] || fail "hyperparameter_search exited $status"
grep -q "400 training and 100 validation images" <<<"$out" || fail "hyperparameter_search: not an 80/20 split of 500 images"
sed -n 's/^Best-\([0-9]*\) (val acc: \([0-9.]*\)) | lr: \([0-9.e+-]*\), weight decay: \([0-9.e+-]*\)$/\1 \2 \3 \4/p' <<<"$out" |
  awk 'BEGIN { prev = 2 }
       { n++; if ($1 != n) bad = bad " rank " $1 " out of order;"
         if ($2 > prev) bad = bad " Best-" $1 " above the one before;"
         if ($3 < 1e-6 || $3 > 1e-2) bad = bad " lr " $3 " outside 1e-6..1e-2;"
         if ($4 < 1e-8 || $4 > 1e-4) bad = bad " weight decay " $4 " outside 1e-8..1e-4;"
         if (n == 1) best = $2; prev = $2 }
       END { if (n != 8) bad = bad " " n " trials listed, not 8;"
             if (best - prev < 0.1) bad = bad " best " best " and worst " prev " differ by less than 0.1;"
             if (bad != "") { print bad; exit 1 } }' ||
  fail "hyperparameter_search: the sorted list is wrong"

# conv_filters: two PGM grids of 30 tiles (6 x 5 tiles of 40 pixels with 4-pixel gaps: 268 x 224)
# of the right size; training moved most filters and made them smoother than noise.
run conv_filters --data "$data"
[ $status -eq 0 ] || fail "conv_filters exited $status"
for f in before after; do
  pgm="$work/runs/conv_filters_$f.pgm"
  [ "$(head -c 15 "$pgm" | tr '\n' ' ')" = "P5 268 224 255 " ] || fail "conv_filters: $pgm has a wrong header"
  [ "$(stat -c %s "$pgm")" -eq $((15 + 268 * 224)) ] || fail "conv_filters: $pgm has a wrong size"
done
cmp -s "$work/runs/conv_filters_before.pgm" "$work/runs/conv_filters_after.pgm" && fail "conv_filters: the filters did not change"
moved=$(sed -n 's/^filters that moved by more than their initial size: \([0-9]*\) of 30$/\1/p' <<<"$out")
awk -v m="$moved" 'BEGIN { exit !(m != "" && m >= 15) }' || fail "conv_filters: '$moved' of 30 filters moved, expected at least 15"
corr=$(sed -n 's/^neighbour correlation: \([0-9.-]*\) before, \([0-9.-]*\) after training$/\1 \2/p' <<<"$out")
awk -v c="$corr" 'BEGIN { split(c, v, " "); exit !(c != "" && v[2] >= v[1] + 0.1) }' ||
  fail "conv_filters: neighbour correlation before/after is '$corr', expected a rise of 0.1"

# mnist_seed_torch: seed 004's PyTorch program in LibTorch spelling; --quick trains one epoch on
# 6,000 images, which already classifies most of the test set.
run mnist_seed_torch --data "$data"
[ $status -eq 0 ] || fail "mnist_seed_torch exited $status"
grep -qE "^Epoch 1/1, Loss: [0-9.]+, Accuracy: 0\.[0-9]{4}$" <<<"$out" || fail "mnist_seed_torch: no 'Epoch 1/1, Loss: ..., Accuracy: ...' line"
acc=$(sed -n 's/^test accuracy: \([0-9.]*\)$/\1/p' <<<"$out")
awk -v a="$acc" 'BEGIN { exit !(a != "" && a >= 0.85) }' || fail "mnist_seed_torch: test accuracy '$acc', expected >= 0.85"

if command -v gnuplot >/dev/null; then
  for png in optimizer_compare_mnist regularization batchnorm hyperparameter_search conv_filters; do
    [ "$(head -c 4 "$work/runs/$png.png" | tail -c 3)" = "PNG" ] || fail "gnuplot is installed but $png.png was not drawn"
  done
fi
echo "PASS"
