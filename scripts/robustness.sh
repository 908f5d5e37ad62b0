#!/usr/bin/env bash
# Robustness, one command (the long versions of the meson suite 'robustness'):
#   1. libFuzzer campaign on fuzz/fuzz_api.cpp (clang, -fsanitize=fuzzer,address,undefined,
#      library sources compiled in), then minimisation of the corpus with -merge=1;
#   2. allocation-failure injection over every public function (AddressSanitizer build);
#   3. concurrency stress under ThreadSanitizer;
#   4. valgrind memcheck over the C test suite (tests/c) and the fuzz corpus.
# Ends with a summary; exits non-zero if any part failed.
#
#   scripts/robustness.sh [--fuzz-seconds N] [--update-corpus] [--tsan-iterations N] [--skip STEP]...
#     --fuzz-seconds N     length of the fuzzing campaign (default 300)
#     --update-corpus      replace fuzz/corpus by the minimised union of fuzz/corpus and the
#                          campaign's corpus (commit-worthy)
#     --skip fuzz|oom|tsan|valgrind
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
fuzz_seconds=300
update_corpus=0
tsan_iterations=20000
skip=" "
while (($#)); do
  case $1 in
    --fuzz-seconds) fuzz_seconds=$2; shift ;;
    --update-corpus) update_corpus=1 ;;
    --tsan-iterations) tsan_iterations=$2; shift ;;
    --skip) skip+="$2 "; shift ;;
    *) echo "usage: $0 [--fuzz-seconds N] [--update-corpus] [--tsan-iterations N] [--skip fuzz|oom|tsan|valgrind]" >&2; exit 2 ;;
  esac
  shift
done
jobs=$(nproc 2>/dev/null || echo 2)
CXX=${CXX_CLANG:-clang++}
common=(-g -O1 -std=c++17 -I"$root/include" -I"$root/lib" -I"$root/tests/robustness" -DFWPK_BUILDING_LIBRARY -pthread)
declare -A result

# Compiles the library sources with the given flags into $1/obj (parallel).
build_lib() {
  local dir=$1; shift
  mkdir -p "$dir/obj" "$dir/gen"
  # the sources meson generates (lib/meson.build): status names, the catalogue tables,
  # the provider-context conversions
  python3 lib/abi/status_names.py "$dir/gen/status_names.inc" include/fwpk_base.h include/fwpk_errors.h &&
  python3 lib/catalogue/gen_tables.py lib/catalogue/wfp_catalogue.json "$dir/gen/catalogue_tables.cpp" &&
  python3 bindings/gen/libcopy.py "$root/include" "$dir/gen/fwpk_convert.h" \
    FWPM_PROVIDER_CONTEXT0 FWPM_PROVIDER_CONTEXT1 FWPM_PROVIDER_CONTEXT2 FWPM_PROVIDER_CONTEXT3 || return 1
  local pids=() f
  for f in "$root"/lib/*/*.cpp "$dir/gen/catalogue_tables.cpp"; do
    "$CXX" -c "${common[@]}" -I"$dir/gen" "$@" "$f" -o "$dir/obj/$(basename "$(dirname "$f")")_$(basename "$f" .cpp).o" &
    pids+=($!)
    if ((${#pids[@]} >= jobs)); then wait "${pids[0]}" || return 1; pids=("${pids[@]:1}"); fi
  done
  local p
  for p in "${pids[@]}"; do wait "$p" || return 1; done
}

# ---- 1. fuzzing ------------------------------------------------------------------------
if [[ $skip != *" fuzz "* ]]; then
  echo "== fuzz: building (clang, libFuzzer + ASan + UBSan)"
  d=build-fuzz
  san=(-fsanitize=address,undefined -fno-sanitize-recover=undefined)
  if build_lib "$d" -fsanitize=fuzzer-no-link "${san[@]}" &&
     "$CXX" "${common[@]}" -fsanitize=fuzzer "${san[@]}" "$d"/obj/*.o fuzz/fuzz_api.cpp -o "$d/fuzz_api"; then
    rm -rf "$d/corpus" && mkdir -p "$d/corpus" && cp fuzz/corpus/* "$d/corpus/" 2>/dev/null
    echo "== fuzz: campaign of ${fuzz_seconds}s over $(ls fuzz/corpus | wc -l) seed inputs"
    FUZZ_API_STATS=1 "$d/fuzz_api" -max_total_time="$fuzz_seconds" -max_len=1024 -print_final_stats=1 \
      -artifact_prefix="$d/" "$d/corpus" >"$d/campaign.log" 2>&1
    rc=$?
    grep -E "(INITED|DONE) +cov" "$d/campaign.log" | sed 's/^/   /'
    grep -E "^stat::|successful calls" "$d/campaign.log" | sed 's/^/   /'
    if ((rc != 0)); then
      result[fuzz]="FAIL (exit $rc; crash input in $d/; see $d/campaign.log)"
      grep -E "invariant failed|ERROR|SUMMARY" "$d/campaign.log" | head -5
    else
      result[fuzz]="ok"
      if ((update_corpus)); then
        rm -rf "$d/min" && mkdir -p "$d/min"
        # Edge coverage only (-use_counters=0): ~10x fewer inputs than the
        # default feature set, for ~99.8% of its edges.
        "$d/fuzz_api" -merge=1 -use_counters=0 "$d/min" fuzz/corpus "$d/corpus" >"$d/merge.log" 2>&1
        rm -f fuzz/corpus/* && cp "$d"/min/* fuzz/corpus/
        echo "   corpus minimised: $(ls fuzz/corpus | wc -l) inputs, $(du -sh --apparent-size fuzz/corpus | cut -f1)"
      fi
      echo "== fuzz: replaying fuzz/corpus"
      "$d/fuzz_api" -runs=0 fuzz/corpus >"$d/replay.log" 2>&1 && grep -E "DONE" "$d/replay.log" | sed 's/^/   /' ||
        result[fuzz]="FAIL (corpus replay)"
    fi
  else
    result[fuzz]="FAIL (build)"
  fi
fi

# ---- 2. allocation-failure injection ------------------------------------------------------
if [[ $skip != *" oom "* ]]; then
  echo "== oom: building (ASan, malloc wrapped, operator new replaced)"
  d=build-oom
  if build_lib "$d" -fsanitize=address &&
     "$CXX" "${common[@]}" -fsanitize=address "$d"/obj/*.o tests/robustness/oom_inject.cpp -o "$d/oom_inject" \
       -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free; then
    if ASAN_OPTIONS=detect_leaks=1 "$d/oom_inject" | tee "$d/oom.log"; then result[oom]="ok"; else result[oom]="FAIL"; fi
  else
    result[oom]="FAIL (build)"
  fi
fi

# ---- 3. ThreadSanitizer stress ------------------------------------------------------------
if [[ $skip != *" tsan "* ]]; then
  echo "== tsan: building"
  d=build-tsan
  if build_lib "$d" -fsanitize=thread &&
     "$CXX" "${common[@]}" -fsanitize=thread "$d"/obj/*.o tests/robustness/tsan_stress.cpp -o "$d/tsan_stress"; then
    if TSAN_OPTIONS=halt_on_error=1 "$d/tsan_stress" "$tsan_iterations"; then result[tsan]="ok"; else result[tsan]="FAIL"; fi
  else
    result[tsan]="FAIL (build)"
  fi
fi

# ---- 4. valgrind ----------------------------------------------------------------------
if [[ $skip != *" valgrind "* ]]; then
  echo "== valgrind: memcheck over tests/c and the fuzz corpus"
  d=build-valgrind
  vg="valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect"
  if { [[ -f $d/build.ninja ]] || meson setup "$d" -Dcsharp=disabled -Djava=disabled -Dgo=disabled -Dabi_checks=false -Dbuildtype=debug >/dev/null; } &&
     ninja -C "$d" >/dev/null; then
    ok=1
    meson test -C "$d" --wrap="$vg" --suite c --num-processes "$jobs" --print-errorlogs || ok=0
    $vg --quiet "$d/tests/robustness/fuzz_replay" fuzz/corpus || ok=0
    if ((ok)); then result[valgrind]="ok"; else result[valgrind]="FAIL"; fi
  else
    result[valgrind]="FAIL (build)"
  fi
fi

echo "== summary"
status=0
for k in fuzz oom tsan valgrind; do
  [[ -n ${result[$k]:-} ]] || continue
  printf '   %-9s %s\n' "$k" "${result[$k]}"
  [[ ${result[$k]} == ok ]] || status=1
done
exit $status
