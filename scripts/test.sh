#!/usr/bin/env bash
# Builds everything and runs every test: the C suites, the conformance suite
# in four languages, the C#, Java and Go SDK tests, the examples and the ABI
# checks.  Ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
build=${FWPK_BUILD_DIR:-build-test}
[[ -f $build/build.ninja ]] || meson setup "$build" >/dev/null
ninja -C "$build"
status=0
meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || status=$?
python3 scripts/summarize-tests.py "$build/meson-logs/testlog.json" || status=1
exit $status
