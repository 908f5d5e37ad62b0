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

# The wrapper's shapes on a reference of our own (our code, not Microsoft's): a
# program whose main is renamed, a fragment that uses engineHandle and result,
# a sample needing a missing function (must be listed), and one block in an
# unrelated language (ignored).
PROGRAM = """```cpp
#include <windows.h>
#include <fwpmu.h>
#include <stdio.h>
#pragma comment(lib, "Fwpuclnt.lib")
int main()
{
    HANDLE engine;
    DWORD result = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &engine);
    if (result != ERROR_SUCCESS) return 1;
    result = FwpmEngineClose0(engine);
    printf("closed: %u\\n", (unsigned)result);
    return 0;
}
```
"""
FRAGMENT = """Text before.

```C++
result = FwpmTransactionBegin0(engineHandle, 0);
if (result == ERROR_SUCCESS)
    result = FwpmTransactionAbort0(engineHandle);
```

```python
print("not C")
```
"""
MISSING = """```c
result = FwpmConnectionCreateEnumHandle0(engineHandle, NULL, NULL);
```
"""
with tempfile.TemporaryDirectory() as ref:
    os.makedirs(os.path.join(ref, 'wfp', 'x'))
    for page, text in (('x/program', PROGRAM), ('x/fragment', FRAGMENT), ('x/missing', MISSING)):
        open(os.path.join(ref, 'wfp', page + '.md'), 'w').write(text)
    tables = os.path.join(ref, 'tables')
    os.makedirs(tables)
    for t in ('expected.txt', 'flags.txt'):
        open(os.path.join(tables, t), 'w').write('')
    open(os.path.join(tables, 'waiting.txt'), 'w').write('x/missing#0 | FwpmConnectionCreateEnumHandle0\n')
    rc, out = run(['--tables', tables], replace_ref=ref)
    wanted = ['ran      x/program#0', 'ran      x/fragment#0', 'FwpmTransactionBegin0 -> STATUS_SUCCESS',
              'waiting  x/missing#0', '3 sample(s) in the reference']
    missing = [w for w in wanted if w not in out]
    if rc != 0 or missing:
        print('FAIL: the wrapper shapes did not build and run (exit %d, missing %s):\n%s' % (rc, missing, out))
        failures += 1
    else:
        print('ok: program and fragment shapes wrapped, built and run; missing function listed')
    open(os.path.join(tables, 'waiting.txt'), 'w').write('')
    expect_failure('a sample needing a missing function but not listed', ['--tables', tables],
                   'x/missing#0 needs FwpmConnectionCreateEnumHandle0, which the library lacks', replace_ref=ref)
sys.exit(1 if failures else 0)
