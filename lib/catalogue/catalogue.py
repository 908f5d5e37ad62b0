"""Loader for wfp_catalogue.json, the one data file of Windows' built-in WFP
objects (layers, sub-layers, callouts, conditions, providers, provider
contexts, keying modules).  Standard library only.  See README.md for the
format; `load()` returns the parsed file after `validate()` has passed."""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PATH = os.path.join(HERE, 'wfp_catalogue.json')

# NTDDI_* names in release order (sdkddkver.h); `since` fields use them.
VERSIONS = [
    'NTDDI_WIN6', 'NTDDI_WIN6SP1', 'NTDDI_WIN7', 'NTDDI_WIN8', 'NTDDI_WINBLUE',
    'NTDDI_WINTHRESHOLD', 'NTDDI_WIN10_TH2', 'NTDDI_WIN10_RS1', 'NTDDI_WIN10_RS2',
    'NTDDI_WIN10_RS3', 'NTDDI_WIN10_RS4', 'NTDDI_WIN10_RS5', 'NTDDI_WIN10_19H1',
    'NTDDI_WIN10_VB', 'NTDDI_WIN10_MN', 'NTDDI_WIN10_FE', 'NTDDI_WIN10_CO',
    'NTDDI_WIN10_NI', 'NTDDI_WIN10_CU', 'NTDDI_WIN11_ZN', 'NTDDI_WIN11_GA',
    'NTDDI_WIN11_GE',
]
LATEST = VERSIONS[-1]

# FWP_DATA_TYPE (fwptypes.h order; values are the enumerators' numbers).
DATA_TYPES = {
    'FWP_EMPTY': 0, 'FWP_UINT8': 1, 'FWP_UINT16': 2, 'FWP_UINT32': 3, 'FWP_UINT64': 4,
    'FWP_INT8': 5, 'FWP_INT16': 6, 'FWP_INT32': 7, 'FWP_INT64': 8, 'FWP_FLOAT': 9,
    'FWP_DOUBLE': 10, 'FWP_BYTE_ARRAY16_TYPE': 11, 'FWP_BYTE_BLOB_TYPE': 12, 'FWP_SID': 13,
    'FWP_SECURITY_DESCRIPTOR_TYPE': 14, 'FWP_TOKEN_INFORMATION_TYPE': 15,
    'FWP_TOKEN_ACCESS_INFORMATION_TYPE': 16, 'FWP_UNICODE_STRING_TYPE': 17,
    'FWP_BYTE_ARRAY6_TYPE': 18, 'FWP_BITMAP_INDEX_TYPE': 19, 'FWP_BITMAP_ARRAY64_TYPE': 20,
    'FWP_V4_ADDR_MASK': 0x100, 'FWP_V6_ADDR_MASK': 0x101, 'FWP_RANGE_TYPE': 0x102,
}
FIELD_TYPES = {'FWPM_FIELD_RAW_DATA': 0, 'FWPM_FIELD_IP_ADDRESS': 1, 'FWPM_FIELD_FLAGS': 2}
LAYER_FLAGS = {'FWPM_LAYER_FLAG_KERNEL': 0x1, 'FWPM_LAYER_FLAG_BUILTIN': 0x2,
               'FWPM_LAYER_FLAG_CLASSIFY_MOSTLY': 0x4, 'FWPM_LAYER_FLAG_BUFFERED': 0x8}

GUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
KINDS = ('layers', 'sublayers', 'callouts', 'conditions', 'providers',
         'provider_contexts', 'keying_modules')
PREFIX = {'layers': 'FWPM_LAYER_', 'sublayers': 'FWPM_SUBLAYER_',
          'callouts': 'FWPM_CALLOUT_', 'conditions': 'FWPM_CONDITION_',
          'providers': 'FWPM_PROVIDER_', 'provider_contexts': 'FWPM_PROVIDER_CONTEXT_',
          'keying_modules': 'FWPM_KEYING_MODULE_'}


def version_index(v):
    return VERSIONS.index(v)


def guid_from_parts(nums):
    """(Data1, Data2, Data3, b0..b7) as DEFINE_GUID lists them -> canonical text."""
    if len(nums) != 11:
        raise ValueError('a GUID has 11 parts, got %d' % len(nums))
    d1, d2, d3 = nums[:3]
    b = nums[3:]
    return '%08x-%04x-%04x-%02x%02x-%s' % (d1, d2, d3, b[0], b[1],
                                           ''.join('%02x' % x for x in b[2:]))


def guid_parts(text):
    """Canonical text -> (Data1, Data2, Data3, [8 bytes]), for C generators."""
    h = text.replace('-', '')
    return (int(h[0:8], 16), int(h[8:12], 16), int(h[12:16], 16),
            [int(h[16 + 2 * i:18 + 2 * i], 16) for i in range(8)])


def runtime_layer_ids(data, version=LATEST):
    """FWPS_BUILTIN_LAYERS values as compiled for `version`: the enumeration
    only ever grew in the middle (kernel layers) so user-mode ids move."""
    vi = version_index(version)
    ids, n = {}, 0
    for r in data['runtime_layers']:
        if version_index(r['since']) > vi:
            continue
        if 'only_in' in r and r['only_in'] != version:
            continue
        if 'not_in' in r and r['not_in'] == version:
            continue
        ids[r['name']] = n
        n += 1
    return ids


class CatalogueError(Exception):
    pass


def validate(data):
    """Internal consistency; returns a list of problems (empty when sound)."""
    errs = []
    names, guids = {}, {}
    for kind in KINDS:
        for o in data.get(kind, []):
            n = o.get('name', '')
            if not n.startswith(PREFIX[kind]):
                errs.append('%s: %s lacks prefix %s' % (kind, n, PREFIX[kind]))
            if n in names:
                errs.append('duplicate name %s' % n)
            names[n] = kind
            g = o.get('guid', '')
            if not GUID_RE.match(g):
                errs.append('%s: bad GUID %r' % (n, g))
            elif g in guids:
                errs.append('%s and %s share GUID %s' % (guids[g], n, g))
            else:
                guids[g] = n
            if o.get('since', 'NTDDI_WIN6') not in VERSIONS:
                errs.append('%s: unknown version %r' % (n, o.get('since')))
    for a, target in data.get('aliases', {}).items():
        if a in names:
            errs.append('alias %s is also an object name' % a)
        if target not in names:
            errs.append('alias %s -> unknown %s' % (a, target))
    conds = {c['name']: c for c in data['conditions']}
    cond_or_alias = set(conds) | {a for a, t in data.get('aliases', {}).items() if t in conds}
    for c in data['conditions']:
        for t in c.get('data_types', []):
            if t not in DATA_TYPES and not t.startswith(('IPSEC_', 'IKEEXT_')):
                errs.append('%s: unknown data type %s' % (c['name'], t))
    # run-time enumeration and layerIds
    rt = [r['name'] for r in data['runtime_layers']]
    if len(set(rt)) != len(rt):
        errs.append('duplicate run-time layer names')
    ids = runtime_layer_ids(data)
    seen_ids = {}
    sublayers = {s['name'] for s in data['sublayers']}
    for l in data['layers']:
        n = l['name']
        if l.get('runtime_name') is not None:
            if l['runtime_name'] != 'FWPS_' + n[len('FWPM_'):]:
                errs.append('%s: run-time name %s does not match' % (n, l['runtime_name']))
            if ids.get(l['runtime_name']) != l.get('layer_id'):
                errs.append('%s: layer_id %r, enumeration gives %r'
                            % (n, l.get('layer_id'), ids.get(l['runtime_name'])))
            if l.get('layer_id') in seen_ids:
                errs.append('%s and %s share layer_id %s' % (seen_ids[l['layer_id']], n, l['layer_id']))
            seen_ids[l.get('layer_id')] = n
        for f in l.get('flags', []):
            if f not in LAYER_FLAGS:
                errs.append('%s: unknown flag %s' % (n, f))
        if ('FWPM_LAYER_FLAG_KERNEL' in l.get('flags', [])) != bool(l.get('kernel')):
            errs.append('%s: KERNEL flag disagrees with kernel=%r' % (n, l.get('kernel')))
        if l.get('default_sublayer') is not None and l['default_sublayer'] not in sublayers:
            errs.append('%s: default sub-layer %s unknown' % (n, l['default_sublayer']))
        seen_f = set()
        for f in l.get('fields', []):
            c = f['condition']
            if c not in cond_or_alias:
                errs.append('%s: field %s is not a known condition' % (n, c))
            if c in seen_f:
                errs.append('%s: field %s twice' % (n, c))
            seen_f.add(c)
            if f.get('type') not in FIELD_TYPES:
                errs.append('%s/%s: bad field type %r' % (n, c, f.get('type')))
            if f.get('data_type') not in DATA_TYPES and not (
                    f.get('data_type') is None and f.get('data_type_unknown')):
                errs.append('%s/%s: bad data type %r' % (n, c, f.get('data_type')))
            if f.get('since', 'NTDDI_WIN6') not in VERSIONS:
                errs.append('%s/%s: unknown version' % (n, c))
    # V4/V6 pairs
    for kind in ('layers', 'callouts'):
        objs = {o['name'] for o in data[kind]}
        for o in objs:
            for a, b in (('_V4', '_V6'), ('_V6', '_V4')):
                if a in o:
                    twin = o.replace(a, b)
                    if twin not in objs and twin not in data.get('aliases', {}) \
                            and o not in data.get('unpaired', []):
                        errs.append('%s has no %s twin %s' % (o, b, twin))
    layer_names = {l['name'] for l in data['layers']}
    for c in data['callouts']:
        for ln in c.get('layers', []):
            if ln not in layer_names:
                errs.append('%s: applicable layer %s unknown' % (c['name'], ln))
    return errs


def load(path=DEFAULT_PATH):
    with open(path, encoding='utf-8') as f:
        data = json.load(f)
    errs = validate(data)
    if errs:
        raise CatalogueError('\n'.join(errs))
    return data


def by_name(data):
    """Every object and alias name -> (kind, object)."""
    out = {}
    for kind in KINDS:
        for o in data[kind]:
            out[o['name']] = (kind, o)
    for a, t in data.get('aliases', {}).items():
        out[a] = out[t]
    return out
