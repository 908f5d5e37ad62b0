#!/usr/bin/env bash
# ABI check of libfwpkclnt against the committed abidw baseline.
#   check_abi.sh BASELINE.abi LIBRARY.so INCLUDE_DIR
# Dumps the ABI of LIBRARY with exactly the options scripts/update-abi-baseline.sh
# uses (public types only: --headers-dir INCLUDE_DIR) and runs abidiff against
# BASELINE.  ANY difference fails: an incompatible change, a compatible change,
# an added or a removed function/variable.  A missing tool fails, never skips.
set -u
if [ $# -ne 3 ]; then
    echo "usage: $0 BASELINE.abi LIBRARY.so INCLUDE_DIR" >&2
    exit 2
fi
baseline=$1 lib=$2 inc=$3
for t in abidw abidiff; do
    command -v "$t" >/dev/null 2>&1 || { echo "FAIL: required tool $t not found (install abigail-tools)"; exit 1; }
done
[ -f "$baseline" ] || { echo "FAIL: no baseline $baseline (create it with scripts/update-abi-baseline.sh)"; exit 1; }
[ -f "$lib" ] || { echo "FAIL: no library $lib"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=abidw_options.sh
. "$(dirname "$0")/abidw_options.sh"
if ! abidw "${FWPK_ABIDW_OPTIONS[@]}" --headers-dir "$inc" --out-file "$tmp/current.abi" "$lib"; then
    echo "FAIL: abidw could not read $lib (is it built with debug info?)"
    exit 1
fi
abidiff --harmless --added-fns --added-vars "$baseline" "$tmp/current.abi" >"$tmp/diff.txt" 2>&1
rc=$?
cat "$tmp/diff.txt"
# abidiff's exit status is a bit set (1 error, 2 usage, 4 ABI change, 8 incompatible change);
# it is not set for additions, so those are caught from the report text as well.
if [ $rc -ne 0 ] || grep -qE '(Added|Removed) (function|variable)|[1-9][0-9]* (Added|Removed)' "$tmp/diff.txt"; then
    echo "FAIL: the ABI of $lib differs from $baseline (abidiff status $rc)."
    echo "      If the change is deliberate, update the baseline with scripts/update-abi-baseline.sh."
    exit 1
fi
echo "PASS: ABI of $(basename "$lib") equals the baseline"
