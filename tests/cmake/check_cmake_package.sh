#!/usr/bin/env bash
# The installed CMake package (issue 24): `meson install` of this build into a temporary DESTDIR,
# then a small CMake project that says find_package(tapegrad) and links tapegrad::tapegrad must
# configure, build and run, and print a gradient computed by tapegrad. The pkg-config file beside it
# must give the same install's include folder.
#   check_cmake_package.sh BUILD_DIR
set -uo pipefail
build=$1
fail() { echo "FAIL: $*"; exit 1; }
command -v cmake >/dev/null || { echo "SKIP: cmake is not installed (scripts/bootstrap installs it)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

meson install -C "$build" --no-rebuild --destdir "$work/root" --quiet >"$work/install.txt" 2>&1 ||
  { cat "$work/install.txt"; fail "meson install"; }
prefix=$(meson introspect "$build" --buildoptions |
  python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root=$work/root$prefix
config=$(find "$root" -name tapegradConfig.cmake)
[ -n "$config" ] || fail "no tapegradConfig.cmake installed under $root"
[ -f "$(dirname "$config")/tapegradConfigVersion.cmake" ] || fail "no tapegradConfigVersion.cmake beside $config"
pc=$(find "$root" -name tapegrad.pc)
[ -n "$pc" ] || fail "no tapegrad.pc installed"
echo "installed: ${config#"$work/root"} and ${pc#"$work/root"}"

mkdir -p "$work/project"
cat >"$work/project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(uses_tapegrad CXX)
find_package(tapegrad 0.1 REQUIRED)
add_executable(square square.cpp)
target_link_libraries(square PRIVATE tapegrad::tapegrad)
CMAKE
cat >"$work/project/square.cpp" <<'CPP'
#include <tapegrad/tapegrad.h>
#include <iostream>
int main() {
  auto x = tg::full({2}, 3.0, tg::TensorOptions().requires_grad(true));
  (x * x).sum().backward();           // d/dx x^2 = 2x = 6
  std::cout << "grad " << x.grad()[1].item<double>() << "\n";
}
CPP
cmake -S "$work/project" -B "$work/project/build" -DCMAKE_PREFIX_PATH="$root" \
  -DCMAKE_BUILD_TYPE=Release >"$work/cmake.txt" 2>&1 || { cat "$work/cmake.txt"; fail "cmake configure"; }
grep -q "Found tapegrad\|tapegrad_DIR" "$work/project/build/CMakeCache.txt" || fail "tapegrad_DIR not set"
grep -q "^tapegrad_DIR:PATH=$(dirname "$config")$" "$work/project/build/CMakeCache.txt" ||
  fail "CMake found another tapegrad: $(grep tapegrad_DIR "$work/project/build/CMakeCache.txt")"
cmake --build "$work/project/build" >"$work/make.txt" 2>&1 || { cat "$work/make.txt"; fail "building against tapegrad::tapegrad"; }
out=$(LD_LIBRARY_PATH="$(dirname "$(find "$root" -name libtapegrad.so | head -1)")" "$work/project/build/square") ||
  fail "the program built with CMake failed: $out"
[ "$out" = "grad 6" ] || fail "expected 'grad 6', got '$out'"

# A version this install does not satisfy is refused.
sed -i 's/find_package(tapegrad 0.1 REQUIRED)/find_package(tapegrad 7.0 REQUIRED)/' "$work/project/CMakeLists.txt"
cmake -S "$work/project" -B "$work/project/build7" -DCMAKE_PREFIX_PATH="$root" >"$work/cmake7.txt" 2>&1 &&
  fail "find_package(tapegrad 7.0) accepted version $(meson introspect "$build" --projectinfo | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')"

PKG_CONFIG_SYSROOT_DIR="$work/root" PKG_CONFIG_PATH="$(dirname "$pc")" pkg-config --cflags tapegrad |
  grep -q -- "-I$root/include" || fail "pkg-config --cflags does not point into the install"
echo "PASS: find_package(tapegrad) -> tapegrad::tapegrad builds and runs (grad 6); version 7.0 refused"
