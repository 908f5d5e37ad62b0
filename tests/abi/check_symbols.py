#!/usr/bin/env python3
"""Exported-symbol check of libfwpkclnt.

  * `nm -D --defined-only` of the library lists exactly the committed
    tests/abi/exported_symbols.txt (no more, no fewer);
  * that list is exactly the functions the public headers declare with
    FWPK_API (fwpmk.h + fwpk_version.h) plus the GUIDs of fwpm_guids.h, so
    header and list cannot drift;
  * every exported symbol carries, as its default version, the node the list
    gives it (FWPKCLNT_1.0 functions, FWPKCLNT_1.1 GUID data, FWPKCLNT_1.2 the
    provider/sublayer/layer/callout functions; readelf --dyn-syms),
    functions are FUNC and GUIDs 16-byte OBJECTs;
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
VERSION_NODES = ('FWPKCLNT_1.0', 'FWPKCLNT_1.1', 'FWPKCLNT_1.2')
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


def declared_guids(include_dir):
    sys.path.insert(0, HERE)
    import hdrparse
    return {name for name, header, _ in hdrparse.parse_guids(include_dir) if header == 'fwpm_guids.h'}


def load_list(path):
    """{name: version node} from 'NAME NODE' lines."""
    result = {}
    for line in open(path):
        if not line.strip() or line.startswith('#'):
            continue
        parts = line.split()
        if len(parts) != 2 or parts[1] not in VERSION_NODES:
            print('FAIL: %s: bad line %r (want "NAME NODE", NODE one of %s)'
                  % (path, line.rstrip(), ', '.join(VERSION_NODES)))
            sys.exit(1)
        result[parts[0]] = parts[1]
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--lib', required=True)
    ap.add_argument('--list', default=os.path.join(HERE, 'exported_symbols.txt'))
    ap.add_argument('--include', help='include/ dir: also check the list against the headers')
    args = ap.parse_args()
    nm, readelf = tool('nm'), tool('readelf')
    errors = []

    nodes = load_list(args.list)
    expected = set(nodes)

    guids = set()
    if args.include:
        guids = declared_guids(args.include)
        declared = declared_functions(args.include) | guids
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
        if typ == 'A' and name in VERSION_NODES:
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
        size, typ, bind, ndx, sym = parts[2], parts[3], parts[4], parts[6], parts[7]
        if ndx == 'UND' or bind == 'LOCAL':
            continue
        name, _, ver = sym.partition('@')
        ver = ver.lstrip('@')
        if name in VERSION_NODES and ndx == 'ABS':
            continue
        want = nodes.get(name)
        if want is None:
            continue                      # reported above as not in the list
        if ver != want or '@@' not in sym:
            errors.append('%s is not versioned %s (readelf shows %r)' % (name, want, sym))
        else:
            seen_versioned.add(name)
        if name in guids and (typ != 'OBJECT' or size != '16'):
            errors.append('%s: a GUID must be a 16-byte OBJECT (readelf: %s, size %s)' % (name, typ, size))
        if args.include and name not in guids and typ != 'FUNC':
            errors.append('%s: exported as %s, expected FUNC' % (name, typ))
    for n in sorted(expected - seen_versioned):
        if n in exported:
            errors.append('%s: no default version %s found by readelf' % (n, nodes[n]))

    sonames = re.findall(r'\(SONAME\)\s+Library soname: \[([^\]]+)\]', out([readelf, '-d', '-W', args.lib]))
    if sonames != [SONAME]:
        errors.append('SONAME is %r, expected %r' % (sonames, SONAME))

    if errors:
        for e in errors:
            print('FAIL: ' + e)
        sys.exit(1)
    per_node = {v: sum(1 for n in nodes.values() if n == v) for v in VERSION_NODES}
    print('PASS: %d symbols (%s), SONAME %s'
          % (len(exported), ', '.join('%s: %d' % kv for kv in per_node.items()), SONAME))


if __name__ == '__main__':
    main()
