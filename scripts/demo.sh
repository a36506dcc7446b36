#!/usr/bin/env bash
# The main demo: train the seed's MLP on Fashion-MNIST, checkpoint every epoch, reload and score.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tsx examples/fashion_mnist/train_mlp.ts "$@"
