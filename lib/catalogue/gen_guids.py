"""Writes the GUID parts of the public headers and of the linker script from
the catalogue (wfp_catalogue.json), so a GUID can never disagree with the
engine's tables (generated from the same file by gen_tables.py):

  include/fwpm_guids.h          every built-in layer, sub-layer, callout,
                                condition, provider, provider context and
                                keying module as a DEFINE_GUID line
  lib/abi/libfwpkclnt.map       the exported GUID data: the 23 GUIDs of 1.1 stay
                                in FWPKCLNT_1.1, the others are listed between
                                the "generated GUIDs" markers of FWPKCLNT_1.2

Both files are committed (a program includes the header without building
anything); `gen_guids.py --check` (test catalogue-guids-fresh) fails when
either differs from what the catalogue gives.

    gen_guids.py [--check]
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, HERE)
import catalogue  # noqa: E402

HEADER = os.path.join(ROOT, 'include', 'fwpm_guids.h')
MAP = os.path.join(ROOT, 'lib', 'abi', 'libfwpkclnt.map')
MAP_BEGIN = '    /* BEGIN generated GUIDs (lib/catalogue/gen_guids.py) */'
MAP_END = '    /* END generated GUIDs */'

SECTIONS = [('layers', 'Layers'), ('sublayers', 'Sub-layers'), ('callouts', 'Built-in callouts'),
            ('conditions', 'Filter conditions'), ('providers', 'Built-in providers'),
            ('provider_contexts', 'Built-in provider contexts'), ('keying_modules', 'Keying modules')]

PREAMBLE = '''/*
 * fwpm_guids.h — the keys of Windows' built-in WFP objects: layers, sub-layers,
 * callouts, filter conditions, providers, provider contexts and keying
 * modules.  GENERATED from lib/catalogue/wfp_catalogue.json by
 * lib/catalogue/gen_guids.py (the engine's tables come from the same file);
 * edit the catalogue, not this file.  Each line is a DEFINE_GUID, so it
 * declares `extern const GUID` (the data is exported by libfwpkclnt.so:
 * version nodes FWPKCLNT_1.1 and FWPKCLNT_1.2) unless INITGUID asks for weak
 * definitions in this translation unit (fwpk_base.h; docs/design.md, "GUID
 * constants").
 */
#ifndef FWPM_GUIDS_H
#define FWPM_GUIDS_H

#include "fwpk_base.h"

/* The library's own data file (lib/abi/guid_data.cpp) defines FWPK_GUID_DATA:
 * there each line is the strong, exported definition. */
#ifdef FWPK_GUID_DATA
#define FWPK_DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \\
    extern "C" __attribute__((visibility("default"))) const GUID name = \\
        FWPK_GUID_INIT_(l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)
#else
#define FWPK_DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)
#endif
'''

POSTAMBLE = '''
#undef FWPK_DEFINE_GUID

#endif /* FWPM_GUIDS_H */
'''


def guid_line(name, guid):
    h = guid.replace('-', '')
    parts = ['0x' + h[0:8], '0x' + h[8:12], '0x' + h[12:16]] + ['0x' + h[16 + 2 * i:18 + 2 * i] for i in range(8)]
    return 'FWPK_DEFINE_GUID(%s, %s);' % (name, ', '.join(parts))


def entries(data):
    """[(section title, [(name, guid)])] in catalogue order, aliases after their target."""
    aliases = data.get('aliases', {})
    by_target = {}
    for a, t in aliases.items():
        by_target.setdefault(t, []).append(a)
    out = []
    for kind, title in SECTIONS:
        rows = []
        for o in data[kind]:
            rows.append((o['name'], o['guid']))
            for a in sorted(by_target.get(o['name'], [])):
                rows.append((a, o['guid']))
        out.append((title, rows))
    return out


def header_text(data):
    parts = [PREAMBLE]
    for title, rows in entries(data):
        parts.append('\n/* %s */\n' % title)
        parts.extend(guid_line(n, g) + '\n' for n, g in rows)
    parts.append(POSTAMBLE)
    return ''.join(parts)


def map_text(data, old_map):
    """The map with the generated GUID block of FWPKCLNT_1.2 (GUIDs already in
    FWPKCLNT_1.1 stay there)."""
    m11 = re.search(r'FWPKCLNT_1\.1\s*\{(.*?)\}', old_map, re.S)
    in11 = set(re.findall(r'^\s+(\w+);', m11.group(1), re.M)) if m11 else set()
    names = [n for _, rows in entries(data) for n, _ in rows if n not in in11]
    block = MAP_BEGIN + '\n' + ''.join('    %s;\n' % n for n in names) + MAP_END
    if MAP_BEGIN in old_map:
        i = old_map.index(MAP_BEGIN)
        j = old_map.index(MAP_END) + len(MAP_END)
        return old_map[:i] + block + old_map[j:]
    m12 = re.search(r'(FWPKCLNT_1\.2\s*\{\s*global:\s*\n)', old_map)
    if not m12:
        raise SystemExit('gen_guids: no FWPKCLNT_1.2 node in %s' % MAP)
    return old_map[:m12.end()] + block + '\n' + old_map[m12.end():]


def main(argv):
    data = catalogue.load()
    want = {HEADER: header_text(data)}
    old_map = open(MAP).read()
    want[MAP] = map_text(data, old_map)
    stale = []
    for path, text in want.items():
        cur = open(path).read() if os.path.exists(path) else None
        if cur != text:
            stale.append(os.path.relpath(path, ROOT))
            if '--check' not in argv:
                with open(path, 'w') as f:
                    f.write(text)
    if '--check' in argv:
        if stale:
            print('stale (run python3 lib/catalogue/gen_guids.py): ' + ', '.join(stale))
            return 1
        print('fwpm_guids.h and the exported GUID list agree with the catalogue (%d GUIDs)'
              % sum(len(r) for _, r in entries(data)))
    elif stale:
        print('wrote ' + ', '.join(stale))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
