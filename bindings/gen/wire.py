"""The wire schema: the C model (cmodel.py) plus annotations.toml, resolved
into one description of the byte format of every structure that crosses a
language boundary, and of every function's shim.  WIRE.md is the prose of
the same rules.  Every emitter (C, C#, Java, Go) and the Python reference
codec below walk this schema; none of them knows a structure by name.

Schema node kinds ("k"):
  int    {size, signed}            little-endian integer (enums: size 4, enum name)
  float  {size}                    IEEE-754 bits, little-endian
  struct {name}                    members of that structure, in order
  array  {n, of}                   n elements inline
  opt    {of}                      u8 present (0/1), then the element when 1
  counted {of, count}              u8 present, then <value of member `count`> elements
  flex   {of, count}               <value of member `count`> elements, no presence byte
  wstr   {}                        u32 byte length (0xFFFFFFFF = NULL) + UTF-8
  astr   {}                        u32 byte length (0xFFFFFFFF = NULL) + the bytes (char *)
  group  {members}                 (a union arm only) those members, in order
  handle {}                        u64
  union  {tag, mask, arms:[[value, member]], default}   the selected member only;
         with {whole, whole_arm}: always `whole` bytes, the selected member's
         then zeros (C: the bytes of the byte-array arm `whole_arm`)
  struct {name, select}            (a member) `select`: {tag of the member's
         unions: {by: the holder member selecting them instead, size: its
         size, at: its offset from this member's start when it follows, else
         None}}
  skip   {}                        nothing (an untyped pointer: NULL on decode)

Function parameter roles: see WIRE.md "Shims"; `in_array` {type, count} is
an input array counted by the parameter `count`, whose own entry (in_scalar)
then carries `count_of`.
"""

import json
import re
import os
import struct as pystruct
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cmodel  # noqa: E402
from walk import fixed_size, is_bytes  # noqa: E402

PAGE_MAGIC = 0x47505746
PAGE_VERSION = 2
PAGE_HEADER = 20


class SchemaError(Exception):
    pass


def fnv1a32(text):
    h = 0x811c9dc5
    for b in text.encode('ascii'):
        h = ((h ^ b) * 0x01000193) & 0xffffffff
    return h


def load_annotations(path=None):
    path = path or os.path.join(HERE, 'annotations.toml')
    with open(path, 'rb') as f:
        if tomllib is None:
            raise SchemaError('Python 3.11 (tomllib) is required')
        return tomllib.load(f)


class Schema:
    def __init__(self, include_dir, annotations=None):
        self.model = cmodel.load(include_dir)
        self.ann = annotations if annotations is not None else load_annotations()
        self.consts = {c['name']: c['value'] for c in self.model.constants}
        for e in self.model.enums.values():
            for n, v in e['values']:
                self.consts[n] = v
        self.structs = {}      # name -> {name, members: [{name, node, hidden}]}
        self.functions = []    # shims
        self._used_ann = set()
        skip = set(self.ann.get('skip', {}).get('functions', []))
        for f in self.model.functions:
            if f['name'] in skip:
                continue
            self.functions.append(self._function(f))
        self._check_annotations_used()

    # -- structures ------------------------------------------------------------
    def struct(self, name):
        if name not in self.structs:
            if name not in self.model.structs:
                raise SchemaError('unknown structure %s' % name)
            self.structs[name] = None  # recursion guard
            self.structs[name] = self._struct(self.model.structs[name])
        return self.structs[name]

    def _ann(self, table, key):
        v = self.ann.get(table, {}).get(key)
        if v is not None:
            self._used_ann.add((table, key))
        return v

    def _struct(self, s):
        name = s['name']
        members = []
        counts = {}
        for m in s['members']:
            if m['type']['k'] == 'union':
                members.append({'name': None, 'node': self._union(name, m['type']['members'], members)})
                continue
            members.append(self._member(name, m, members, counts))
        for m in members:
            m['count_of'] = counts.get(m['name'])
        self._select_offsets(name, members)
        return {'name': name, 'header': s['header'], 'type_id': fnv1a32(name), 'members': members}

    def _select(self, key, node):
        """[select] "HOLDER.member.tag" = "holderMember": the unions of the
        structure member `member` that its own `tag` selects are selected by
        the holder's member instead; they are carried whole (fixed-size), so a
        decoder can read a holder member that follows them."""
        sel = {}
        for k in self.ann.get('select', {}):
            owner, _, tag = k.rpartition('.')
            if owner != key:
                continue
            self._used_ann.add(('select', k))
            if node['k'] != 'struct':
                raise SchemaError('%s: [select] on a member that is not a structure' % k)
            unions = [m['node'] for m in self.structs[node['name']]['members']
                      if m['node']['k'] == 'union' and m['node']['tag'] == tag]
            if not unions:
                raise SchemaError('%s: %s selects no union of %s' % (k, tag, node['name']))
            for u in unions:
                self._make_whole(k, u)
            sel[tag] = {'by': self.ann['select'][k], 'at': None}
        return sel

    def _make_whole(self, where, u):
        sizes = [fixed_size(self.structs, a['node']) for a in u['members']]
        if None in sizes:
            raise SchemaError('%s: a union selected from its holder must have fixed-size arms' % where)
        big = [a['name'] for a in u['members']
               if a['node']['k'] == 'array' and is_bytes(a['node']['of']) and a['node']['n'] == max(sizes)]
        if not big:
            raise SchemaError('%s: a union selected from its holder needs a byte-array arm of its size' % where)
        u['whole'], u['whole_arm'] = max(sizes), big[0]

    def _select_offsets(self, sname, members):
        names = [m['name'] for m in members]
        for i, m in enumerate(members):
            for tag, sel in m['node'].get('select', {}).items():
                if sel['by'] not in names:
                    raise SchemaError('%s.%s: [select] names no member %s' % (sname, m['name'], sel['by']))
                j = names.index(sel['by'])
                if members[j]['node']['k'] != 'int':
                    raise SchemaError('%s.%s: the selecting member must be an integer' % (sname, sel['by']))
                sel['size'] = members[j]['node']['size']
                if j < i:
                    continue
                sizes = [fixed_size(self.structs, x['node']) for x in members[i:j]]
                if None in sizes:
                    raise SchemaError('%s.%s: the members before %s must be fixed-size' % (sname, m['name'], sel['by']))
                sel['at'] = sum(sizes)

    def _member(self, name, m, members, counts):
        """One named member; `members` are those before it (a count must be
        among them), `counts` collects count member -> array member."""
        key = '%s.%s' % (name, m['name'])
        cnt = self._ann('count', key)
        flex = self._ann('flex', key)
        cast = self._ann('cast', key)
        t = m['type']
        if cast:
            t = {'k': 'ptr', 'to': {'k': 'struct', 'name': cast}, 'const': False}
        if cnt:
            if t['k'] != 'ptr':
                raise SchemaError('%s: count annotation on a non-pointer' % key)
            if cnt not in [x['name'] for x in members]:
                raise SchemaError('%s: count member %s must come before the array' % (key, cnt))
            counts[cnt] = m['name']
            node = {'k': 'counted', 'of': self._node(t['to'], key), 'count': cnt}
        elif flex:
            if t['k'] != 'array':
                raise SchemaError('%s: flex annotation on a non-array' % key)
            node = {'k': 'flex', 'of': self._node(t['of'], key), 'count': flex}
        else:
            node = self._node(t, key)
            sel = self._select(key, node)
            if sel:
                node['select'] = sel
            prev = members[-1] if members else None
            if (t['k'] == 'ptr' and prev and prev['node']['k'] == 'int' and
                    re.match(r'^(num[A-Z]|.*Count$|size$)', prev['name'] or '')):
                # a pointer right after a count-like member is almost surely
                # its array: say so in [count] (or it would encode one element)
                raise SchemaError('%s follows %s: add it to annotations.toml [count]' % (key, prev['name']))
        return {'name': m['name'], 'node': node}

    def _arm_node(self, sname, a):
        if a['type']['k'] != 'group':
            return self._node(a['type'], '%s.%s' % (sname, a['name']))
        # an anonymous structure in the union: its members, in order, are the arm
        members, counts = [], {}
        for m in a['type']['members']:
            if m['type']['k'] in ('union', 'group'):
                raise SchemaError('%s.%s: nested anonymous members' % (sname, a['name']))
            members.append(self._member(sname, m, members, counts))
        for m in members:
            m['count_of'] = counts.get(m['name'])
        return {'k': 'group', 'members': members}

    def _union(self, sname, arms, before):
        key = '%s.%s' % (sname, arms[0]['name'])
        u = self._ann('union', key)
        nodes = [(a['name'], self._arm_node(sname, a)) for a in arms]
        if u is None:
            if len(arms) == 1 or all(json.dumps(n, sort_keys=True) == json.dumps(nodes[0][1], sort_keys=True)
                                     for _, n in nodes):
                return {'k': 'union', 'tag': None, 'mask': None, 'arms': [], 'default': arms[0]['name'],
                        'members': [{'name': a, 'node': n} for a, n in nodes], 'aliases': [a['name'] for a in arms[1:]]}
            raise SchemaError('%s: a union whose arms differ needs an entry in annotations.toml [union]' % key)
        tag = u['tag']
        if tag not in [m['name'] for m in before]:
            raise SchemaError('%s: union tag %s must be a member before the union' % (key, tag))
        mask = self._value(u['mask']) if 'mask' in u else None
        names = [a['name'] for a in arms]
        sel = []
        for k, arm in u['arms'].items():
            if arm not in names:
                raise SchemaError('%s: no arm %s' % (key, arm))
            sel.append([self._value(k), arm])
        d = u.get('default')
        if d is not None and d not in names:
            raise SchemaError('%s: no arm %s' % (key, d))
        return {'k': 'union', 'tag': tag, 'mask': mask, 'arms': sel, 'default': d,
                'members': [{'name': a, 'node': n} for a, n in nodes], 'aliases': []}

    def _value(self, k):
        if isinstance(k, int):
            return k
        if k in self.consts:
            return self.consts[k]
        try:
            return int(k, 0)
        except ValueError:
            raise SchemaError('unknown constant %s in annotations.toml' % k)

    def _node(self, t, where):
        k = t['k']
        if k == 'int':
            return {'k': 'int', 'size': t['size'], 'signed': t['signed'], 'ctype': t['name']}
        if k == 'enum':
            return {'k': 'int', 'size': 4, 'signed': False, 'enum': t['name'], 'ctype': t['name']}
        if k == 'float':
            return {'k': 'float', 'size': t['size']}
        if k == 'struct':
            self.struct(t['name'])
            return {'k': 'struct', 'name': t['name']}
        if k == 'array':
            return {'k': 'array', 'n': t['n'], 'of': self._node(t['of'], where)}
        if k in ('wstr', 'astr', 'handle'):
            return {'k': k}
        if k == 'ptr':
            to = t['to']
            if to['k'] == 'void':
                return {'k': 'skip'}
            return {'k': 'opt', 'of': self._node(to, where)}
        raise SchemaError('%s: no wire form for C type kind %s' % (where, k))

    # -- functions -------------------------------------------------------------
    def _function(self, f):
        params = []
        name = f['name']
        # [param] "F.array" = { count = "countParam" }: an input array counted
        # by another parameter (which must precede it)
        counted = {}
        for p in f['params']:
            role = self.ann.get('param', {}).get('%s.%s' % (name, p['name']))
            if isinstance(role, dict):
                counted[role['count']] = p['name']
        for p in f['params']:
            key = '%s.%s' % (name, p['name'])
            role = self._ann('param', key)
            t = p['type']
            if role == 'null':
                params.append({'name': p['name'], 'role': 'null'})
                continue
            if isinstance(role, dict):
                cnt = role.get('count')
                if set(role) != {'count'} or cnt not in [x['name'] for x in params]:
                    raise SchemaError('%s: { count = ... } must name a parameter before it' % key)
                cp = next(x for x in params if x['name'] == cnt)
                if cp['role'] != 'in_scalar' or cp['node']['size'] != 4:
                    raise SchemaError('%s: the count %s must be a UINT32 parameter' % (key, cnt))
                if t['k'] != 'ptr' or t['to']['k'] != 'struct':
                    raise SchemaError('%s: a counted parameter must be a pointer to a structure' % key)
                self.struct(t['to']['name'])
                params.append({'name': p['name'], 'role': 'in_array', 'type': t['to']['name'], 'count': cnt})
                continue
            depth, base = 0, t
            while base['k'] == 'ptr':
                depth += 1
                base = base['to']
            if t['k'] == 'handle':
                r = {'role': 'in_handle'}
            elif t['k'] in ('int', 'enum'):
                r = {'role': 'in_scalar', 'node': self._node(t, key)}
            elif t['k'] == 'wstr':
                r = {'role': 'in_wstr'}
            elif depth == 1 and base['k'] == 'handle':
                r = {'role': 'out_handle'}
            elif depth == 1 and base['k'] in ('int', 'enum'):
                r = {'role': 'out_scalar', 'node': self._node(base, key)}
            elif depth == 1 and base['k'] == 'struct':
                self.struct(base['name'])
                r = {'role': 'out_struct' if role == 'out' else 'in_struct', 'type': base['name']}
            elif depth == 2 and base['k'] == 'struct':
                self.struct(base['name'])
                r = {'role': 'out_block', 'type': base['name']}
            elif depth == 3 and base['k'] == 'struct':
                self.struct(base['name'])
                r = {'role': 'out_page', 'type': base['name'], 'count': 'numEntriesReturned'}
            else:
                raise SchemaError('%s: no shim form for this parameter (annotate it in [param])' % key)
            r['name'] = p['name']
            if p['name'] in counted:
                r['count_of'] = counted[p['name']]
            params.append(r)
        ret = f['ret']
        if not (ret['k'] == 'int' and ret.get('name') == 'NTSTATUS'):
            # A function that returns a value instead of a status: the shim
            # returns STATUS_SUCCESS and hands the value out (role out_return).
            if ret['k'] not in ('int', 'enum'):
                raise SchemaError('%s: no shim form for its return type (list it in [skip])' % name)
            params.append({'name': 'result', 'role': 'out_return', 'node': self._node(ret, name)})
        return {'name': name, 'header': f['header'], 'params': params}

    def _check_annotations_used(self):
        """An annotation must name a real member (or parameter); one for a
        structure no function reaches is allowed (it waits for its function)."""
        funcs = {f['name']: f for f in self.model.functions}
        for table in ('count', 'flex', 'cast', 'union', 'param', 'select'):
            for key in self.ann.get(table, {}):
                if (table, key) in self._used_ann:
                    continue
                owner, _, member = key.partition('.')
                if table == 'param':
                    ok = owner in funcs and member in [p['name'] for p in funcs[owner]['params']]
                elif table == 'select':
                    ok = False  # a [select] is checked where its holder is built
                else:
                    st = self.model.structs.get(owner)
                    ok = st is not None and member in self._member_names(st['members'])
                if not ok:
                    raise SchemaError('annotations.toml [%s] %s names nothing the headers declare' % (table, key))

    @staticmethod
    def _member_names(members):
        out = []
        for m in members:
            if m['type']['k'] == 'union':
                for a in m['type']['members']:
                    out.append(a['name'])
                    if a['type']['k'] == 'group':
                        out += [g['name'] for g in a['type']['members']]
            else:
                out.append(m['name'])
        return out

    def to_json(self):
        return {'page': {'magic': PAGE_MAGIC, 'version': PAGE_VERSION, 'header': PAGE_HEADER},
                'structs': self.structs, 'functions': self.functions,
                'enums': self.model.enums, 'constants': self.model.constants, 'guids': self.model.guids}


# -- the reference codec (Python): values are dicts; unions are flattened -------
class Codec:
    """Schema-driven encoder/decoder.  Values: int/float; struct -> dict of
    member -> value (a union contributes its selected arm's member, or none);
    array of UINT8 -> bytes, other arrays -> list; opt -> value or None;
    counted -> list (or bytes for UINT8) or None; wstr -> str or None;
    GUID -> 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'."""

    _is_bytes = staticmethod(is_bytes)  # tests/conformance/compile.py reads it here

    def __init__(self, schema):
        self.s = schema if isinstance(schema, dict) else schema.to_json()

    # encode
    def encode(self, name, value):
        out = bytearray()
        self._enc_struct(out, name, value)
        return bytes(out)

    def encode_array(self, name, values):
        """A counted array parameter (role in_array): the elements' encodings
        back to back; None for a NULL array."""
        if values is None:
            return None
        return b''.join(self.encode(name, v) for v in values)

    def page(self, name, values):
        body = bytearray()
        for v in values:
            rec = bytearray()
            if v is not None:
                self._enc_struct(rec, name, v)
            body += pystruct.pack('<I', len(rec)) + rec
        hdr = pystruct.pack('<IHHIII', PAGE_MAGIC, PAGE_VERSION, 0, fnv1a32(name), len(values),
                            PAGE_HEADER + len(body))
        return hdr + bytes(body)

    def _enc_struct(self, out, name, v, sel=None):
        if name == 'GUID':
            import uuid
            out += uuid.UUID(v).bytes_le
            return
        for m in self.s['structs'][name]['members']:
            node = m['node']
            if node['k'] == 'union':
                start = len(out)
                arm = self._arm(node, v, sel)
                if arm:
                    mm = next(x for x in node['members'] if x['name'] == arm)
                    if mm['node']['k'] == 'group':
                        self._enc_members(out, mm['node']['members'], v)
                    else:
                        self._enc(out, mm['node'], v.get(arm), v, arm)
                if node.get('whole'):
                    out += bytes(start + node['whole'] - len(out))
                continue
            self._enc_members(out, [m], v)

    def _enc_members(self, out, members, v):
        for m in members:
            val = v.get(m['name'])
            if m['count_of']:
                arr = v.get(m['count_of'])
                if val is None:
                    val = 0 if arr is None else len(arr)
            self._enc(out, m['node'], val, v, m['name'])

    def _arm(self, node, v, sel=None):
        if node['tag'] is None:
            return node['default']
        t = sel[node['tag']] if sel and node['tag'] in sel else v.get(node['tag'], 0)
        if node['mask'] is not None:
            t &= node['mask']
        for val, arm in node['arms']:
            if val == t:
                return arm
        return node['default']

    def _enc(self, out, node, val, parent, name):
        k = node['k']
        if k == 'int':
            fmt = {1: 'b', 2: 'h', 4: 'i', 8: 'q'}[node['size']]
            out += pystruct.pack('<' + (fmt if node['signed'] else fmt.upper()), val or 0)
        elif k == 'float':
            out += pystruct.pack('<f' if node['size'] == 4 else '<d', val or 0.0)
        elif k == 'handle':
            out += pystruct.pack('<Q', val or 0)
        elif k == 'struct':
            sel = {t: parent.get(x['by'], 0) for t, x in node.get('select', {}).items()}
            self._enc_struct(out, node['name'], val, sel)
        elif k == 'array':
            if is_bytes(node['of']):
                out += bytes(val or bytes(node['n']))
            else:
                for x in val:
                    self._enc(out, node['of'], x, parent, name)
        elif k == 'opt':
            out.append(0 if val is None else 1)
            if val is not None:
                self._enc(out, node['of'], val, parent, name)
        elif k in ('counted', 'flex'):
            if k == 'counted':
                out.append(0 if val is None else 1)
                if val is None:
                    return
            n = parent.get(node['count']) if parent.get(node['count']) is not None else len(val or ())
            items = list(val or ())[:n]
            if is_bytes(node['of']):
                out += bytes(items)
            else:
                for x in items:
                    self._enc(out, node['of'], x, parent, name)
        elif k in ('wstr', 'astr'):
            if val is None:
                out += pystruct.pack('<I', 0xffffffff)
            else:
                b = val.encode('utf-8' if k == 'wstr' else 'latin-1')
                out += pystruct.pack('<I', len(b)) + b
        elif k == 'skip':
            pass
        else:
            raise SchemaError('cannot encode %s' % k)

    # decode
    def decode(self, name, data):
        v, pos = self._dec_struct(data, 0, name)
        if pos != len(data):
            raise SchemaError('%d trailing bytes after %s' % (len(data) - pos, name))
        return v

    def read_page(self, data):
        magic, ver, _, tid, count, length = pystruct.unpack_from('<IHHIII', data, 0)
        if magic != PAGE_MAGIC or ver != PAGE_VERSION or length != len(data):
            raise SchemaError('not a version-%d page' % PAGE_VERSION)
        name = next(n for n, s in self.s['structs'].items() if s['type_id'] == tid)
        pos, out = PAGE_HEADER, []
        for _ in range(count):
            (n,) = pystruct.unpack_from('<I', data, pos)
            pos += 4
            out.append(self.decode(name, data[pos:pos + n]) if n else None)
            pos += n
        return name, out

    def _dec_struct(self, d, pos, name, sel=None):
        if name == 'GUID':
            import uuid
            return str(uuid.UUID(bytes_le=bytes(d[pos:pos + 16]))), pos + 16
        v = {}
        for m in self.s['structs'][name]['members']:
            node = m['node']
            if node['k'] == 'union':
                arm = self._arm(node, v, sel)
                end = pos + node['whole'] if node.get('whole') else None
                if end is not None and end > len(d):
                    raise SchemaError('a union runs past the end')
                if arm:
                    mm = next(x for x in node['members'] if x['name'] == arm)
                    if mm['node']['k'] == 'group':
                        for g in mm['node']['members']:
                            v[g['name']], pos = self._dec(d, pos, g['node'], v)
                    else:
                        v[arm], pos = self._dec(d, pos, mm['node'], v)
                if end is not None:
                    pos = end
                continue
            v[m['name']], pos = self._dec(d, pos, node, v)
        return v, pos

    def _dec(self, d, pos, node, parent):
        k = node['k']
        if k == 'int':
            fmt = {1: 'b', 2: 'h', 4: 'i', 8: 'q'}[node['size']]
            return pystruct.unpack_from('<' + (fmt if node['signed'] else fmt.upper()), d, pos)[0], pos + node['size']
        if k == 'float':
            return pystruct.unpack_from('<f' if node['size'] == 4 else '<d', d, pos)[0], pos + node['size']
        if k == 'handle':
            return pystruct.unpack_from('<Q', d, pos)[0], pos + 8
        if k == 'struct':
            sel = {}
            for t, x in node.get('select', {}).items():
                # the holder's member: decoded already, or at a fixed offset ahead
                sel[t] = parent[x['by']] if x['at'] is None else \
                    int.from_bytes(bytes(d[pos + x['at']:pos + x['at'] + x['size']]), 'little')
            return self._dec_struct(d, pos, node['name'], sel)
        if k == 'array':
            if is_bytes(node['of']):
                return bytes(d[pos:pos + node['n']]), pos + node['n']
            out = []
            for _ in range(node['n']):
                x, pos = self._dec(d, pos, node['of'], parent)
                out.append(x)
            return out, pos
        if k == 'opt':
            present = d[pos]
            pos += 1
            if not present:
                return None, pos
            return self._dec(d, pos, node['of'], parent)
        if k in ('counted', 'flex'):
            if k == 'counted':
                present = d[pos]
                pos += 1
                if not present:
                    return None, pos
            n = parent[node['count']]
            if is_bytes(node['of']):
                return bytes(d[pos:pos + n]), pos + n
            out = []
            for _ in range(n):
                x, pos = self._dec(d, pos, node['of'], parent)
                out.append(x)
            return out, pos
        if k in ('wstr', 'astr'):
            (n,) = pystruct.unpack_from('<I', d, pos)
            pos += 4
            if n == 0xffffffff:
                return None, pos
            return bytes(d[pos:pos + n]).decode('utf-8' if k == 'wstr' else 'latin-1'), pos + n
        if k == 'skip':
            return None, pos
        raise SchemaError('cannot decode %s' % k)


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description='Dump the wire schema as JSON.')
    ap.add_argument('include_dir')
    ap.add_argument('-o', '--output')
    ap.add_argument('--annotations')
    a = ap.parse_args(argv)
    s = Schema(a.include_dir, load_annotations(a.annotations) if a.annotations else None)
    text = json.dumps(s.to_json(), indent=1, sort_keys=True)
    if a.output:
        with open(a.output, 'w') as f:
            f.write(text + '\n')
    else:
        print(text)


if __name__ == '__main__':
    main(sys.argv[1:])
