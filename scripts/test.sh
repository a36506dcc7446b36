#!/usr/bin/env bash
# The test command (README, CI): set up, run vitest, end with a plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
mkdir -p build
npx vitest run --reporter=default --reporter=json --outputFile=build/vitest-results.json "$@"
status=$?
node scripts/summarize-tests.mjs build/vitest-results.json || status=1
exit $status
