#!/usr/bin/env bash
# Extracts the C block of README.md, compiles it as a user would (pkg-config
# against the build tree) with -Wall -Wextra -Werror, and runs it as README.md
# says it runs: found through the .pc's rpath, no LD_LIBRARY_PATH.
set -euo pipefail
readme=$1 build_root=$2 work=$3
mkdir -p "$work"
awk '/^```c$/{on=1; next} /^```$/{if(on) exit} on' "$readme" > "$work/readme_example.c"
[[ -s $work/readme_example.c ]] || { echo "no C block in README.md" >&2; exit 1; }
export PKG_CONFIG_PATH=$build_root/meson-uninstalled
cc -std=c11 -Wall -Wextra -Werror ${CFLAGS:-} "$work/readme_example.c" -o "$work/readme_example" \
  $(pkg-config --cflags --libs fwpkclnt)
out=$(env -u LD_LIBRARY_PATH "$work/readme_example")
echo "$out"
grep -q '^SA context [0-9]' <<<"$out"
grep -q '^STATUS_SUCCESS$' <<<"$out"
grep -q '^FWP_E_NOT_FOUND$' <<<"$out"
