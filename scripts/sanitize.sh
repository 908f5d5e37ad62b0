#!/usr/bin/env bash
# Runs the native test suites (C unit tests, C conformance runner, examples,
# source-compatibility program) against a library built with AddressSanitizer
# and UndefinedBehaviorSanitizer.  Any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
build=build-asan
# The SDKs are off here (their runtimes are not built with the sanitizers);
# an existing build dir is reconfigured with the same options.
opts=(-Db_sanitize=address,undefined -Db_lundef=false
      -Dcsharp=disabled -Djava=disabled -Dgo=disabled -Dabi_checks=false)
if [[ -f $build/build.ninja ]]; then
  meson setup --reconfigure "$build" "${opts[@]}" >/dev/null
else
  meson setup "$build" "${opts[@]}" >/dev/null
fi
ninja -C "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || status=$?
python3 scripts/summarize-tests.py "$build/meson-logs/testlog.json" || status=1
exit $status
