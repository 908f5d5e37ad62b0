#!/usr/bin/env python3
"""Prints one closing line for a meson test run: 'N passed, N failed'.

Meson prints its own summary; this line is the runner-neutral form CI reads.
Skipped tests count as failures: in this project a skip means a missing tool.
"""
import json
import sys

passed = failed = 0
with open(sys.argv[1]) as log:
    for line in log:
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        else:
            failed += 1
            print(f"not passed: {json.loads(line).get('name')} ({result})")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
