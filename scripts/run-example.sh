#!/usr/bin/env bash
# Builds libfwpkclnt and runs the main example: a manual-keying program that
# adds transport filters, creates SA contexts with inbound and outbound
# bundles, then lists them page by page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
build=build-example
[[ -f $build/build.ninja ]] || meson setup "$build" -Dcsharp=disabled -Djava=disabled -Dgo=disabled -Dabi_checks=false >/dev/null
ninja -C "$build" examples/c/manual_keying >/dev/null
"./$build/examples/c/manual_keying" "$@"
