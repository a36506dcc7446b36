#!/usr/bin/env bash
# Brings a fresh Debian 12 + Node 20 machine (root) to a built checkout; safe to run again.
# Installs only what is missing: Debian packages, npm dependencies, then builds wasm + dist.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_pkgs=()
command -v em++ >/dev/null 2>&1 || apt_pkgs+=(emscripten)
# The demo and the end-to-end training tests use Fashion-MNIST from Debian's package.
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  apt_pkgs+=(dataset-fashion-mnist)
fi
# The browser tests and the browser demo test drive Debian's Chromium (playwright-core, no download).
# Its SwiftShader Vulkan driver (/usr/lib/chromium) also gives Node's WebGPU tests (test/webgpu) an adapter.
[ -x /usr/bin/chromium ] || apt_pkgs+=(chromium)
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${apt_pkgs[*]} — run as root or: sudo apt-get install ${apt_pkgs[*]}" >&2
    exit 1
  fi
  echo "installing Debian packages: ${apt_pkgs[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

node scripts/gen-wgsl.mjs
bash wasm/build.sh
npx rollup -c --silent
