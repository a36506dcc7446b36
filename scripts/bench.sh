#!/usr/bin/env bash
# npm run bench: set up, then time mxjs against TensorFlow.js's wasm backend in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tsx bench/run.ts "$@"
