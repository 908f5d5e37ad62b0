#!/usr/bin/env bash
# Builds everything and runs every test: the C suites, the conformance suite
# in four languages, the C#, Java and Go SDK tests, the examples and the ABI
# checks.  Ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
build=${FWPK_BUILD_DIR:-build-test}
# Every SDK enabled: a missing toolchain fails the configure, never a skipped
# test.  An existing build dir is reconfigured with the same options, so one
# set up before the feature options (or with another choice) picks them up;
# -Dbindings=true clears the deprecated all-off switch such a dir may hold.
sdks=(-Dcsharp=enabled -Djava=enabled -Dgo=enabled)
if [[ -f $build/build.ninja ]]; then
  meson setup --reconfigure "$build" "${sdks[@]}" -Dbindings=true >/dev/null
else
  meson setup "$build" "${sdks[@]}" >/dev/null
fi
ninja -C "$build"
status=0
meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || status=$?
python3 scripts/summarize-tests.py "$build/meson-logs/testlog.json" || status=1
exit $status
