#!/usr/bin/env python3
"""Windows x64 layout and constant check of the public headers.

For every public struct (listed mechanically from include/*.h; the committed
list tests/abi/public_structs.txt must match) the test compares sizeof,
alignment and every field's offset and size, as compiled on Linux (C with
--cc, C++ with --cxx) against the reference: the same expressions compiled
with x86_64-w64-mingw32-gcc -S against the mingw-w64 Windows headers (the
numbers are read back from the generated assembly; nothing Windows runs).
Enumerators, integer #defines and brace initialisers are compared the same way
wherever mingw-w64 declares them.

Where mingw-w64 is known to be wrong or silent, tests/abi/mingw_overrides.txt
records what mingw says and what the documentation / Windows SDK says; our
value must then equal the documented one, and mingw must still say what the
override claims (a stale override fails too).

A report of every disagreement is written to --report and must be identical
to the committed tests/abi/mingw_disagreements.md.  After a deliberate header
change, rewrite it (and public_structs.txt) with
    python3 tests/abi/layout_check.py --include include --update
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hdrparse  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ABSENT = None

WIN_PRELUDE = """\
#define _WIN32_WINNT 0x0A00
#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <winternl.h>
#include <fwpmu.h>
#include <stddef.h>
#define ALIGNOF(T) _Alignof(T)
"""

LINUX_PRELUDE = """\
#include <stddef.h>
#include "fwpmk.h"
#ifdef __cplusplus
#define ALIGNOF(T) alignof(T)
#else
#define ALIGNOF(T) _Alignof(T)
#endif
"""


def fail(msg):
    print('FAIL: ' + msg, file=sys.stderr)
    sys.exit(1)


def need_tool(cmd):
    if shutil.which(cmd[0]) is None:
        fail('required tool %r not found (install it; this test never skips)' % cmd[0])


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    return p.returncode, p.stdout, p.stderr


def parse_asm_arrays(asm):
    """{label: [int, ...]} from .quad/.zero/.space data following each label."""
    arrays = {}
    cur = None
    for line in asm.split('\n'):
        s = line.strip()
        m = re.match(r'^([A-Za-z_][A-Za-z0-9_]*):$', s)
        if m:
            cur = m.group(1) if m.group(1).startswith('fwpk_') else None
            if cur:
                arrays[cur] = []
            continue
        if cur is None:
            continue
        m = re.match(r'^\.quad\s+(-?\d+)$', s)
        if m:
            arrays[cur].append(int(m.group(1)) & 0xFFFFFFFFFFFFFFFF)
            continue
        m = re.match(r'^\.(zero|space)\s+(\d+)$', s)
        if m:
            n = int(m.group(2))
            if n % 8:
                fail('unexpected .%s %d in %s' % (m.group(1), n, cur))
            arrays[cur].extend([0] * (n // 8))
            continue
        cur = None   # any other line ends the array's data
    return arrays


def to_signed(v):
    return v - (1 << 64) if v >= (1 << 63) else v


def fmt(v):
    if v is ABSENT:
        return 'absent'
    if isinstance(v, str):
        return v
    return str(to_signed(v))


def load_overrides(path):
    """{key: (mingw value or ABSENT, documented value, note)}"""
    ov = {}
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        body, _, note = line.partition('|')
        parts = body.split()
        if len(parts) != 3:
            fail('%s:%d: expected "key mingw documented | note"' % (path, n))
        key, mingw, doc = parts

        def num(x):
            if x == 'absent':
                return ABSENT
            if x in ('same', 'conflicts', 'docs', 'sdk'):
                return x
            if re.fullmatch(r'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', x):
                return x.lower()
            return int(x, 0) & 0xFFFFFFFFFFFFFFFF
        if key in ov:
            fail('%s:%d: duplicate key %s' % (path, n, key))
        ov[key] = (num(mingw), num(doc), note.strip())
    return ov


def mingw_names(mingw_cc, workdir):
    """Macro and enumerator names the mingw-w64 headers declare, and the
    preprocessed text (to see which typedef names exist)."""
    src = os.path.join(workdir, 'probe_win.c')
    open(src, 'w').write(WIN_PRELUDE)
    rc, macros, err = run([mingw_cc, '-std=c11', '-E', '-dM', src])
    if rc:
        fail('mingw preprocessing failed:\n' + err)
    rc, pre, err = run([mingw_cc, '-std=c11', '-E', '-P', src])
    if rc:
        fail('mingw preprocessing failed:\n' + err)
    names = set(re.findall(r'^#define\s+([A-Za-z_]\w*)', macros, flags=re.M))
    for body in re.findall(r'\benum\b\s*\w*\s*\{([^}]*)\}', pre):
        for item in body.split(','):
            m = re.match(r'\s*([A-Za-z_]\w*)', item)
            if m:
                names.add(m.group(1))
    typedefs = set(re.findall(r'\}\s*([A-Za-z_]\w*)\s*[,;]', pre))
    return names, typedefs, pre


def build_source(prelude, structs, consts, skip_structs, skip_fields, init_text=None):
    out = [prelude]
    for name, _, fields in structs:
        if name in skip_structs:
            continue
        vals = ['sizeof(%s)' % name, 'ALIGNOF(%s)' % name]
        for f in fields:
            if (name, f) in skip_fields:
                vals += ['0xFFFFFFFFFFFFFFFFull', '0xFFFFFFFFFFFFFFFFull']
            else:
                vals += ['offsetof(%s, %s)' % (name, f), 'sizeof(((%s *)0)->%s)' % (name, f)]
        out.append('unsigned long long fwpk_s_%s[] = {\n    %s\n};' % (name, ',\n    '.join(vals)))
    for cname, kind in consts:
        if kind == 'init':
            out.append('long long fwpk_k_%s[] = %s;' % (cname, (init_text or {}).get(cname, cname)))
        else:
            out.append('long long fwpk_k_%s[] = { (long long)(%s) };' % (cname, cname))
    return '\n'.join(out) + '\n'


def compile_arrays(cmd, src_text, path, workdir):
    with open(path, 'w') as f:
        f.write(src_text)
    asm = path + '.s'
    rc, out, err = run(cmd + ['-S', '-O0', '-o', asm, path], cwd=workdir)
    if rc:
        return None, err
    return parse_asm_arrays(open(asm).read()), ''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--include', required=True)
    ap.add_argument('--mingw-cc', default='x86_64-w64-mingw32-gcc')
    ap.add_argument('--cc', action='append', help='C compiler command word (repeat; default cc)')
    ap.add_argument('--cxx', action='append', help='C++ compiler command word (repeat; default c++)')
    ap.add_argument('--report', default=os.path.join(tempfile.gettempdir(), 'fwpk_mingw_disagreements.md'))
    ap.add_argument('--update', action='store_true', help='rewrite the committed report and struct list')
    args = ap.parse_args()
    args.cc = args.cc or ['cc']
    args.cxx = args.cxx or ['c++']

    need_tool([args.mingw_cc])
    need_tool(args.cc)
    need_tool(args.cxx)
    include = os.path.abspath(args.include)
    errors = []

    # 1. the committed list of public structs must be exactly the headers' structs
    structs = hdrparse.parse_structs(include)
    names = [s[0] for s in structs]
    list_path = os.path.join(HERE, 'public_structs.txt')
    if args.update:
        with open(list_path, 'w') as f:
            f.write('# Every public struct in include/*.h, generated by layout_check.py --update.\n'
                    '# The layout test fails when the headers and this list differ.\n')
            for n, h, _ in structs:
                f.write('%s %s\n' % (h, n))
    committed = [l.split()[1] for l in open(list_path) if l.strip() and not l.startswith('#')]
    for n in names:
        if n not in committed:
            errors.append('struct %s is in the headers but not in tests/abi/public_structs.txt '
                          '(add it: it must be layout-checked)' % n)
    for n in committed:
        if n not in names:
            errors.append('struct %s is listed in tests/abi/public_structs.txt but no longer in '
                          'the headers' % n)
    if len(set(names)) != len(names):
        errors.append('duplicate struct typedef names in the headers')

    overrides = load_overrides(os.path.join(HERE, 'mingw_overrides.txt'))

    # 2. constants: enumerators, integer macros, brace initialisers
    consts = []
    for _, _, items in hdrparse.parse_enums(include):
        consts += [(n, 'int') for n, _ in items]
    init_text = {}
    for n, _, kind, value in hdrparse.parse_macros(include):
        if kind in ('int', 'init'):
            consts.append((n, kind))
        elif kind == 'initobj':          # a static const object: compare its initialiser
            consts.append((n, 'init'))
            init_text[n] = value
    guids = hdrparse.parse_guids(include)

    with tempfile.TemporaryDirectory(prefix='fwpk-layout-') as wd:
        win_names, win_typedefs, win_pre = mingw_names(args.mingw_cc, wd)

        skip_structs = {n for n in names if n not in win_typedefs}
        skip_fields = set()
        for key in overrides:
            m = re.fullmatch(r'(\w+)\.(\w+):offset', key)
            if m and overrides[key][0] is ABSENT:
                skip_fields.add((m.group(1), m.group(2)))
        win_consts = [c for c in consts if c[0] in win_names]

        # Linux: C and C++
        lin_src = build_source(LINUX_PRELUDE, structs, consts, set(), set(), init_text)
        lin_c, err = compile_arrays(args.cc + ['-std=c11', '-I', include, '-Wall', '-Wextra', '-Werror'],
                                    lin_src, os.path.join(wd, 'layout_linux.c'), wd)
        if lin_c is None:
            fail('Linux C compile of the layout probe failed:\n' + err)
        lin_cxx, err = compile_arrays(args.cxx + ['-std=c++17', '-x', 'c++', '-I', include, '-Wall',
                                                  '-Wextra', '-Werror'],
                                      lin_src, os.path.join(wd, 'layout_linux.cc'), wd)
        if lin_cxx is None:
            fail('Linux C++ compile of the layout probe failed:\n' + err)
        if lin_c != lin_cxx:
            diff = [k for k in lin_c if lin_c.get(k) != lin_cxx.get(k)]
            errors.append('C and C++ disagree on: ' + ', '.join(sorted(diff)))

        win_src = build_source(WIN_PRELUDE, structs, win_consts, skip_structs, skip_fields)
        win, err = compile_arrays([args.mingw_cc, '-std=c11'], win_src,
                                  os.path.join(wd, 'layout_win.c'), wd)
        if win is None:
            missing = sorted(set(re.findall(r"has no member named [\u2018'](\w+)[\u2019']", err)))
            fail('mingw-w64 compile of the layout probe failed%s; record each missing field in '
                 'tests/abi/mingw_overrides.txt as "STRUCT.field:offset absent <documented>":\n%s'
                 % (' (missing fields: %s)' % ', '.join(missing) if missing else '', err))

        # Function prototypes: each of ours, with NTSTATUS spelled DWORD (fwpmu.h
        # returns DWORD), is redeclared after <fwpmu.h>; mingw-gcc rejects any
        # redeclaration whose parameter types differ ("conflicting types").
        functions = [f for f in hdrparse.parse_functions(include) if f[1] == 'fwpmk.h']
        proto_status = {}
        decls = [WIN_PRELUDE]
        for fname, _, ret, params in functions:
            if not re.search(r'\b%s\s*\(' % fname, win_pre):
                proto_status[fname] = ABSENT
                continue
            wret = 'DWORD' if ret == 'NTSTATUS' else ret
            decls.append('%s WINAPI %s(%s);' % (wret, fname, ', '.join(params)))
        src = os.path.join(wd, 'protos_win.c')
        open(src, 'w').write('\n'.join(decls) + '\n')
        rc, _, err = run([args.mingw_cc, '-std=c11', '-fsyntax-only', '-fmax-errors=0', src])
        conflicting = set(re.findall(r"conflicting types for [\u2018'](\w+)[\u2019']", err))
        if rc and not conflicting:
            fail('mingw-w64 compile of the prototype probe failed:\n' + err)
        for fname, _, _, _ in functions:
            if fname not in proto_status:
                proto_status[fname] = 'conflicts' if fname in conflicting else 'same'

    # 3. flatten into key -> value
    def flatten(arrays, structs_, consts_, skip_s, skip_f):
        d = {}
        for name, _, fields in structs_:
            if name in skip_s:
                continue
            a = arrays.get('fwpk_s_' + name)
            if a is None or len(a) != 2 + 2 * len(fields):
                fail('no/short layout data for %s in assembly' % name)
            d[name + ':sizeof'] = a[0]
            d[name + ':alignof'] = a[1]
            for i, f in enumerate(fields):
                if (name, f) in skip_f:
                    continue
                d['%s.%s:offset' % (name, f)] = a[2 + 2 * i]
                d['%s.%s:size' % (name, f)] = a[3 + 2 * i]
        for cname, kind in consts_:
            a = arrays.get('fwpk_k_' + cname)
            if a is None:
                fail('no constant data for %s in assembly' % cname)
            if kind == 'init':
                for i, v in enumerate(a):
                    d['%s[%d]' % (cname, i)] = v
            else:
                d[cname] = a[0]
        return d

    ours = flatten(lin_c, structs, consts, set(), set())
    ref = flatten(win, structs, win_consts, skip_structs, skip_fields)

    def same(a, b, is_const):
        if a == b:
            return True
        # 32-bit constants: Windows spells some as DWORD/LONG, we as NTSTATUS;
        # compare the 32-bit pattern (signedness is noted, not failed).
        return is_const and (a & 0xFFFFFFFF) == (b & 0xFFFFFFFF) and \
            to_signed(a) in range(-(1 << 31), 1 << 32) and to_signed(b) in range(-(1 << 31), 1 << 32)

    disagreements = []   # (key, mingw, documented, ours, note)
    unchecked = []
    signedness = []
    used_overrides = set()
    for key in ours:
        is_const = ':' not in key
        mv = ref.get(key, ABSENT)
        ov = overrides.get(key)
        if ov is not None:
            used_overrides.add(key)
            o_mingw, o_doc, note = ov
            if not ((mv is ABSENT and o_mingw is ABSENT) or
                    (mv is not ABSENT and o_mingw is not ABSENT and same(mv, o_mingw, is_const))):
                errors.append('stale override %s: mingw-w64 says %s, override claims %s'
                              % (key, fmt(mv), fmt(o_mingw)))
            if not same(ours[key], o_doc, is_const):
                errors.append('%s: ours %s, documented %s (%s)' % (key, fmt(ours[key]), fmt(o_doc), note))
            disagreements.append((key, fmt(mv), fmt(o_doc), fmt(ours[key]), note))
            continue
        if mv is ABSENT:
            if is_const:
                unchecked.append(key)
            else:
                errors.append('%s: mingw-w64 lacks it; add the documented value to '
                              'tests/abi/mingw_overrides.txt' % key)
            continue
        if not same(ours[key], mv, is_const):
            errors.append('%s: ours %s, mingw-w64 (Windows x64) %s' % (key, fmt(ours[key]), fmt(mv)))
        elif ours[key] != mv:
            signedness.append((key, fmt(mv), fmt(ours[key])))
    for fname, _, _, _ in functions:
        key = fname + ':prototype'
        mv = proto_status[fname]
        ov = overrides.get(key)
        if ov is not None:
            used_overrides.add(key)
            if ov[0] != mv:
                errors.append('stale override %s: mingw-w64 prototype is %s, override claims %s'
                              % (key, fmt(mv), fmt(ov[0])))
            disagreements.append((key, fmt(mv), fmt(ov[1]), 'ours', ov[2]))
        elif mv is ABSENT:
            errors.append('%s: mingw-w64 <fwpmu.h> does not declare it; record it in '
                          'tests/abi/mingw_overrides.txt' % key)
        elif mv != 'same':
            errors.append('%s: our parameter types conflict with mingw-w64 <fwpmu.h> '
                          '(compile a redeclaration to see the difference)' % key)
    unchecked_guids = []
    for gname, ghdr, (d1, d2, d3, b) in guids:
        ours_g = '%08x-%04x-%04x-%s-%s' % (d1, d2, d3, ''.join('%02x' % x for x in b[:2]),
                                           ''.join('%02x' % x for x in b[2:]))
        ov = overrides.get(gname)
        in_mingw = re.search(r'\b%s\b' % gname, win_pre) is not None
        if ov is None:
            unchecked_guids.append((gname, ghdr, ours_g))
            continue
        used_overrides.add(gname)
        if (ov[0] is ABSENT) == in_mingw:
            errors.append('stale override %s: mingw-w64 %s it' % (gname, 'declares' if in_mingw else 'lacks'))
        if ours_g != ov[1]:
            errors.append('%s: ours %s, documented %s (%s)' % (gname, ours_g, ov[1], ov[2]))
        disagreements.append((gname, fmt(ov[0]), ov[1], ours_g, ov[2]))
    for key in overrides:
        if key not in used_overrides:
            errors.append('%s is documented (%s: %s) but our headers do not declare it'
                          % (key, fmt(overrides[key][1]), overrides[key][2]))

    # 4. report
    head = ['# mingw-w64 versus fwpkclnt headers — generated by tests/abi/layout_check.py', '',
            'Do not edit: the `layout` test regenerates it and fails if it differs;',
            'rewrite it with `python3 tests/abi/layout_check.py --include include --update`.', '',
            'Checked on Linux x86-64 (C11 and C++17) against `x86_64-w64-mingw32-gcc -S` of the',
            'mingw-w64 headers: sizeof, alignment, every field offset and size of every public',
            'struct; enumerators, integer and initialiser macros; fwpmk.h prototypes (redeclared',
            'after <fwpmu.h> with NTSTATUS spelled DWORD); GUID constants against SDK values.',
            'Each entry below is recorded in tests/abi/mingw_overrides.txt; our headers must have',
            'the documented value.', '']
    # the report lists every recorded disagreement (the override file), so it does
    # not change when a header bug is fixed; errors above hold the current state
    rows = [(k, fmt(m), fmt(d), None, note) for k, (m, d, note) in overrides.items()]
    differ = [r for r in rows if r[1] != 'absent']
    missing = [r for r in rows if r[1] == 'absent']
    lines = head + ['## mingw-w64 declares it with a different value (mingw-w64 is wrong or outdated)', '',
                    '| item | mingw-w64 | documented (docs/SDK) = ours | source |', '|---|---|---|---|']
    lines += ['| `%s` | %s | %s | %s |' % (k, mv, dv, note) for k, mv, dv, _, note in differ]
    lines += ['', '## mingw-w64 does not declare it (checked against the documented value)', '',
              '| item | documented (docs/SDK) = ours | source |', '|---|---|---|']
    lines += ['| `%s` | %s | %s |' % (k, dv, note) for k, _, dv, _, note in missing]
    lines += ['', '## Same 32-bit value, different signedness (not an error)', '']
    lines += ['- `%s`: mingw-w64 %s, ours %s' % s_ for s_ in signedness] or ['- none']
    lines += ['', '## Not checked: mingw-w64 lacks it and no documented value is recorded', '']
    lines += ['- `%s`' % k for k in unchecked] or ['- none']
    lines += ['', '## mingw-w64 issues outside what our headers declare (not checked, for the record)', '',
              '- `FwpmIpsecTunnelAdd0` / `FwpmIpsecTunnelAdd1`: mingw-w64 spelling; docs/SDK spell '
              '`FwpmIPsecTunnelAdd0/1` (fwpkclnt declares no tunnel functions).',
              '- `IPSEC_SA_SPI` is typedef\'d in three mingw-w64 headers (ipsectypes.h, fwpmtypes.h, '
              'fwpmu.h): legal in C11, a redefinition error in strict C99.',
              '- mingw-w64 lacks `IPsecSaContextSubscribe0` / `Unsubscribe0` / `SubscriptionsGet0`, '
              '`IPSEC_SA_CONTEXT_CALLBACK0`, `IkeextSaEnum2`, `IkeextSaGetById2`, `FwpmIPsecTunnelAdd2/3`.']
    lines += ['', '## GUID constants without a recorded documented value (not checked)', '']
    lines += ['- `%s` (%s) = %s' % g for g in unchecked_guids] or ['- none']
    report = '\n'.join(lines) + '\n'
    result = ['', '## Result of this run', '',
              '%d structs, %d sizeof/alignof/offset/size values, %d constants, %d prototypes, %d GUIDs.'
              % (len(structs), sum(1 for k in ours if ':' in k), sum(1 for k in ours if ':' not in k),
                 len(functions), len(guids)), '']
    result += ['- ERROR: ' + e for e in errors] or ['- all checks pass']
    with open(args.report, 'w') as f:
        f.write(report + '\n'.join(result) + '\n')
    committed_report = os.path.join(HERE, 'mingw_disagreements.md')
    if args.update:
        with open(committed_report, 'w') as f:
            f.write(report)
    elif not os.path.exists(committed_report) or open(committed_report).read() != report:
        errors.append('the generated report %s differs from the committed '
                      'tests/abi/mingw_disagreements.md (rerun with --update if the change is intended)'
                      % args.report)

    print('structs: %d, layout values: %d, constants: %d, disagreements: %d, unchecked constants: %d'
          % (len(structs), sum(1 for k in ours if ':' in k), sum(1 for k in ours if ':' not in k),
             len(disagreements), len(unchecked)))
    for d in disagreements:
        if d[1] != 'absent':
            print('  mingw-w64 differs (documented value used): %s mingw=%s documented=%s ours=%s' % d[:4])
    print('report: ' + args.report)
    if errors:
        for e in errors:
            print('FAIL: ' + e, file=sys.stderr)
        sys.exit(1)
    print('PASS')


if __name__ == '__main__':
    main()
