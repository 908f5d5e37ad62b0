#!/usr/bin/env python3
"""Build lib/catalogue/wfp_catalogue.json from a Windows SDK include tree
plus the reference catalogue pages.  Maintainer tool: CI never runs it (CI has
no Windows SDK); the JSON it writes is the project's source of truth and is
edited by hand afterwards only through this script or with the same care.

Only facts are taken from the SDK headers: identifier names, GUID values,
enumeration order and the NTDDI version guards around them.  No header text is
copied.  The reference pages supply what the headers do not say: condition
data types, which conditions are bit-flag fields, which layers are user-mode.

usage: import_sdk.py SDK_INCLUDE_DIR REFERENCE_WFP_DIR OUT_JSON
  SDK_INCLUDE_DIR  e.g. .../Include/10.0.26100.0 (holds um/fwpmu.h, um/fwpsu.h)
  REFERENCE_WFP_DIR  ../shared/reference/wfp
"""
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
import catalogue as cat  # noqa: E402


# FWPS_FIELD_<layer>_<suffix> names the condition FWPM_CONDITION_<suffix>,
# except for these spellings (the layer pages list the condition names).
SUFFIX_RENAMES = {
    'PROFILE_ID': 'CURRENT_PROFILE_ID',
    'LOCAL_ADDR_V4': 'IP_LOCAL_ADDRESS_V4', 'LOCAL_ADDR_V6': 'IP_LOCAL_ADDRESS_V6',
    'REMOTE_ADDR_V4': 'IP_REMOTE_ADDRESS_V4', 'REMOTE_ADDR_V6': 'IP_REMOTE_ADDRESS_V6',
    'LOCAL_PORT@RPC': 'IP_LOCAL_PORT',
    'NAP_CONTEXT@KM_AUTHORIZATION': 'KM_AUTH_NAP_CONTEXT',
}
# RESERVED_<n> fields: no page names their key; FWPM_CONDITION_RESERVED<n>
# is the only candidate the header offers (recorded as an assumption).
ASSUMED = set()


def field_condition(base, fname, known):
    body = fname[len('FWPS_FIELD_'):]
    # a few enums spell the layer differently (KM_DEMUX for IPSEC_KM_DEMUX)
    for lay in (base, base.replace('IPSEC_KM_DEMUX', 'KM_DEMUX')):
        if body.startswith(lay + '_'):
            suffix = body[len(lay) + 1:]
            break
    else:
        raise SystemExit('field %s does not start with its layer %s' % (fname, base))
    group = 'RPC' if base.startswith('RPC_') else base
    m = re.match(r'RESERVED_(\d+)$', suffix)
    if m:
        ASSUMED.add(fname)
        return 'FWPM_CONDITION_RESERVED' + m.group(1)
    cands = []
    for key in (suffix + '@' + group, suffix):
        if key in SUFFIX_RENAMES:
            cands.append(SUFFIX_RENAMES[key])
    cands += [suffix, 'ALE_' + suffix, 'RPC_' + suffix]
    for c in cands:
        if 'FWPM_CONDITION_' + c in known:
            return 'FWPM_CONDITION_' + c
    return 'FWPM_CONDITION_' + suffix


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


class Guards:
    """Tracks `#if (NTDDI_VERSION >= X)` nesting: the newest X in force is
    the Windows version an item appeared in; `== X` marks version-only items."""

    def __init__(self):
        self.stack = []  # (kind, version) ; kind in ge/eq/other ; else flips eq

    def line(self, s):
        s = s.strip()
        m = re.match(r'#\s*if\s*\(?\s*NTDDI_VERSION\s*(>=|==)\s*(NTDDI_\w+)\s*\)?', s)
        if m:
            self.stack.append(['ge' if m.group(1) == '>=' else 'eq', m.group(2)])
            return True
        if re.match(r'#\s*if', s):
            self.stack.append(['other', None])
            return True
        if re.match(r'#\s*else', s):
            if self.stack and self.stack[-1][0] == 'eq':
                self.stack[-1][0] = 'ne'
            return True
        if re.match(r'#\s*endif', s):
            self.stack.pop()
            return True
        return False

    def since(self):
        best = None
        for kind, ver in self.stack:
            if kind in ('ge',) and (best is None or cat.version_index(ver) > cat.version_index(best)):
                best = ver
        return best or 'NTDDI_WIN6'

    def only(self):
        for kind, ver in self.stack:
            if kind == 'eq':
                return ver
        return None

    def excluded(self):
        for kind, ver in self.stack:
            if kind == 'ne':
                return ver
        return None


def parse_guids(path):
    """DEFINE_GUID(name, l, w, w, b*8) and `#define NAME OTHER` aliases."""
    out, aliases = {}, {}
    text = open(path, encoding='latin-1').read()
    # join backslash continuations so aliases read as one line
    text = text.replace('\\\n', ' ')
    g = Guards()
    buf = None
    for raw in text.split('\n'):
        line = re.sub(r'//.*', '', raw)
        if buf is None and g.line(line):
            continue
        if buf is None and 'DEFINE_GUID' in line:
            buf = line
        elif buf is not None:
            buf += ' ' + line
        if buf is not None:
            if ');' in buf:
                m = re.search(r'DEFINE_GUID\s*\(\s*(\w+)\s*,(.*?)\)\s*;', buf, re.S)
                if m:
                    parts = [p.strip() for p in m.group(2).split(',')]
                    nums = [int(p, 16) for p in parts]
                    out[m.group(1)] = (cat.guid_from_parts(nums), g.since())
                buf = None
            continue
        m = re.match(r'\s*#\s*define\s+(FWPM_\w+)\s+(FWPM_\w+)\s*$', line)
        if m:
            aliases[m.group(1)] = (m.group(2), g.since())
    return out, aliases


def parse_enum(text, name):
    """Entries of `typedef enum name_ {...}` with their version guards."""
    m = re.search(r'typedef\s+enum\s+%s_?\s*\{(.*?)\}' % name, text, re.S)
    if not m:
        raise SystemExit('enum %s not found' % name)
    g = Guards()
    items = []
    for line in strip_comments(m.group(1)).split('\n'):
        if g.line(line):
            continue
        for tok in re.findall(r'\b(FWPS_\w+)\b', line):
            if '=' in line:
                raise SystemExit('explicit enum value in %s: %s' % (name, line))
            items.append({'name': tok, 'since': g.since(), 'only': g.only(),
                          'not_in': g.excluded()})
    return items


def clean(s):
    return s.replace('\\_', '_').replace('*', '')


def reference_conditions(ref):
    """name -> {'types': [...], 'flags': bool} from the condition pages."""
    info = {}
    pages = [os.path.join(ref, 'catalogue', 'filtering-condition-identifiers-.md'),
             os.path.join(ref, 'catalogue', 'network', 'filtering-condition-identifiers.md'),
             os.path.join(ref, 'catalogue', 'network', 'filtering-condition-data-types.md')]
    for p in pages:
        text = clean(re.sub(r'<[^>]+>', ' ', open(p, encoding='utf-8').read()))
        # data-types page: a table of <tr><td>NAME</td><td>types</td></tr>
        rows = re.split(r'\n\s*\|(?=\s*FWPM_CONDITION)|(?=\n\s*FWPM_CONDITION_\w+\s*\n)', text)
        for row in rows:
            m = re.match(r'\s*\|?\s*(FWPM_CONDITION_\w+)', row)
            if not m:
                continue
            name = m.group(1)
            body = row[m.end():]
            if 'data-types' not in p:
                body = body.split('\n')[0]  # identifier pages: one table row per line
            e = info.setdefault(name, {'types': [], 'flags': False})
            if 'bitwise OR' in body:
                e['flags'] = True
            dt = re.split(r'Data\s*type', body, flags=re.I)
            seg = ' '.join(dt[1:]) if len(dt) > 1 else (body if 'data-types' in p else '')
            for t in re.findall(r'\b(FWP_\w+|IPSEC_\w+|IKEEXT_\w+|FWP_UNIT32)\b', seg):
                t = {'FWP_UNIT32': 'FWP_UINT32', 'FWP_BYTE_BLOB': 'FWP_BYTE_BLOB_TYPE'}.get(t, t)
                if t.startswith('FWP_CONDITION') or t.startswith('FWP_MATCH'):
                    continue
                if t not in e['types'] and (t in cat.DATA_TYPES or t.startswith(('IPSEC_', 'IKEEXT_'))):
                    e['types'].append(t)
    return info


def main():
    sdk, ref, out_path = sys.argv[1:4]
    guids, aliases = parse_guids(os.path.join(sdk, 'um', 'fwpmu.h'))
    fwpsu = open(os.path.join(sdk, 'um', 'fwpsu.h'), encoding='latin-1').read()
    rt = parse_enum(fwpsu, 'FWPS_BUILTIN_LAYERS')
    conds_ref = reference_conditions(ref)
    sdk_tag = os.path.basename(os.path.normpath(sdk))

    runtime = []
    for it in rt:
        if it['name'] == 'FWPS_BUILTIN_LAYER_MAX':
            continue
        e = {'name': it['name'], 'since': it['since']}
        if it['only']:
            e['only_in'] = it['only']
        if it['not_in']:
            e['not_in'] = it['not_in']
        runtime.append(e)
    kernel_max = [r['name'] for r in runtime].index('FWPS_LAYER_IPSEC_KM_DEMUX_V4')

    # conditions
    conditions = []
    for name, (g, since) in guids.items():
        if not name.startswith('FWPM_CONDITION_'):
            continue
        r = conds_ref.get(name, {'types': [], 'flags': False})
        conditions.append({'name': name, 'guid': g, 'since': since,
                           'data_types': r['types'], 'flags_field': r['flags']})
    cond_names = {c['name'] for c in conditions}
    cond_aliases = {a: t for a, (t, s) in aliases.items() if a.startswith('FWPM_CONDITION_')}
    for c in conditions:
        al = sorted(a for a, t in cond_aliases.items() if t == c['name'])
        if al:
            c['aliases'] = al
            for a in al:
                r = conds_ref.get(a)
                if r:
                    c.setdefault('alias_data_types', {})[a] = r['types']
                    if r['flags']:
                        c['flags_field'] = True
    known = cond_names | set(cond_aliases)

    layers = []
    unmapped = []
    for idx, r in enumerate(runtime):
        short = r['name'][len('FWPS_LAYER_'):]
        mname = 'FWPM_LAYER_' + short
        if mname not in guids or 'only_in' in r:
            continue
        base = short[:-len('_DISCARD')] if short.endswith('_DISCARD') else short
        enum_name = 'FWPS_FIELDS_' + base
        fields = []
        if re.search(r'typedef\s+enum\s+%s_?\s*\{' % enum_name, fwpsu):
            for f in parse_enum(fwpsu, enum_name):
                if f['name'].endswith('_MAX'):
                    continue
                cname = field_condition(base, f['name'], known)
                if cname not in known:
                    unmapped.append((enum_name, f['name']))
                fe = {'condition': cname}
                if f['since'] != 'NTDDI_WIN6':
                    fe['since'] = f['since']
                fields.append(fe)
        else:
            enum_name = None
        layers.append({'name': mname, 'guid': guids[mname][0], 'runtime_name': r['name'],
                       'kernel': idx < kernel_max, 'since': r['since'],
                       'fields_enum': enum_name, 'fields': fields})
    # layers with a GUID but no run-time entry
    for name, (g, since) in guids.items():
        if name.startswith('FWPM_LAYER_') and name not in {l['name'] for l in layers}:
            layers.append({'name': name, 'guid': g, 'runtime_name': None, 'kernel': None,
                           'since': since, 'fields_enum': None, 'fields': []})

    def simple(prefix):
        return [{'name': n, 'guid': g, 'since': s} for n, (g, s) in guids.items()
                if n.startswith(prefix) and not n.startswith(prefix + 'CONTEXT_')]

    data = {
        'sdk': sdk_tag,
        'runtime_layers': runtime,
        'layers': layers,
        'sublayers': simple('FWPM_SUBLAYER_'),
        'callouts': simple('FWPM_CALLOUT_'),
        'conditions': conditions,
        'providers': simple('FWPM_PROVIDER_'),
        'provider_contexts': simple('FWPM_PROVIDER_CONTEXT_'),
        'keying_modules': simple('FWPM_KEYING_MODULE_'),
        'aliases': {a: t for a, (t, s) in sorted(aliases.items())},
    }
    finish(data, sdk_tag)
    open(out_path, 'w').write(dump(data))
    for u in unmapped:
        print('unmapped field', *u)


ADDRESS_TYPES = {'FWP_V4_ADDR_MASK', 'FWP_V6_ADDR_MASK'}

# Applicable layer of each built-in callout: the callout page says it for the
# IPsec transport/tunnel/forward/accept/silent-drop callouts; the rest follow
# their names (…_AUTH_CONNECT_LAYER_Vn -> ALE_AUTH_CONNECT_Vn, and so on).
CALLOUT_LAYER = [
    (r'IPSEC_INBOUND_TRANSPORT_(V\d)$', 'INBOUND_TRANSPORT_\\1'),
    (r'IPSEC_OUTBOUND_TRANSPORT_(V\d)$', 'OUTBOUND_TRANSPORT_\\1'),
    (r'IPSEC_INBOUND_TUNNEL_(V\d)$', 'INBOUND_TRANSPORT_\\1'),
    (r'IPSEC_OUTBOUND_TUNNEL_(V\d)$', 'OUTBOUND_TRANSPORT_\\1'),
    (r'IPSEC_FORWARD_(?:IN|OUT)BOUND_TUNNEL_(V\d)$', 'IPFORWARD_\\1'),
    (r'IPSEC_INBOUND_INITIATE_SECURE_(V\d)$', 'ALE_AUTH_RECV_ACCEPT_\\1'),
    (r'IPSEC_INBOUND_TUNNEL_ALE_ACCEPT_(V\d)$', 'ALE_AUTH_RECV_ACCEPT_\\1'),
    (r'IPSEC_ALE_CONNECT_(V\d)$', 'ALE_AUTH_CONNECT_\\1'),
    (r'IPSEC_DOSP_FORWARD_(V\d)$', 'IPFORWARD_\\1'),
    (r'WFP_TRANSPORT_LAYER_(V\d)_SILENT_DROP$', 'INBOUND_TRANSPORT_\\1_DISCARD'),
    (r'\w+_AUTH_CONNECT_LAYER_(V\d)$', 'ALE_AUTH_CONNECT_\\1'),
    (r'\w+_AUTH_RECV_ACCEPT_LAYER_(V\d)$', 'ALE_AUTH_RECV_ACCEPT_\\1'),
    (r'\w+_CONNECT_LAYER_(V\d)$', 'ALE_AUTH_CONNECT_\\1'),
    (r'\w+_ACCEPT_LAYER_(V\d)$', 'ALE_AUTH_RECV_ACCEPT_\\1'),
    (r'\w+_ALE_LISTEN_(V\d)$', 'ALE_AUTH_LISTEN_\\1'),
    (r'\w+_ALE_RESOURCE_ASSIGNMENT_(V\d)$', 'ALE_RESOURCE_ASSIGNMENT_\\1'),
    (r'OUTBOUND_NETWORK_CONNECTION_POLICY_LAYER_(V\d)$', 'OUTBOUND_NETWORK_CONNECTION_POLICY_\\1'),
]


def mingw_guids():
    path = '/usr/share/mingw-w64/include/fwpmu.h'
    if not os.path.exists(path):
        return {}
    return parse_guids(path)[0]


def finish(data, sdk_tag):
    conds = {c['name']: c for c in data['conditions']}
    alias = data['aliases']

    def cond_types(name):
        target = alias.get(name, name)
        c = conds[target]
        if name != target:
            t = c.get('alias_data_types', {}).get(name)
            if t:
                return t, c
        return c['data_types'], c

    ids = cat.runtime_layer_ids(data)
    for l in data['layers']:
        l['layer_id'] = ids.get(l['runtime_name']) if l['runtime_name'] else None
        flags = ['FWPM_LAYER_FLAG_BUILTIN']
        if l['kernel']:
            flags.insert(0, 'FWPM_LAYER_FLAG_KERNEL')
        l['flags'] = flags
        l['default_sublayer'] = 'FWPM_SUBLAYER_UNIVERSAL'
        fam = 'V4' if '_V4' in l['name'] else 'V6' if '_V6' in l['name'] else None
        for f in l['fields']:
            types, c = cond_types(f['condition'])
            if ADDRESS_TYPES & set(types):
                cf = 'V4' if f['condition'].endswith('_V4') else 'V6' if f['condition'].endswith('_V6') else fam
                f['type'] = 'FWPM_FIELD_IP_ADDRESS'
                f['data_type'] = {'V4': 'FWP_UINT32', 'V6': 'FWP_BYTE_ARRAY16_TYPE'}.get(cf)
            elif c.get('flags_field'):
                f['type'] = 'FWPM_FIELD_FLAGS'
                f['data_type'] = 'FWP_UINT32'
            else:
                f['type'] = 'FWPM_FIELD_RAW_DATA'
                plain = [t for t in types if t in cat.DATA_TYPES and t != 'FWP_RANGE_TYPE']
                f['data_type'] = plain[0] if plain else None
            if f['data_type'] is None:
                f['data_type_unknown'] = True
        if not l['fields']:
            del l['fields']
    for c in data['callouts']:
        short = c['name'][len('FWPM_CALLOUT_'):]
        for pat, rep in CALLOUT_LAYER:
            if re.match(pat, short):
                c['layers'] = ['FWPM_LAYER_' + re.sub(pat, rep, short)]
                break
    for c in data['conditions']:
        c.pop('alias_data_types', None)
        # Pages give the filter-condition value type; FWPM_FIELD0.dataType is
        # "the data type passed to classify", which for these is not stated.
        if 'FWP_SECURITY_DESCRIPTOR_TYPE' in c['data_types']:
            c['classify_type_unverified'] = True
        if not c['flags_field']:
            del c['flags_field']
    mg = mingw_guids()
    for kind in cat.KINDS:
        for o in data[kind]:
            if o['name'] in mg:
                o['mingw'] = mg[o['name']][0]
            if o.get('since') == 'NTDDI_WIN6':
                del o['since']
    data['assumed_fields'] = sorted(ASSUMED)
    # V6-only callouts whose V4 twin carries the newer EDGE_TRAVERSAL name
    # (the callout page pairs them that way).
    data['unpaired'] = ['FWPM_CALLOUT_TEREDO_ALE_LISTEN_V6',
                        'FWPM_CALLOUT_TEREDO_ALE_RESOURCE_ASSIGNMENT_V6']
    # The provider page and mingw-w64 name FWPM_PROVIDER_IPSEC_DOS_CONFIG with
    # 3c6c0519-…; the SDK defines FWPM_PROVIDER_IPSEC_DOSP_CONFIG as 3c6c05a9-….
    # The SDK wins (reference README); the documented pair is kept for the record.
    data['disputed'] = {'FWPM_PROVIDER_IPSEC_DOS_CONFIG': {
        'guid': '3c6c0519-c05c-4bb9-8338-2327814ce8bf',
        'stated_by': 'catalogue/built-in-provider-identifiers.md; mingw-w64 fwpmu.h',
        'sdk_name': 'FWPM_PROVIDER_IPSEC_DOSP_CONFIG',
        'decision': 'the SDK value is the object; this name and value are not defined by the catalogue'}}
    data['sources'] = {
        'guids': 'Windows SDK %s um/fwpmu.h (DEFINE_GUID values and #define aliases)' % sdk_tag,
        'runtime_layers': 'Windows SDK %s um/fwpsu.h, enum FWPS_BUILTIN_LAYERS with its NTDDI_VERSION guards' % sdk_tag,
        'fields': 'Windows SDK %s um/fwpsu.h, enums FWPS_FIELDS_* (order = FWPM_LAYER0 field index)' % sdk_tag,
        'data_types': 'reference catalogue pages: filtering-condition-identifiers-.md, network/filtering-condition-identifiers.md, network/filtering-condition-data-types.md',
        'mingw': '/usr/share/mingw-w64/include/fwpmu.h (mingw-w64 10.0.0): value recorded as "mingw" where it defines the name',
    }


def dump(data):
    """JSON with one object (or one layer field) per line where it fits."""
    order = ['format', 'sdk', 'sources', 'runtime_layers', 'layers', 'sublayers', 'callouts',
             'conditions', 'providers', 'provider_contexts', 'keying_modules', 'aliases',
             'unpaired', 'assumed_fields', 'disputed']
    data['format'] = 1
    out = ['{']
    keys = [k for k in order if k in data]
    for i, k in enumerate(keys):
        v = data[k]
        end = ',' if i < len(keys) - 1 else ''
        if isinstance(v, list) and v and isinstance(v[0], dict):
            out.append(' %s: [' % json.dumps(k))
            for j, o in enumerate(v):
                e = ',' if j < len(v) - 1 else ''
                if 'fields' in o:
                    head = {kk: vv for kk, vv in o.items() if kk != 'fields'}
                    s = json.dumps(head)[:-1] + ', "fields": [\n'
                    s += ',\n'.join('    ' + json.dumps(f) for f in o['fields'])
                    out.append('  ' + s + '\n  ]}' + e)
                else:
                    out.append('  ' + json.dumps(o) + e)
            out.append(' ]' + end)
        elif isinstance(v, dict):
            out.append(' %s: {' % json.dumps(k))
            items = list(v.items())
            for j, (kk, vv) in enumerate(items):
                out.append('  %s: %s%s' % (json.dumps(kk), json.dumps(vv), ',' if j < len(items) - 1 else ''))
            out.append(' }' + end)
        else:
            out.append(' %s: %s%s' % (json.dumps(k), json.dumps(v), end))
    out.append('}')
    return '\n'.join(out) + '\n'


if __name__ == '__main__':
    main()
