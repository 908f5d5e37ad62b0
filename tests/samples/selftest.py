#!/usr/bin/env python3
"""The sample checker rejects what it must: a waiting sample whose functions all
exist (simulated with --pretend-exported), and a missing reference directory.
Usage: selftest.py RUN_SAMPLES_ARGS...  (the arguments of the real run)."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
base = sys.argv[1:]
failures = 0


def run(extra, replace_ref=None):
    args = list(base)
    if replace_ref is not None:
        args[args.index('--reference') + 1] = replace_ref
    p = subprocess.run([sys.executable, os.path.join(HERE, 'run_samples.py')] + args + extra,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def expect_failure(what, extra, needle, replace_ref=None):
    global failures
    rc, out = run(extra, replace_ref)
    if rc == 0 or needle not in out:
        print('FAIL: %s was not rejected (exit %d, wanted %r):\n%s' % (what, rc, needle, out))
        failures += 1
    else:
        print('ok: %s rejected' % what)


expect_failure('a waiting sample whose functions all exist',
               ['--pretend-exported', 'FwpmGetAppIdFromFileName0'],
               'types/ns-fwpmtypes-fwpm_filter_condition0#0 is listed in waiting.txt but every function')
with tempfile.TemporaryDirectory() as empty:
    expect_failure('a missing reference', [], 'reference not found', replace_ref=os.path.join(empty, 'nope'))
sys.exit(1 if failures else 0)
