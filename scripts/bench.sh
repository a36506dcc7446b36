#!/usr/bin/env bash
# npm run bench: set up, then time mxjs against TensorFlow.js (wasm), onnxruntime-web and PyTorch (if installed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tsx bench/run.ts "$@"
