#!/usr/bin/env python3
"""Checks lib/catalogue/wfp_catalogue.json: internal consistency, agreement
with the reference catalogue pages (both directions, with exceptions.json
listing every known difference and failing when an entry goes stale), with
include/fwpm_guids.h, and with mingw-w64's fwpmu.h where both define a GUID.

usage: check_catalogue.py REPO_ROOT REFERENCE_WFP_DIR [--mingw FWPMU_H]
       [--print-diff]   (lists page/data differences, for editing exceptions.json)
"""
import json
import os
import re
import sys

ROOT = sys.argv[1]
REF = sys.argv[2]
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(ROOT, 'lib', 'catalogue'))
import catalogue as cat  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
results = []  # (check name, problems)


def check(name, problems):
    results.append((name, list(problems)))


def page_text(rel):
    with open(os.path.join(REF, 'catalogue', rel), encoding='utf-8') as f:
        return f.read().replace('\\_', '_')


# Which pages name which kind of object.
PAGES = {
    'layers': ['management-filtering-layer-identifiers-.md',
               'network/management-filtering-layer-identifiers.md',
               'filtering-conditions-available-at-each-filtering-layer.md',
               'network/filtering-conditions-available-at-each-filtering-layer.md'],
    'runtime_layers': ['network/run-time-filtering-layer-identifiers.md',
                       'network/data-field-identifiers.md'],
    'sublayers': ['management-filtering-sublayer-identifiers.md'],
    'callouts': ['built-in-callout-identifiers.md', 'network/built-in-callout-identifiers.md'],
    'conditions': ['filtering-condition-identifiers-.md',
                   'network/filtering-condition-identifiers.md',
                   'network/filtering-condition-data-types.md',
                   'filtering-conditions-available-at-each-filtering-layer.md',
                   'network/filtering-conditions-available-at-each-filtering-layer.md'],
    'providers': ['built-in-provider-identifiers.md'],
    'provider_contexts': ['built-in-provider-context-identifiers.md'],
    'keying_modules': ['built-in-keying-module-identifiers.md'],
}
# Names only: span ids join two names with '___', so no '__' inside a name.
PATTERN = {k: r'\b(%s(?:[A-Z0-9]+_)*[A-Z0-9]+)' % cat.PREFIX[k] for k in cat.KINDS}
PATTERN['runtime_layers'] = r'\b(FWPS_LAYER_(?:[A-Z0-9]+_)*[A-Z0-9]+)'


def names_on_pages(kind):
    found = {}
    for rel in PAGES[kind]:
        for n in re.findall(PATTERN[kind], page_text(rel)):
            if kind == 'providers' and n.startswith('FWPM_PROVIDER_CONTEXT_'):
                continue
            found.setdefault(n, rel)
    return found


def self_test(data):
    """The checks must catch each kind of damage; a checker that passes
    everything would prove nothing."""
    import copy
    probs = []

    def damaged(what, mutate):
        d = copy.deepcopy(data)
        mutate(d)
        if not cat.validate(d):
            probs.append('validate() missed: ' + what)

    lay = lambda d, n: next(l for l in d['layers'] if l['name'] == n)  # noqa: E731
    damaged('duplicate GUID', lambda d: d['sublayers'][1].update(guid=d['sublayers'][0]['guid']))
    damaged('duplicate name', lambda d: d['callouts'].append(dict(d['callouts'][0], guid='00000000-0000-0000-0000-000000000001')))
    damaged('wrong layerId', lambda d: lay(d, 'FWPM_LAYER_IPSEC_V4').update(layer_id=3))
    damaged('unknown field condition',
            lambda d: lay(d, 'FWPM_LAYER_IKEEXT_V4')['fields'].append(
                {'condition': 'FWPM_CONDITION_NOPE', 'type': 'FWPM_FIELD_RAW_DATA', 'data_type': 'FWP_UINT8'}))
    damaged('missing V6 twin', lambda d: d['layers'].remove(lay(d, 'FWPM_LAYER_STREAM_V6')))
    damaged('callout on unknown layer', lambda d: d['callouts'][0].update(layers=['FWPM_LAYER_NOPE_V4']))
    damaged('KERNEL flag on a user-mode layer',
            lambda d: lay(d, 'FWPM_LAYER_IPSEC_V4')['flags'].append('FWPM_LAYER_FLAG_KERNEL'))
    damaged('bad GUID text', lambda d: d['conditions'][0].update(guid='not-a-guid'))
    return probs


def main():
    print_diff = '--print-diff' in sys.argv
    if not os.path.isdir(os.path.join(REF, 'catalogue')):
        # Never a skip: a missing reference would hide every cross-check.
        print('FAIL: reference catalogue not found at %s' % REF)
        return 1
    mingw = None
    if '--mingw' in sys.argv:
        mingw = sys.argv[sys.argv.index('--mingw') + 1]

    with open(cat.DEFAULT_PATH, encoding='utf-8') as f:
        data = json.load(f)
    check('internal consistency (names, GUIDs, layerIds, fields, pairs, callout layers)',
          cat.validate(data))
    check('the consistency checks catch damaged copies', self_test(data))

    # Reference pages, both directions.
    with open(os.path.join(HERE, 'exceptions.json'), encoding='utf-8') as f:
        exc = json.load(f)
    names = cat.by_name(data)
    rt_names = {r['name'] for r in data['runtime_layers']}
    diff = {}
    for kind in list(PAGES):
        on_pages = names_on_pages(kind)
        if kind == 'runtime_layers':
            have = rt_names
            ours = rt_names
        else:
            have = {n for n, (k, o) in names.items() if k == kind}
            ours = {o['name'] for o in data[kind]}
        missing = sorted(n for n in on_pages if n not in have)
        # an object is "on the pages" if its name or one of its aliases is
        alias_of = {}
        for a, t in data['aliases'].items():
            alias_of.setdefault(t, set()).add(a)
        unlisted = sorted(n for n in ours
                          if n not in on_pages and not (alias_of.get(n, set()) & set(on_pages)))
        diff[kind] = {'on_pages_not_in_data': missing, 'in_data_not_on_pages': unlisted}
    if print_diff:
        print(json.dumps(diff, indent=1))
    for kind, d in diff.items():
        for direction, found in d.items():
            listed = exc.get(kind, {}).get(direction, {})
            probs = ['%s: %s (page %s) not listed in exceptions.json' % (kind, n, direction)
                     for n in found if n not in listed]
            probs += ['%s: stale exception %s (%s): no longer differs' % (kind, n, direction)
                      for n in listed if n not in found]
            probs += ['%s: exception %s has no reason' % (kind, n)
                      for n, why in listed.items() if not why.strip()]
            check('reference pages vs data: %s %s' % (kind, direction), probs)

    # Each layer's fields against the page's list of conditions at that layer.
    check_layer_fields(data, exc.get('layer_fields', {}), exc, print_diff)

    # Every layer the layer page names has a run-time id and fields.
    probs = []
    for l in data['layers']:
        if l['name'] in names_on_pages('layers') and l.get('layer_id') is None:
            probs.append('%s: documented layer without layer_id' % l['name'])
    check('documented layers carry a run-time layerId', probs)

    # GUIDs printed on the pages themselves (the provider page gives them).
    probs = []
    text = page_text('built-in-provider-identifiers.md')
    stated = re.findall(r'(FWPM_PROVIDER_[A-Z0-9_]+)[^{]{0,200}?\{([0-9a-fA-F-]{36})\}', text)
    if not stated:
        probs.append('no GUID found on built-in-provider-identifiers.md (format changed?)')
    for n, g in stated:
        g = g.lower()
        if n in names:
            if names[n][1]['guid'] != g:
                probs.append('%s: page %s, catalogue %s' % (n, g, names[n][1]['guid']))
        elif data.get('disputed', {}).get(n, {}).get('guid') != g:
            probs.append('%s: page %s, neither an object nor a recorded dispute' % (n, g))
    check('GUIDs printed on the provider page (%d)' % len(stated), probs)

    # include/fwpm_guids.h: same value for every GUID defined there.
    hdr = open(os.path.join(ROOT, 'include', 'fwpm_guids.h'), encoding='utf-8').read()
    defs = parse_define_guids(hdr)
    probs = []
    if not defs:
        probs.append('no GUID definitions found in include/fwpm_guids.h (format changed?)')
    for n, g in defs.items():
        if n not in names:
            probs.append('%s (fwpm_guids.h) is not in the catalogue' % n)
        elif names[n][1]['guid'] != g:
            probs.append('%s: fwpm_guids.h %s, catalogue %s' % (n, g, names[n][1]['guid']))
    check('include/fwpm_guids.h agrees (%d GUIDs)' % len(defs), probs)

    # mingw-w64: the recorded "mingw" values, and the header itself when present.
    probs = []
    for kind in cat.KINDS:
        for o in data[kind]:
            if 'mingw' in o and o['mingw'] != o['guid']:
                probs.append('%s: mingw-w64 says %s, catalogue %s' % (o['name'], o['mingw'], o['guid']))
    mg_count = 0
    if mingw and os.path.exists(mingw):
        mg = parse_define_guids(open(mingw, encoding='latin-1').read())
        mg_count = len(mg)
        for n, g in mg.items():
            if not n.startswith(('FWPM_LAYER_', 'FWPM_SUBLAYER_', 'FWPM_CALLOUT_',
                                 'FWPM_CONDITION_', 'FWPM_PROVIDER_', 'FWPM_KEYING_MODULE_')):
                continue
            if n in names and names[n][1]['guid'] != g:
                probs.append('%s: mingw-w64 header %s, catalogue %s' % (n, g, names[n][1]['guid']))
            elif n in names and names[n][1].get('mingw') != g:
                probs.append('%s: mingw-w64 defines it but the catalogue records no "mingw" value' % n)
            elif n in data.get('disputed', {}):
                if data['disputed'][n]['guid'] != g:
                    probs.append('%s: mingw-w64 %s, disputed entry records %s'
                                 % (n, g, data['disputed'][n]['guid']))
            elif n not in names:
                probs.append('%s: defined by mingw-w64 (%s), unknown to the catalogue' % (n, g))
    check('mingw-w64 agrees where both define a GUID (%s)'
          % ('%d in header' % mg_count if mingw and os.path.exists(mingw) else 'recorded values only'),
          probs)

    failed = 0
    for name, probs in results:
        print('%s: %s' % ('ok  ' if not probs else 'FAIL', name))
        for p in probs:
            print('      ' + p)
        failed += bool(probs)
    print('%d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


def check_layer_fields(data, listed, exc, print_diff):
    """filtering-conditions-available-at-each-filtering-layer.md lists, per
    group of layers, the conditions available there (with Vista/7 spellings).
    Differences from the SDK field enums must be listed in exceptions.json
    as {direction: {condition: {"layers": [...], "why": ...}}}."""
    alias = data['aliases']
    canon = lambda n: alias.get(n, n)  # noqa: E731
    layers = {l['name']: l for l in data['layers']}
    known_typos = exc.get('layers', {}).get('on_pages_not_in_data', {})
    text = page_text('filtering-conditions-available-at-each-filtering-layer.md')
    found = {'page_only': {}, 'data_only': {}}
    probs = []
    for sec in re.split(r'\n## ', text)[1:]:
        head, _, body = sec.partition('\n')
        conds = set(re.findall(r'^- (FWPM_CONDITION_\w+)', body, re.M))
        conds |= set(re.findall(r'Windows Vista / Windows 7:\*\* (FWPM_CONDITION_\w+)', body))
        page = {canon(c) for c in conds}
        for ln in re.findall(PATTERN['layers'], head.replace(' V', '_V')):
            if ln not in layers:
                if ln not in known_typos:
                    probs.append('page section names unknown layer %s' % ln)
                continue
            ours = {canon(f['condition']) for f in layers[ln].get('fields', [])}
            for c in page - ours:
                found['page_only'].setdefault(c, []).append(ln)
            for c in ours - page:
                found['data_only'].setdefault(c, []).append(ln)
    if print_diff:
        print(json.dumps(found, indent=1, sort_keys=True))
    for direction, per_cond in found.items():
        lst = listed.get(direction, {})
        for c, lns in sorted(per_cond.items()):
            allowed = set(lst.get(c, {}).get('layers', []))
            for ln in lns:
                if ln not in allowed:
                    probs.append('%s at %s: %s, not listed in exceptions.json' % (c, ln, direction))
        for c, e in lst.items():
            stale = set(e.get('layers', [])) - set(per_cond.get(c, []))
            if stale:
                probs.append('stale exception %s %s at %s' % (direction, c, sorted(stale)))
            if not e.get('why', '').strip():
                probs.append('exception %s %s has no reason' % (direction, c))
    check('layer fields vs filtering-conditions-available-at-each-filtering-layer.md', probs)


def parse_define_guids(text):
    out = {}
    for m in re.finditer(r'\b(?:FWPK_)?DEFINE_GUID\s*\(\s*(\w+)\s*,([^)]*)\)', text):
        parts = [p.strip() for p in m.group(2).split(',')]
        try:
            out[m.group(1)] = cat.guid_from_parts([int(p, 16) for p in parts])
        except ValueError:
            continue  # a macro definition, not a GUID
    return out


if __name__ == '__main__':
    sys.exit(main())
