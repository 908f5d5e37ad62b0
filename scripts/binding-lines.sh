#!/usr/bin/env bash
# Hand-written lines under bindings/ (issue 9's measure): every tracked file
# except tests, conformance runners, examples and Markdown.  Generated files
# are build outputs and are not tracked, so they are not counted.
#   scripts/binding-lines.sh [git-revision]     (default: the working tree)
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-}
exclude='(/Fwpk\.Tests/|/Fwpk\.Conformance/|/test/|/tests?/|/conformance/|_test\.go$|/cmd/|/examples?/|\.md$)'
if [[ -n $rev ]]; then
  git ls-tree -r --name-only "$rev" bindings | grep -v -E "$exclude" |
    while read -r f; do git show "$rev:$f" | wc -l; done | awk '{s+=$1} END {print s}'
else
  git ls-files bindings | grep -v -E "$exclude" | xargs cat | wc -l
fi
