#!/usr/bin/env bash
# Benchmarks (issue #5), one command.  Builds a release build with
# -Dbench=true in build-bench/, runs bench/fwpk_bench (figures, each with a
# reference measured in the same run and their ratio), runs the bindings'
# documented bench modes when they exist, and writes the table to
# bench/results/results.md and bench/results/results.json.
#
#   scripts/bench.sh [--quick] [--max-n N]     (defaults: full run, N up to 1e6)
#
# Environment: FWPK_BENCH_BUILD_DIR (default build-bench),
# FWPK_BENCH_NO_BINDINGS=1 to skip the C#/Java/Go runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FWPK_BENCH_BUILD_DIR:-build-bench}
out=bench/results
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bindings=true
[[ ${FWPK_BENCH_NO_BINDINGS:-0} == 1 ]] && bindings=false
setup() {  # $1 = bindings true/false; reuses an existing build dir
  local sdk=disabled
  [[ $1 == true ]] && sdk=enabled
  local opts=(-Dbench=true -Dbuildtype=release -Dabi_checks=false -Dcsharp=$sdk -Djava=$sdk -Dgo=$sdk)
  if [[ -f $build/build.ninja ]]; then
    # -Dbindings=true: clear the deprecated all-off switch an older run may have left.
    meson configure "$build" "${opts[@]}" -Dbindings=true >"$tmp/setup.log" 2>&1
  else
    meson setup "$build" "${opts[@]}" >"$tmp/setup.log" 2>&1
  fi
}
binding_note=""
if ! { setup "$bindings" && ninja -C "$build" >"$tmp/build.log" 2>&1; }; then
  if [[ $bindings == true ]]; then
    binding_note="bindings build failed (meson setup/ninja with -Dcsharp/-Djava/-Dgo=enabled); see the bench.sh log"
    echo "bench: build with bindings failed; retrying without them" >&2
    tail -20 "$tmp/setup.log" "$tmp/build.log" 2>/dev/null >&2 || true
    bindings=false
    setup false || { cat "$tmp/setup.log" >&2; exit 1; }
    ninja -C "$build" fwpk_bench >"$tmp/build.log" 2>&1 || { tail -40 "$tmp/build.log" >&2; exit 1; }
  else
    cat "$tmp/setup.log" "$tmp/build.log" >&2 2>/dev/null || true
    exit 1
  fi
fi
[[ ${FWPK_BENCH_NO_BINDINGS:-0} == 1 ]] && binding_note="skipped (FWPK_BENCH_NO_BINDINGS=1)"

bench_exe=$build/bench/fwpk_bench
echo "== fwpk_bench $*"
"$bench_exe" --json "$tmp/c.json" "$@"
echo "== C baseline of the bindings' bench workload"
"$bench_exe" --binding-baseline | tee "$tmp/baseline.txt"

# The bindings' bench commands, as their READMEs document them (<build> and
# a leading build/ are this build dir; "[page-size|bench]" means "bench").
: >"$tmp/bindings.txt"
for lang in csharp java go; do
  if [[ $bindings != true ]]; then
    echo "NOTMEASURED $lang ${binding_note:-bindings not built}" >>"$tmp/bindings.txt"
    continue
  fi
  cmd=$(python3 bench/binding_cmd.py "bindings/$lang/README.md" "$build" 2>/dev/null || true)
  if [[ -z $cmd ]]; then
    echo "NOTMEASURED $lang no bench command documented in bindings/$lang/README.md" >>"$tmp/bindings.txt"
    continue
  fi
  echo "== $lang: $cmd"
  echo "CMD $lang $cmd" >>"$tmp/bindings.txt"
  if timeout 900 bash -c "$cmd" >"$tmp/$lang.out" 2>"$tmp/$lang.err"; then
    grep "^BENCH $lang " "$tmp/$lang.out" | tee -a "$tmp/bindings.txt" || true
    grep -q "^BENCH $lang " "$tmp/$lang.out" ||
      echo "NOTMEASURED $lang the command ran but printed no BENCH $lang line" >>"$tmp/bindings.txt"
  else
    rc=$?
    tail -5 "$tmp/$lang.err" >&2 || true
    echo "NOTMEASURED $lang the documented command failed (exit $rc): $(tail -1 "$tmp/$lang.err" | cut -c1-160)" >>"$tmp/bindings.txt"
  fi
done

python3 bench/report.py --c "$tmp/c.json" --baseline "$tmp/baseline.txt" --bindings "$tmp/bindings.txt" \
  --args "$*" --md "$out/results.md" --json "$out/results.json"
echo "bench: wrote $out/results.md and $out/results.json"
