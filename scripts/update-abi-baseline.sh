#!/usr/bin/env bash
# Regenerate tests/abi/baseline/libfwpkclnt.abi from a built library — run this only
# for a deliberate ABI change, after checking that the exported symbol set is right
# (meson test -C BUILD symbols).
#   scripts/update-abi-baseline.sh [BUILD_DIR]      (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
lib=$build/lib/libfwpkclnt.so
command -v abidw >/dev/null 2>&1 || { echo "abidw not found (install abigail-tools)" >&2; exit 1; }
[ -f "$lib" ] || { echo "no $lib: build first (ninja -C $build)" >&2; exit 1; }
python3 "$root/tests/abi/check_symbols.py" --lib "$lib" --include "$root/include" ||
    { echo "refusing to baseline a library whose exported symbols are wrong" >&2; exit 1; }
. "$root/tests/abi/abidw_options.sh"
mkdir -p "$root/tests/abi/baseline"
abidw "${FWPK_ABIDW_OPTIONS[@]}" --headers-dir "$root/include" \
    --out-file "$root/tests/abi/baseline/libfwpkclnt.abi" "$lib"
echo "wrote tests/abi/baseline/libfwpkclnt.abi from $lib"
