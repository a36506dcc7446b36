#!/usr/bin/env bash
# Builds the C++ core into build/wasm/mxjs{,-mt}{,-relaxed}.wasm (standalone WebAssembly SIMD modules:
# single-threaded or with wasm threads, SIMD128 or relaxed SIMD) with emscripten + CMake.
# Idempotent: re-running only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v em++ >/dev/null 2>&1 || ! command -v emcmake >/dev/null 2>&1; then
  echo "error: em++/emcmake not found. Install emscripten first, e.g.: apt-get install -y emscripten" >&2
  exit 1
fi
if ! command -v cmake >/dev/null 2>&1; then
  echo "error: cmake not found. Install it first, e.g.: apt-get install -y cmake" >&2
  exit 1
fi

BUILD_DIR=build/cmake-wasm
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  generator=()
  if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
  emcmake cmake -S . -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD_DIR" -j2
mkdir -p build/wasm
for m in mxjs mxjs-mt mxjs-relaxed mxjs-mt-relaxed; do
  cp "$BUILD_DIR/$m.wasm" "build/wasm/$m.wasm"
  case "$m" in *-relaxed) node wasm/relaxed_opcodes.mjs "build/wasm/$m.wasm" ;; esac
  echo "built build/wasm/$m.wasm ($(wc -c < "build/wasm/$m.wasm") bytes)"
done
