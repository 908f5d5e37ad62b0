#!/usr/bin/env python3
"""Proves that the ABI checkers reject what they must reject.

  1. symbols: check_symbols.py on the real library's objects relinked with one
     extra exported function (built by tests/abi/meson.build) must FAIL and
     name the extra symbol;
  2. abidiff: check_abi.sh of that library against the committed baseline must
     FAIL;
  3. abidiff on a layout change: a tiny library built from include/ and from a
     copy of include/ with one field added to IPSEC_SA_LIFETIME0 — a baseline of
     the first must PASS against itself and FAIL against the second;
  4. layout: layout_check.py must FAIL on the copy with the added field, on a
     copy where a field is widened (UINT32 -> UINT64: size/offset change versus
     Windows), on a copy with a new struct (missing from public_structs.txt), and
     on a copy where a function parameter type differs from <fwpmu.h>.
Each step prints what it ran; the script fails if any checker accepts a change.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
failures = []


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def expect(label, cmd, want_ok, must_contain=None):
    rc, out = run(cmd)
    ok = rc == 0
    good = ok == want_ok and (must_contain is None or must_contain in out)
    print('%s %s: checker %s (exit %d)%s' % ('ok  ' if good else 'BAD ', label,
                                               'passed' if ok else 'failed', rc,
                                               '' if good else '\n' + out))
    if not good:
        failures.append(label)


def patch(path, old, new):
    text = open(path).read()
    if old not in text:
        sys.exit('selftest: cannot find %r in %s' % (old, path))
    open(path, 'w').write(text.replace(old, new, 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--include', required=True)
    ap.add_argument('--cc', action='append', required=True)
    ap.add_argument('--cxx', action='append', required=True)
    ap.add_argument('--extra-lib', required=True, help='real objects + one extra exported symbol')
    ap.add_argument('--baseline', default=os.path.join(HERE, 'baseline', 'libfwpkclnt.abi'))
    args = ap.parse_args()
    for t in ('abidw', 'abidiff', 'nm', 'readelf', 'x86_64-w64-mingw32-gcc', args.cc[0]):
        if shutil.which(t) is None:
            print('FAIL: required tool %s not found (this test never skips)' % t)
            return 1

    check_abi = os.path.join(HERE, 'check_abi.sh')
    if not os.path.isfile(args.baseline):
        print('FAIL: no ABI baseline %s (scripts/update-abi-baseline.sh creates it)' % args.baseline)
        return 1
    # 1 + 2: the real library with an extra exported symbol
    expect('symbols: extra exported symbol is rejected',
           [sys.executable, os.path.join(HERE, 'check_symbols.py'), '--lib', args.extra_lib],
           False, 'exported but not in the list: FwpkSelftestExtraSymbol')
    expect('abidiff: extra exported symbol is rejected',
           ['bash', check_abi, args.baseline, args.extra_lib, args.include], False,
           "1 Added function")

    with tempfile.TemporaryDirectory(prefix='fwpk-selftest-') as wd:
        mod_inc = os.path.join(wd, 'include-mod')
        shutil.copytree(args.include, mod_inc)
        patch(os.path.join(mod_inc, 'ipsectypes.h'),
              '    UINT32 lifetimePackets;\n} IPSEC_SA_LIFETIME0;',
              '    UINT32 lifetimePackets;\n    UINT32 selftestAddedField;\n} IPSEC_SA_LIFETIME0;')

        libs = {}
        for tag, inc in (('orig', args.include), ('mod', mod_inc)):
            lib = os.path.join(wd, 'libtiny_%s.so' % tag)
            rc, out = run(args.cc + ['-g', '-O0', '-shared', '-fPIC', '-fvisibility=hidden',
                                     '-DFWPK_BUILDING_LIBRARY', '-I', inc,
                                     '-Wl,-soname,libfwpkclnt.so.1', '-o', lib,
                                     os.path.join(HERE, 'selftest_tiny.c')])
            if rc:
                print('FAIL: cannot build the tiny library:\n' + out)
                return 1
            libs[tag] = lib
        # a baseline of the unmodified tiny library, made exactly like the real one
        base = os.path.join(wd, 'tiny.abi')
        rc, out = run(['bash', '-c', '. "$1"; abidw "${FWPK_ABIDW_OPTIONS[@]}" --headers-dir "$2" '
                       '--out-file "$3" "$4"', 'abidw', os.path.join(HERE, 'abidw_options.sh'),
                       args.include, base, libs['orig']])
        if rc:
            print('FAIL: abidw on the tiny library:\n' + out)
            return 1
        expect('abidiff: unchanged tiny library is accepted (control)',
               ['bash', check_abi, base, libs['orig'], args.include], True)
        expect('abidiff: field added to IPSEC_SA_LIFETIME0 is rejected',
               ['bash', check_abi, base, libs['mod'], mod_inc], False)

        layout = [sys.executable, os.path.join(HERE, 'layout_check.py'), '--report',
                  os.path.join(wd, 'report.md')]
        for c in args.cc:
            layout += ['--cc', c]
        for c in args.cxx:
            layout += ['--cxx', c]
        expect('layout: field added to IPSEC_SA_LIFETIME0 is rejected',
               layout + ['--include', mod_inc], False, 'missing fields: selftestAddedField')

        wide_inc = os.path.join(wd, 'include-wide')
        shutil.copytree(args.include, wide_inc)
        patch(os.path.join(wide_inc, 'ipsectypes.h'),
              '    UINT32 lifetimePackets;\n} IPSEC_SA_LIFETIME0;',
              '    UINT64 lifetimePackets;\n} IPSEC_SA_LIFETIME0;')
        expect('layout: IPSEC_SA_LIFETIME0.lifetimePackets widened to UINT64 is rejected',
               layout + ['--include', wide_inc], False,
               'IPSEC_SA_LIFETIME0.lifetimePackets:size: ours 8, mingw-w64 (Windows x64) 4')

        proto_inc = os.path.join(wd, 'include-proto')
        shutil.copytree(args.include, proto_inc)
        patch(os.path.join(proto_inc, 'fwpmk.h'),
              'IPsecSaContextExpire0(_In_ HANDLE engineHandle, _In_ UINT64 id)',
              'IPsecSaContextExpire0(_In_ HANDLE engineHandle, _In_ UINT32 id)')
        expect('layout: IPsecSaContextExpire0 id narrowed to UINT32 is rejected',
               layout + ['--include', proto_inc], False,
               'IPsecSaContextExpire0:prototype: our parameter types conflict')

        new_inc = os.path.join(wd, 'include-newstruct')
        shutil.copytree(args.include, new_inc)
        patch(os.path.join(new_inc, 'ipsectypes.h'), 'typedef struct IPSEC_SA_LIFETIME0_ {',
              'typedef struct IPSEC_SELFTEST_NEW0_ {\n    UINT32 value;\n} IPSEC_SELFTEST_NEW0;\n\n'
              'typedef struct IPSEC_SA_LIFETIME0_ {')
        expect('layout: a struct missing from public_structs.txt is rejected',
               layout + ['--include', new_inc], False,
               'struct IPSEC_SELFTEST_NEW0 is in the headers but not in tests/abi/public_structs.txt')

    if failures:
        print('FAIL: %d checker(s) did not reject a change as expected: %s'
              % (len(failures), ', '.join(failures)))
        return 1
    print('PASS: every checker rejected the deliberate changes')
    return 0


if __name__ == '__main__':
    sys.exit(main())
