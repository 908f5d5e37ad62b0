#!/usr/bin/env python3
"""Exported-symbol check of libfwpkclnt.

  * `nm -D --defined-only` of the library lists exactly the committed
    tests/abi/exported_symbols.txt (no more, no fewer);
  * that list is exactly the functions the public headers declare with
    FWPK_API (fwpmk.h + fwpk_version.h), so header and list cannot drift;
  * every exported symbol carries the version FWPKCLNT_1.0 (readelf --dyn-syms);
  * nothing C++ leaks: no _Z* / __cxa_* / std:: / typeinfo / vtable symbols;
  * the SONAME is libfwpkclnt.so.1.
Exit status 0 only when all hold; every failed condition is printed.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION_NODE = 'FWPKCLNT_1.0'
SONAME = 'libfwpkclnt.so.1'


def tool(name):
    if shutil.which(name) is None:
        print('FAIL: required tool %r not found (this test never skips)' % name, file=sys.stderr)
        sys.exit(1)
    return name


def out(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        print('FAIL: %s: %s' % (' '.join(cmd), p.stderr), file=sys.stderr)
        sys.exit(1)
    return p.stdout


def declared_functions(include_dir):
    names = set()
    for h in ('fwpmk.h', 'fwpk_version.h'):
        text = open(os.path.join(include_dir, h), encoding='utf-8').read()
        text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
        text = '\n'.join(l for l in text.split('\n') if not l.lstrip().startswith('#'))
        names |= set(re.findall(r'\bFWPK_API\b[^;{]*?\b([A-Za-z_]\w*)\s*\(', text))
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--lib', required=True)
    ap.add_argument('--list', default=os.path.join(HERE, 'exported_symbols.txt'))
    ap.add_argument('--include', help='include/ dir: also check the list against the headers')
    args = ap.parse_args()
    nm, readelf = tool('nm'), tool('readelf')
    errors = []

    expected = set(l.strip() for l in open(args.list) if l.strip() and not l.startswith('#'))

    if args.include:
        declared = declared_functions(args.include)
        for n in sorted(declared - expected):
            errors.append('%s is declared FWPK_API in the headers but missing from %s' % (n, args.list))
        for n in sorted(expected - declared):
            errors.append('%s is in %s but not declared FWPK_API in the headers' % (n, args.list))

    # nm -D --defined-only: "ADDR TYPE NAME"; the version node itself shows as an absolute symbol
    exported = set()
    for line in out([nm, '-D', '--defined-only', args.lib]).splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        typ, name = parts[-2], parts[-1]
        if typ == 'A' and name == VERSION_NODE:
            continue
        exported.add(name.split('@')[0])
    for n in sorted(exported - expected):
        errors.append('exported but not in the list: %s' % n)
    for n in sorted(expected - exported):
        errors.append('in the list but not exported: %s' % n)
    for n in sorted(exported):
        if n.startswith('_Z') or n.startswith('__cxa_') or 'std::' in n or n.startswith('_ZT'):
            errors.append('C++ symbol leaks from the library: %s' % n)

    # versions: readelf --dyn-syms -W shows NAME@@VERSION for defined versioned symbols
    seen_versioned = set()
    for line in out([readelf, '--dyn-syms', '-W', args.lib]).splitlines():
        parts = line.split()
        if len(parts) < 8 or not parts[0].endswith(':') or not parts[0][:-1].isdigit():
            continue
        typ, bind, ndx, sym = parts[3], parts[4], parts[6], parts[7]
        if ndx == 'UND' or bind == 'LOCAL':
            continue
        name, _, ver = sym.partition('@')
        ver = ver.lstrip('@')
        if name == VERSION_NODE and ndx == 'ABS':
            continue
        if ver != VERSION_NODE or '@@' not in sym:
            errors.append('%s is not versioned %s (readelf shows %r)' % (name, VERSION_NODE, sym))
        else:
            seen_versioned.add(name)
    for n in sorted(expected - seen_versioned):
        if n in exported:
            errors.append('%s: no default version %s found by readelf' % (n, VERSION_NODE))

    sonames = re.findall(r'\(SONAME\)\s+Library soname: \[([^\]]+)\]', out([readelf, '-d', '-W', args.lib]))
    if sonames != [SONAME]:
        errors.append('SONAME is %r, expected %r' % (sonames, SONAME))

    if errors:
        for e in errors:
            print('FAIL: ' + e)
        sys.exit(1)
    print('PASS: %d symbols, all %s, SONAME %s' % (len(exported), VERSION_NODE, SONAME))


if __name__ == '__main__':
    main()
