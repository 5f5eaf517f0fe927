#!/usr/bin/env bash
# What a new user meets, checked in a fresh copy of the repository (issue 24):
#  1. every command that README.md's "## Commands" section shows (its ```sh blocks and the first
#     column of the table under them, up to the first "###" heading), read from README.md itself and
#     run exactly as written, in README order: each must exit with status 0 and print its expected
#     lines (see expect() below; a command this script has no expectation for fails the check);
#  2. a full release build: `meson compile` of the build-release folder that scripts/mnist set up
#     there (`meson setup --buildtype=release`, no -Werror, as a user or packager builds) must build
#     every default target, and no compile in that folder may print a warning.
# The copy is a `git clone` of HEAD with the working tree's uncommitted changes laid over it, so a
# developer checks what they have; data/ is copied from this checkout (fetched once) when present.
# Training is cut to TG_TEST_EPOCHS epochs (default 1) unless a command gives --epochs, and the GPT
# to TG_TEST_STEPS steps (default 30) unless it gives --steps: knobs that only scripts/mnist and
# scripts/gpt read, for this test. `scripts/test` itself is not run (it is what runs this).
#   tests/readme/check_fresh_clone.sh           run both parts (scripts/test calls it)
#   tests/readme/check_fresh_clone.sh --list    only print the extracted commands and check that
#                                               each is runnable and has an expectation (fast)
#   tests/readme/check_fresh_clone.sh --keep    run both, and keep the copy (its path is printed)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
readme=$root/README.md
mode=${1:-run}
fail() { echo "FAIL: $*"; exit 1; }

# The commands of README.md's Commands section, one per line, in order: the lines of ```sh blocks
# (comments after " #" dropped) and the first cell of table rows that start with a code span
# (Markdown's "\|" inside a cell is a plain "|").
extract() {
  awk '
    /^## /  { section = ($0 == "## Commands"); next }
    /^### / { section = 0; next }
    !section { next }
    /^```/  { fence = fence ? 0 : ($0 == "```sh" ? 1 : 2); next }
    fence == 1 { line = $0; sub(/[ \t]+#.*$/, "", line); sub(/^[ \t]+/, "", line)
                 if (line != "") print line; next }
    fence == 2 { next }
    /^\| `/ { cell = $0; sub(/^\| `/, "", cell); gsub(/\\\|/, "\001", cell); sub(/`.*$/, "", cell)
              gsub(/\001/, "|", cell); print cell }
  ' "$readme"
}

# What kind of command this is, for expect(); "unknown" fails the check.
kind() {
  case "$1" in
    "scripts/test" | "scripts/test "*) echo self ;;
    "scripts/mnist predict"*) echo predict ;;
    "scripts/mnist" | "scripts/mnist "*) echo train ;;
    "scripts/gpt sample"*) echo gpt_sample ;;
    "scripts/gpt" | "scripts/gpt "*) echo gpt_train ;;
    "scripts/fetch-data" | "scripts/fetch-data "*) echo fetch ;;
    "scripts/bootstrap") echo bootstrap ;;
    *) echo unknown ;;
  esac
}

mapfile -t commands < <(extract)
[ ${#commands[@]} -ge 5 ] || fail "found only ${#commands[@]} commands in README.md's Commands section"
for cmd in "${commands[@]}"; do
  [[ "$cmd" == *"["* || "$cmd" == *"..."* ]] &&
    fail "README command '$cmd' is a synopsis, not a command a user can type"
  [ "$(kind "$cmd")" != unknown ] ||
    fail "README command '$cmd' has no expected output here: add it to kind()/expect()"
done
if [ "$mode" = --list ]; then
  printf '%s\n' "${commands[@]}"
  echo "PASS: ${#commands[@]} commands, each runnable and with an expectation"
  exit 0
fi

export TG_TEST_EPOCHS=${TG_TEST_EPOCHS:-1}
export TG_TEST_STEPS=${TG_TEST_STEPS:-30}
work=$(mktemp -d "${TMPDIR:-/tmp}/tg-fresh-clone.XXXXXX")
[ "$mode" = --keep ] || trap 'rm -rf "$work"' EXIT
clone=$work/tapegrad
git clone --quiet --no-hardlinks "$root" "$clone" || fail "git clone of $root"
git -C "$clone" checkout --quiet --detach "$(git -C "$root" rev-parse HEAD)" || fail "checkout"
# Uncommitted edits and new files of the working tree (ignored files such as build folders stay out).
(cd "$root" && git ls-files -z --modified --others --exclude-standard | tar --null -T - -cf -) |
  tar -C "$clone" -xf - || fail "copying the working tree's changes"
(cd "$root" && git ls-files -z --deleted) | (cd "$clone" && xargs -0 -r rm -f --)
for d in mnist fashion brown; do
  [ -d "$root/data/$d" ] && { mkdir -p "$clone/data"; cp -r "$root/data/$d" "$clone/data/$d"; }
done
echo "fresh copy of $(git -C "$root" rev-parse --short HEAD) (plus uncommitted changes) in $clone"

# require LOG REGEX: LOG has a line matching the extended REGEX.
require() { grep -Eq -- "$2" "$1" || { echo "FAIL: no line matching '$2'"; return 1; }; }

last_dataset="" # the data set of the model trained last, which scripts/mnist predict must use
# expect CMD LOG: the lines CMD must have printed.
expect() {
  local cmd=$1 log=$2
  case "$(kind "$cmd")" in
    train)
      local dataset=mnist epochs=$TG_TEST_EPOCHS acc
      [[ "$cmd" =~ --dataset[=\ ]([a-z]+) ]] && dataset=${BASH_REMATCH[1]}
      [[ "$cmd" =~ --epochs[=\ ]([0-9]+) ]] && epochs=${BASH_REMATCH[1]}
      require "$log" "^epoch $epochs/$epochs: train loss [0-9.]+, train accuracy" || return 1
      require "$log" "^model saved to runs/mnist_(mlp|cnn)\.tgckpt " || return 1
      require "$log" "^learning curve drawn in runs/mnist_(mlp|cnn)\.png$" || return 1
      require "$log" "^test accuracy: 0\.[0-9]{4}$" || return 1
      acc=$(sed -n 's/^test accuracy: //p' "$log")
      # Far above chance (0.1) even after one epoch; a broken build or loader lands near 0.1.
      awk -v a="$acc" 'BEGIN { exit !(a >= 0.7) }' || { echo "FAIL: test accuracy $acc"; return 1; }
      last_dataset=$dataset
      ;;
    predict)
      local want
      want=$(grep -o -- "--index" <<<"$cmd" | wc -l)
      [ "$want" -ge 1 ] || want=1
      # The model trained last, and the data set it recorded (issue 24: a Fashion model names
      # Fashion's classes without being told).
      require "$log" "^model: runs/mnist_(mlp|cnn)\.tgckpt \(.*, trained on ${last_dataset:-mnist}\)$" ||
        return 1
      [ "$(grep -c "^predicted: " "$log")" -eq "$want" ] ||
        { echo "FAIL: expected $want 'predicted:' lines"; return 1; }
      ;;
    gpt_train)
      require "$log" "^step +[0-9]+  train loss [0-9.]+  val loss [0-9.]+" || return 1
      require "$log" "^model saved to runs/char_gpt\.tgckpt " || return 1
      require "$log" "^validation loss [0-9.]+ nats per character" || return 1
      require "$log" "^sample:$" || return 1
      ;;
    gpt_sample)
      local prompt=""
      [[ "$cmd" =~ --prompt\ \"([^\"]*)\" ]] && prompt=${BASH_REMATCH[1]}
      require "$log" "^${prompt}" || return 1
      # 400 characters were asked for (the default of scripts/gpt sample), prompt included.
      [ "$(grep -v '^ninja\|^\[' "$log" | wc -c)" -ge 400 ] ||
        { echo "FAIL: the sample is shorter than 400 characters"; return 1; }
      ;;
    fetch) require "$log" "^fetch-data: .*(present and verified|written to) " || return 1 ;;
    bootstrap) ;; # quiet when everything is installed: the exit status says it all
  esac
}

status=0
warnings=$work/warnings.txt
: >"$warnings"
for cmd in "${commands[@]}"; do
  if [ "$(kind "$cmd")" = self ]; then
    echo "== $cmd: not run here (it is the command running this check; CI runs it)"
    continue
  fi
  log=$work/log.txt
  start=$(date +%s)
  (cd "$clone" && env -u TG_RELEASE_DIR -u TG_BUILD_DIR bash -c "$cmd") >"$log" 2>&1
  rc=$?
  echo "== \$ $cmd    (exit $rc, $(($(date +%s) - start)) s)"
  cat "$log"
  grep -E ": warning:|^warning:" "$log" >>"$warnings"
  if [ $rc -ne 0 ]; then
    echo "FAIL: '$cmd' exited with status $rc"
    status=1
  elif ! expect "$cmd" "$log"; then
    echo "FAIL: '$cmd' did not print what it should"
    status=1
  fi
done

# Part 2: the rest of the release build, in the folder scripts/mnist configured as a user's.
if [ -f "$clone/build-release/build.ninja" ]; then
  start=$(date +%s)
  (cd "$clone" && meson compile -C build-release) >"$work/release.txt" 2>&1
  rc=$?
  echo "== meson compile -C build-release (--buildtype=release, every default target): exit $rc, $(($(date +%s) - start)) s"
  grep -E "error|: warning:" "$work/release.txt" | head -40
  grep -E ": warning:|^warning:" "$work/release.txt" >>"$warnings"
  [ $rc -eq 0 ] || { tail -40 "$work/release.txt"; echo "FAIL: the release build failed"; status=1; }
else
  echo "FAIL: no build-release folder: scripts/mnist did not configure the release build"
  status=1
fi
if [ -s "$warnings" ]; then
  echo "FAIL: the release build printed $(wc -l <"$warnings") warning(s):"
  head -40 "$warnings"
  status=1
fi
[ $status -eq 0 ] && echo "PASS: ${#commands[@]} README commands and a warning-free release build"
exit $status
