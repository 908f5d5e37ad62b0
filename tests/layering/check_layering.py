#!/usr/bin/env python3
"""The library's layers may only depend downwards:

    abi -> engine -> marshal -> base

Reads every #include line under lib/ and fails if a file includes a header of
its own layer's superiors (lib/base includes nothing from lib/marshal,
lib/engine or lib/abi; lib/marshal nothing from lib/engine or lib/abi;
lib/engine nothing from lib/abi).  Includes are resolved the way the build
resolves them: "dir/x.h" against lib/ (the library's include directory), and
relative paths against the including file.  `--selftest` proves the check
catches each kind of violation on a scratch tree.
Usage: check_layering.py <source root> | --selftest
"""
import os
import re
import sys
import tempfile

# Lower rank = lower layer.  A file may include its own layer or lower ones.
RANK = {'base': 0, 'catalogue': 0, 'marshal': 1, 'engine': 2, 'abi': 3}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
SOURCES = ('.h', '.hpp', '.c', '.cc', '.cpp', '.inc')


def layer_of(path, lib):
    rel = os.path.relpath(path, lib)
    top = rel.split(os.sep)[0]
    return top if top in RANK else None


def violations(root):
    lib = os.path.join(root, 'lib')
    out = []
    for dirpath, _, files in os.walk(lib):
        for name in sorted(files):
            if not name.endswith(SOURCES):
                continue
            path = os.path.join(dirpath, name)
            mine = layer_of(path, lib)
            if mine is None:
                continue
            with open(path, encoding='utf-8', errors='replace') as f:
                for no, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    inc = m.group(1)
                    candidates = [os.path.normpath(os.path.join(dirpath, inc)),
                                  os.path.normpath(os.path.join(lib, inc))]
                    for c in candidates:
                        if not c.startswith(lib + os.sep):
                            continue
                        theirs = layer_of(c, lib)
                        # "engine/x.h" names lib/engine even if the file is
                        # missing: the path, not the file, is the dependency.
                        named = c == candidates[1] or inc.startswith('.')
                        if theirs is not None and (os.path.exists(c) or named) \
                                and RANK[theirs] > RANK[mine]:
                            out.append('%s:%d: lib/%s includes %s (lib/%s is above it)'
                                       % (os.path.relpath(path, root), no, mine, inc, theirs))
                            break
    return out


def selftest():
    cases = {
        'lib/marshal/a.cpp': '#include "engine/engine.h"\n',
        'lib/marshal/b.h': '#include "../abi/guard.h"\n',
        'lib/base/c.h': '#include "marshal/builder.h"\n',
        'lib/base/d.h': '#  include <engine/ops.h>\n',
        'lib/engine/e.cpp': '#include "abi/guard.h"\n',
    }
    ok_files = {
        'lib/engine/f.cpp': '#include "marshal/copy.h"\n#include "base/status.h"\n#include <vector>\n',
        'lib/marshal/g.cpp': '#include "base/status.h"\n#include "g.h"\n',
        'lib/abi/h.cpp': '#include "engine/ops.h"\n',
    }
    failed = False
    for bad, text in cases.items():
        with tempfile.TemporaryDirectory() as d:
            for p, t in list(ok_files.items()) + [(bad, text)]:
                os.makedirs(os.path.dirname(os.path.join(d, p)), exist_ok=True)
                with open(os.path.join(d, p), 'w') as f:
                    f.write(t)
            v = violations(d)
            if len(v) != 1 or not v[0].startswith(bad):
                print('selftest: %s not caught exactly once: %r' % (bad, v))
                failed = True
    with tempfile.TemporaryDirectory() as d:
        for p, t in ok_files.items():
            os.makedirs(os.path.dirname(os.path.join(d, p)), exist_ok=True)
            with open(os.path.join(d, p), 'w') as f:
                f.write(t)
        if violations(d):
            print('selftest: a clean tree was flagged: %r' % violations(d))
            failed = True
    print('selftest: %s' % ('FAILED' if failed else '%d violations caught, clean tree passes' % len(cases)))
    return 1 if failed else 0


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    if sys.argv[1] == '--selftest':
        return selftest()
    v = violations(sys.argv[1])
    for line in v:
        print(line)
    print('%d layering violation(s)' % len(v))
    return 1 if v else 0


if __name__ == '__main__':
    sys.exit(main())
