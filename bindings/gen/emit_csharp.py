#!/usr/bin/env python3
"""C# emitter: the schema (wire.py) -> the generated half of the C# SDK.

    emit_csharp.py SCHEMA.json OUTDIR

writes into OUTDIR (the Meson build directory; nothing is committed):
  Fwpk.Types.g.cs      one sealed class per schema structure (names.py names),
                       init properties, value equality over the wire bytes,
                       ToString, the wire decoder/encoder, lazy page-record views
  Fwpk.Constants.g.cs  enums, constant families, ErrorCode values, FwpmGuids
  Fwpk.Engine.g.cs     the P/Invoke of every fwpkx_* shim (Native.Shim) and one
                       method per function on `partial class Engine`

The hand-written layer (bindings/csharp/Fwpk/*.cs) supplies WireReader /
WireWriter, the engine handle, the enumerators and FwpException.  Nothing here
knows a structure by name except the special types of gen.md (GUID -> Guid,
FWP_BYTE_BLOB -> byte[], single byte-array structures -> byte[]).
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import names  # noqa: E402
import walk  # noqa: E402

API_PREFIX_WORDS = {'fwpm', 'fwp', 'ipsec', 'ikeext'}

INT_TYPES = {(1, False): 'byte', (1, True): 'sbyte', (2, False): 'ushort', (2, True): 'short',
             (4, False): 'uint', (4, True): 'int', (8, False): 'ulong', (8, True): 'long'}
RD = {'byte': 'U8', 'sbyte': 'I8', 'ushort': 'U16', 'short': 'I16', 'uint': 'U32', 'int': 'I32',
      'ulong': 'U64', 'long': 'I64', 'float': 'F32', 'double': 'F64', 'bool': 'Bool'}
# Verbs whose public method the hand-written layer writes (engine lifetime,
# transactions); the generated method is internal and suffixed Core.
OWNED_VERBS = {'Open', 'Close', 'Begin', 'Commit', 'Abort'}


def word_pascal(w):
    return w[:1].upper() + w[1:].lower()


def bytes_arg(b, p):
    """The (pointer, length) shim arguments of byte[]? b pinned at p: NULL for
    null, a non-NULL pointer for an empty array (fixed() gives NULL for it)."""
    return '%s is null ? null : (%s == null ? Wire.EmptyPtr : %s), (uint)(%s?.Length ?? 0)' % (b, p, p, b)


def c_words_pascal(cname):
    return ''.join(word_pascal(w) for w in cname.split('_') if w)


class Gen:
    def __init__(self, schema):
        self.s = schema
        self.structs = schema['structs']
        self.all = list(self.structs)
        # out_return (a function that returns a value, not a status) is an out
        # scalar to every binding: the shim's last uintN_t * parameter.
        for f in schema['functions']:
            for p in f['params']:
                if p['role'] == 'out_return':
                    p['role'] = 'out_scalar'
        self.fnames = [f['name'] for f in schema['functions']]
        self.uniq = 0
        self.targets = walk.select_targets(self.structs)
        self.sel_tags = []
        self.tname = {n: names.pascal(names.csharp_type_words(n, self.all)) for n in self.all}
        # special types of gen.md: GUID, FWP_BYTE_BLOB, byte-array structures
        self.special = {}
        for n, st in self.structs.items():
            ms = st['members']
            if n == 'GUID':
                self.special[n] = 'guid'
            elif n == 'FWP_BYTE_BLOB':
                self.special[n] = 'blob'
            elif len(ms) == 1 and ms[0]['name'] and ms[0]['node']['k'] == 'array' and walk.is_bytes(ms[0]['node']['of']):
                self.special[n] = ('fixed', ms[0]['node']['n'])
        self.enum_name = {}
        for e in schema['enums']:
            w = names.csharp_type_words(e, list(schema['enums']))
            self.enum_name[e] = names.pascal(w)
        self.used_types = set(self.tname[n] for n in self.all if n not in self.special) | set(self.enum_name.values())

    # -- types -----------------------------------------------------------------
    def int_type(self, node):
        if 'enum' in node:
            return self.enum_name[node['enum']]
        if node.get('ctype') == 'BOOL':
            return 'bool'
        return INT_TYPES[(node['size'], node['signed'])]

    def prim(self, node):
        """The primitive C# type a reader call yields for an int/float/handle node."""
        k = node['k']
        if k == 'int':
            return INT_TYPES[(node['size'], node['signed'])]
        if k == 'float':
            return 'float' if node['size'] == 4 else 'double'
        if k == 'handle':
            return 'ulong'
        return None

    def cs_type(self, node):
        k = node['k']
        if k in ('int', 'float', 'handle'):
            return self.int_type(node) if k == 'int' else self.prim(node)
        if k == 'struct':
            sp = self.special.get(node['name'])
            if sp == 'guid':
                return 'Guid'
            if sp is not None:
                return 'byte[]?' if sp == 'blob' else 'byte[]'
            return self.tname[node['name']]
        if k == 'array':
            return 'byte[]' if walk.is_bytes(node['of']) else self.elem_type(node['of']) + '[]'
        if k == 'opt':
            t = self.cs_type(node['of'])
            return t if t.endswith('?') else t + '?'
        if k == 'counted':
            return 'byte[]?' if walk.is_bytes(node['of']) else self.elem_type(node['of']) + '[]?'
        if k == 'flex':
            return 'byte[]' if walk.is_bytes(node['of']) else self.elem_type(node['of']) + '[]'
        if k in ('wstr', 'astr'):
            return 'string?'
        raise ValueError(k)

    def elem_type(self, node):
        """The element type of an array: a string element may be NULL in C."""
        if node['k'] in ('wstr', 'astr'):
            return 'string?'
        return self.cs_type(node).rstrip('?')

    def default_init(self, node):
        """Initial value of a non-nullable reference member of a new object."""
        k = node['k']
        if k == 'struct':
            sp = self.special.get(node['name'])
            if sp == 'guid' or sp == 'blob':
                return None
            if isinstance(sp, tuple):
                return 'new byte[%d]' % sp[1]
            return 'new %s()' % self.tname[node['name']]
        if k == 'array':
            if walk.is_bytes(node['of']):
                return 'new byte[%d]' % node['n']
            return 'new %s[%d]' % (self.cs_type(node['of']).rstrip('?'), node['n'])
        if k == 'flex':
            return 'System.Array.Empty<%s>()' % self.cs_type(node['of']).rstrip('?')
        return None

    def rd(self, node, r='r'):
        """Expression reading one value of node from WireReader r."""
        k = node['k']
        if k in ('int', 'float', 'handle'):
            p = self.prim(node)
            e = '%s.%s()' % (r, RD[p])
            if k == 'int' and 'enum' in node:
                e = '(%s)%s' % (self.enum_name[node['enum']], e)
            return e
        if k == 'struct':
            sp = self.special.get(node['name'])
            if sp == 'guid':
                return '%s.Guid()' % r
            if sp == 'blob':
                return '%s.Blob()' % r
            if isinstance(sp, tuple):
                return '%s.Bytes(%d)' % (r, sp[1])
            if node.get('select'):
                # the holder's members select its unions (annotations.toml [select])
                args = ''.join(', ' + ('%s.Peek(%d, %d)' % (r, x['at'], x['size']) if x['at'] is not None
                                       else '(ulong)(%s)' % self.field_name(x['by']))
                               for x in (node['select'][t] for t in self.targets[node['name']]))
                return 'global::Fwpk.%s.Read(ref %s%s)' % (self.tname[node['name']], r, args)
            return 'global::Fwpk.%s.Read(ref %s)' % (self.tname[node['name']], r)
        if k == 'array':
            if walk.is_bytes(node['of']):
                return '%s.Bytes(%d)' % (r, node['n'])
            return 'Wire.Array(%d, ref %s, static (ref WireReader q) => %s)' % (node['n'], r, self.rd(node['of'], 'q'))
        if k == 'opt':
            if node['of']['k'] == 'struct' and self.special.get(node['of']['name']) == 'blob':
                return '%s.OptBlob()' % r
            return '(%s.Present() ? %s : null)' % (r, self.rd(node['of'], r))
        if k == 'wstr':
            return '%s.WStr()' % r
        if k == 'astr':
            # a char * string: the bytes as Latin-1 (one char per byte, so any
            # bytes round-trip), as the reference codec does
            self.uniq += 1
            n = 'a_%d' % self.uniq
            return ('(%s.U32() is var %s && %s == 0xFFFFFFFFu ? null : '
                    'System.Text.Encoding.Latin1.GetString(%s.Bytes((int)%s)))' % (r, n, n, r, n))
        raise ValueError(k)

    def wr(self, node, expr, w='w'):
        """Statement writing expr (of node's C# type) to WireWriter w."""
        k = node['k']
        if k in ('int', 'float', 'handle'):
            p = self.prim(node)
            if k == 'int' and 'enum' in node:
                expr = '(%s)%s' % (p, expr)
            return '%s.%s(%s);' % (w, RD[p], expr)
        if k == 'struct':
            sp = self.special.get(node['name'])
            if sp == 'guid':
                return '%s.Guid(%s);' % (w, expr)
            if sp == 'blob':
                return '%s.Blob(%s);' % (w, expr)
            if isinstance(sp, tuple):
                return '%s.Bytes(%s, %d);' % (w, expr, sp[1])
            if node.get('select'):
                args = ''.join(', (ulong)(%s)' % self.field_name(node['select'][t]['by']) for t in self.targets[node['name']])
                return '(%s ?? global::Fwpk.%s.Default).WriteSel(%s%s);' % (expr, self.tname[node['name']], w, args)
            return '(%s ?? global::Fwpk.%s.Default).Write(%s);' % (expr, self.tname[node['name']], w)
        if k == 'array':
            if walk.is_bytes(node['of']):
                return '%s.Bytes(%s, %d);' % (w, expr, node['n'])
            return 'for (int i = 0; i < %d; i++) { %s }' % (node['n'], self.wr(node['of'], '%s[i]' % expr, w))
        if k == 'opt':
            inner = node['of']
            if inner['k'] == 'struct' and self.special.get(inner['name']) == 'blob':
                return '%s.OptBlob(%s);' % (w, expr)
            v = 'x' + re.sub(r'\W', '', expr)
            return 'if (%s is { } %s) { %s.Present(true); %s } else %s.Present(false);' % (expr, v, w, self.wr(inner, v, w), w)
        if k == 'wstr':
            return '%s.WStr(%s);' % (w, expr)
        if k == 'astr':
            self.uniq += 1
            b = 'a_%d' % self.uniq
            return ('if (%s is null) %s.U32(0xFFFFFFFFu); else { var %s = System.Text.Encoding.Latin1.GetBytes(%s); '
                    '%s.U32((uint)%s.Length); %s.Raw(%s); }' % (expr, w, b, expr, w, b, w, b))
        if k == 'skip':
            return ''
        raise ValueError(k)

    # -- one structure ---------------------------------------------------------
    @staticmethod
    def hide_counts(st):
        """Marks the count member of a [flex] array like a [count] one (hidden)."""
        for m in st['members']:
            if m['node']['k'] == 'flex':
                for c in st['members']:
                    if c['name'] == m['node']['count']:
                        c['count_of'] = m['name']

    def props(self, st):
        """[(cname, node, union, is_alias)] of the visible members, in order.
        The members of a group arm (an anonymous structure in the union) are
        members of the enclosing structure, as in C; self.arm_of maps each to
        its arm, self.alias_of an alias arm's member to the default arm's."""
        out = []
        self.arm_of, self.alias_of = {}, {}
        for m in st['members']:
            node = m['node']
            if node['k'] == 'union':
                dflt = next((a['node'] for a in node['members'] if a['name'] == node['default']), None)
                for a in node['members']:
                    alias = a['name'] in node.get('aliases', [])
                    if a['node']['k'] != 'group':
                        out.append((a['name'], a['node'], node, alias))
                        continue
                    for i, g in enumerate(a['node']['members']):
                        self.arm_of[g['name']] = a['name']
                        if alias:
                            self.alias_of[g['name']] = dflt['members'][i]['name']
                        if g['node']['k'] == 'skip' or g['count_of']:
                            continue
                        out.append((g['name'], g['node'], node, alias))
            elif node['k'] == 'skip' or m['count_of']:
                continue
            else:
                out.append((m['name'], node, None, False))
        return out

    @staticmethod
    def field_name(cmember):
        return '_' + cmember[:1].lower() + cmember[1:]

    def pname(self, cls, cmember):
        p = names.member_pascal(cmember)
        return p + 'Value' if p == cls else p

    def emit_struct(self, cname):
        st = self.structs[cname]
        cls = self.tname[cname]
        self.hide_counts(st)
        props = self.props(st)
        pn = {c: self.pname(cls, c) for c, _, _, _ in props}
        fld = {c: self.field_name(c) for c, _, _, _ in props}
        self.sel_tags = self.targets.get(cname, [])
        # fixed-offset prefix: members before the first variable-length one
        fixed, off = {}, 0
        for m in st['members']:
            node = m['node']
            sz = walk.fixed_size(self.structs, node)
            if sz is None:
                break
            if node['k'] == 'union' and not node.get('whole'):
                arm = node['default']
                for a in node['members']:
                    if a['name'] == arm or a['name'] in node.get('aliases', []):
                        if self.prim(a['node']) and (a['node']['k'] != 'int' or 'enum' not in a['node']):
                            fixed[a['name']] = (off, a['node'])
            elif m['name'] and not m['count_of'] and (self.prim(node) or (node['k'] == 'struct' and self.special.get(node['name']) == 'guid')):
                fixed[m['name']] = (off, node)
            elif m['name'] and node['k'] == 'int' and 'enum' in node:
                fixed[m['name']] = (off, node)
            off += sz
        L = []
        a = L.append
        a('/// <summary>%s (%s).</summary>' % (cname, st['header']))
        a('public sealed partial class %s : IEquatable<%s>, IWireValue' % (cls, cls))
        a('{')
        a('    internal const uint TypeId = 0x%08X;' % st['type_id'])
        a('    internal static readonly %s Default = new();' % cls)
        a('    // A page-record view: the page bytes and the record offset, until a member')
        a('    // that is not at a fixed offset is read (then every member is decoded).')
        a('    private byte[]? _v;')
        a('    private int _o;')
        for c, node, u, alias in props:
            if alias:
                continue
            t = self.cs_type(node)
            if t == 'bool':
                t = 'int'   # a C BOOL keeps its exact value; the property is a bool
            a('    private %s %s;' % (t if t.endswith('?') else t + '?' if self.default_init(node) else t, fld[c]))
        a('    public %s() { }' % cls)
        a('    internal %s(byte[] page, int offset) { _v = page; _o = offset; }' % cls)
        for c, node, u, alias in props:
            t = self.cs_type(node)
            target = c
            if alias:
                target = self.alias_of.get(c, u['default'])
            f = fld[target]
            doc = c
            if u is not None and u['tag'] is not None:
                sel = [str(v) for v, arm in u['arms'] if arm == self.arm_of.get(c, c)]
                doc += ' (union arm; meaningful when %s%s is %s)' % (
                    names.member_pascal(u['tag']), ' & 0x%X' % u['mask'] if u['mask'] is not None else '',
                    ' or '.join(sel) if sel else 'any other value')
            elif alias:
                doc += ' (the same storage as %s)' % pn[target]
            a('    /// <summary>%s</summary>' % doc)
            if target in fixed:
                o, fnode = fixed[target]
                if fnode['k'] == 'struct':
                    getter = 'Wire.GuidAt(v, _o + %d)' % o
                else:
                    p = self.prim(fnode)
                    getter = 'Wire.%sAt(v, _o + %d)' % (RD[p], o)
                    if 'enum' in fnode:
                        getter = '(%s)%s' % (self.enum_name[fnode['enum']], getter)
                if t == 'bool':
                    a('    public bool %s { get => _v is { } v ? %s != 0 : %s != 0; init => %s = value ? 1 : 0; }' % (pn[c], getter, f, f))
                else:
                    a('    public %s %s { get => _v is { } v ? %s : %s; init => %s = value; }' % (t, pn[c], getter, f, f))
            else:
                d = self.default_init(node) if not t.endswith('?') else None
                val = f
                if d and d.startswith('new byte[') or (d and node['k'] == 'array'):
                    val = '%s ??= %s' % (f, d)
                elif d and d.startswith('new '):
                    val = '%s ?? global::Fwpk.%s.Default' % (f, t)
                elif d:
                    val = '%s ?? %s' % (f, d)
                if t == 'bool':
                    a('    public bool %s { get { if (System.Threading.Volatile.Read(ref _v) is not null) Load(); return %s != 0; } init => %s = value ? 1 : 0; }' % (pn[c], f, f))
                else:
                    a('    public %s %s { get { if (System.Threading.Volatile.Read(ref _v) is not null) Load(); return %s; } init => %s = value; }' % (t, pn[c], val, f))
        # decoder
        a('    private void Load()')
        a('    {')
        a('        lock (this)')
        a('        {')
        a('            if (_v is not { } v) return;')
        a('            var r = new WireReader(v, _o);')
        a('            ReadFields(ref r);')
        a('            System.Threading.Volatile.Write(ref _v, null);')
        a('        }')
        a('    }')
        sel = ''.join(', ulong? sel%s = null' % names.member_pascal(t) for t in self.sel_tags)
        a('    internal static %s Read(ref WireReader r%s) { var x = new %s(); x.ReadFields(ref r%s); return x; }' % (
            cls, sel, cls, ''.join(', sel' + names.member_pascal(t) for t in self.sel_tags)))
        a('    private void ReadFields(ref WireReader r%s)' % sel)
        a('    {')
        for m in st['members']:
            node = m['node']
            if node['k'] == 'skip':
                continue
            if m['count_of']:
                a('        var n_%s = (int)%s;' % (m['name'], self.rd_count(node)))
                continue
            if node['k'] == 'union':
                self.emit_union(a, node, fld, read=True)
                continue
            a('        ' + self.read_member(node, fld[m['name']]))
        a('    }')
        # encoder
        a('    /// <summary>Appends the wire encoding (bindings/gen/WIRE.md) of this value.</summary>')
        if self.sel_tags:
            # a holder may select this structure's unions (annotations.toml [select])
            a('    public void Write(WireWriter w) => WriteSel(w%s);' % ''.join(', null' for _ in self.sel_tags))
            a('    internal void WriteSel(WireWriter w%s)' % ''.join(', ulong? sel%s' % names.member_pascal(t) for t in self.sel_tags))
        else:
            a('    public void Write(WireWriter w)')
        a('    {')
        a('        if (_v is not null) Load();')
        for m in st['members']:
            node = m['node']
            if node['k'] == 'skip':
                continue
            if m['count_of']:
                arr = fld[m['count_of']]
                p = self.prim(node)
                a('        w.%s((%s)(%s?.Length ?? 0));' % (RD[p], p, arr))
                continue
            if node['k'] == 'union':
                self.emit_union(a, node, fld, read=False)
                continue
            a('        ' + self.write_member(node, fld[m['name']]))
        a('    }')
        # equality and text
        a('    public bool Equals(%s? other) => other is not null && (ReferenceEquals(this, other) || Wire.SameBytes(this, other));' % cls)
        a('    public override bool Equals(object? obj) => obj is %s o && Equals(o);' % cls)
        a('    public override int GetHashCode() => Wire.HashBytes(this);')
        a('    public static bool operator ==(%s? a, %s? b) => a is null ? b is null : a.Equals(b);' % (cls, cls))
        a('    public static bool operator !=(%s? a, %s? b) => !(a == b);' % (cls, cls))
        a('    public override string ToString()')
        a('    {')
        a('        var s = new System.Text.StringBuilder("%s { ");' % cls)
        first = True
        for m in st['members']:
            node = m['node']
            if node['k'] == 'skip' or m['count_of']:
                continue
            if node['k'] == 'union':
                def text(arm, first):
                    an = next(x['node'] for x in node['members'] if x['name'] == arm)
                    ms = [arm] if an['k'] != 'group' else [
                        g['name'] for g in an['members'] if g['node']['k'] != 'skip' and not g['count_of']]
                    return ' '.join('s.Append("%s%s = "); Wire.Text(s, %s);' % ('' if first and i == 0 else ', ', pn[x], pn[x])
                                    for i, x in enumerate(ms))
                if node['tag'] is None:
                    a('        ' + text(node['default'], first))
                    first = False
                    continue
                a('        switch (%s)' % self.tag_expr(node, pn_based=True, pn=pn))
                a('        {')
                for v, arm in node['arms']:
                    a('            case 0x%X: %s break;' % (v, text(arm, first)))
                if node['default']:
                    a('            default: %s break;' % text(node['default'], first))
                a('        }')
                first = False
                continue
            a('        s.Append("%s%s = "); Wire.Text(s, %s);' % ('' if first else ', ', pn[m['name']], pn[m['name']]))
            first = False
        a('        return s.Append(" }").ToString();')
        a('    }')
        a('}')
        return '\n'.join(L)

    def rd_count(self, node):
        return 'r.%s()' % RD[self.prim(node)]

    def read_member(self, node, f, parent_counts=None):
        k = node['k']
        if k == 'counted':
            of = node['of']
            if walk.is_bytes(of):
                return '%s = r.Present() ? r.Bytes(n_%s) : null;' % (f, node['count'])
            return '%s = r.Present() ? Wire.Array(n_%s, ref r, static (ref WireReader q) => %s) : null;' % (f, node['count'], self.rd(of, 'q'))
        if k == 'flex':
            of = node['of']
            if walk.is_bytes(of):
                return '%s = r.Bytes(n_%s);' % (f, node['count'])
            return '%s = Wire.Array(n_%s, ref r, static (ref WireReader q) => %s);' % (f, node['count'], self.rd(of, 'q'))
        return '%s = %s;' % (f, self.rd(node))

    def write_member(self, node, f):
        k = node['k']
        if k in ('counted', 'flex'):
            of = node['of']
            pres = k == 'counted'
            if walk.is_bytes(of):
                return ('w.Present(%s is not null); ' % f if pres else '') + 'if (%s is not null) w.Raw(%s);' % (f, f)
            body = 'foreach (var e in %s) { %s }' % (f, self.wr(of, 'e'))
            return ('w.Present(%s is not null); ' % f if pres else '') + 'if (%s is not null) %s' % (f, body)
        return self.wr(node, f)

    def tag_expr(self, node, fld=None, pn_based=False, pn=None):
        tag = pn[node['tag']] if pn_based else fld[node['tag']]
        e = '(ulong)(%s)' % tag
        if not pn_based and node['tag'] in self.sel_tags:
            e = '(sel%s ?? %s)' % (names.member_pascal(node['tag']), e)
        if node['mask'] is not None:
            e = '(%s & 0x%X)' % (e, node['mask'])
        return e

    def emit_union(self, a, node, fld, read):
        def one(arm):
            an = next(x['node'] for x in node['members'] if x['name'] == arm)
            if an['k'] != 'group':
                return self.read_member(an, fld[arm]) if read else self.write_member(an, fld[arm])
            # a group arm: its members in order (counts from their arrays' lengths)
            out = []
            for g in an['members']:
                gn = g['node']
                if gn['k'] == 'skip':
                    continue
                if g['count_of']:
                    if read:
                        out.append('var n_%s = (int)%s;' % (g['name'], self.rd_count(gn)))
                    else:
                        p = self.prim(gn)
                        out.append('w.%s((%s)(%s?.Length ?? 0));' % (RD[p], p, fld[g['count_of']]))
                    continue
                out.append(self.read_member(gn, fld[g['name']]) if read else self.write_member(gn, fld[g['name']]))
            return '{ %s }' % ' '.join(out)
        if node['tag'] is None:
            a('        ' + one(node['default']))
            return
        if node.get('whole'):
            # carried whole: the selected arm, then zeros to the union's size
            a('        {')
            a('        int w0 = %s;' % ('r.Position' if read else 'w.Length'))
        a('        switch (%s)' % self.tag_expr(node, fld))
        a('        {')
        for v, arm in node['arms']:
            a('            case 0x%X: %s break;' % (v, one(arm)))
        if node['default']:
            a('            default: %s break;' % one(node['default']))
        a('        }')
        if node.get('whole'):
            a('        %s' % ('r.Skip(w0 + %d - r.Position);' if read else 'w.Raw(stackalloc byte[w0 + %d - w.Length]);') % node['whole'])
            a('        }')

    def emit_registry(self):
        L = ['/// <summary>Every structure of the schema by C name and page type id (for pages of any type).</summary>',
             'public static partial class WireTypes', '{',
             '    /// <summary>A view of the encoding of structure `cname` at offset in bytes (null: not a schema structure).</summary>',
             '    public static IWireValue? View(string cname, byte[] bytes, int offset) => cname switch', '    {']
        for n in self.all:
            if n in self.special:
                continue
            L.append('        "%s" => new %s(bytes, offset),' % (n, self.tname[n]))
        L += ['        _ => null,', '    };',
              '    /// <summary>The page type id of structure cname (FNV-1a of the C name).</summary>',
              '    public static uint TypeIdOf(string cname) => cname switch', '    {']
        for n in self.all:
            L.append('        "%s" => 0x%08X,' % (n, self.structs[n]['type_id']))
        L += ['        _ => throw new ArgumentException(cname),', '    };',
              '    /// <summary>The C name of the structure whose page type id is typeId, or null.</summary>',
              '    public static string? NameOf(uint typeId) => typeId switch', '    {']
        for n in self.all:
            L.append('        0x%08X => "%s",' % (self.structs[n]['type_id'], n))
        L += ['        _ => null,', '    };',
              '    /// <summary>Decodes the encoding of structure cname and encodes the value again (null: not a schema structure).</summary>',
              '    public static byte[]? Reencode(string cname, byte[] bytes)',
              '    {',
              '        var r = new WireReader(bytes);',
              '        var w = new WireWriter();',
              '        switch (cname)',
              '        {']
        for n, sp in self.special.items():
            node = {'k': 'struct', 'name': n}
            L.append('            case "%s": %s break;' % (n, self.wr(node, self.rd(node))))
        L += ['            default:',
              '                var v = View(cname, bytes, 0);',
              '                if (v is null) return null;',
              '                v.Write(w);',
              '                break;',
              '        }',
              '        return w.ToArray();',
              '    }', '}']
        return '\n'.join(L)

    # -- constants ---------------------------------------------------------------
    def enum_member(self, prefix_words, cname):
        words = cname.split('_')
        rest = words[len(prefix_words):]
        return ''.join(word_pascal(w) for w in rest)

    @staticmethod
    def common_prefix(list_of_words):
        p = list_of_words[0]
        for w in list_of_words[1:]:
            i = 0
            while i < len(p) and i < len(w) and p[i] == w[i]:
                i += 1
            p = p[:i]
        return p

    def emit_enums(self):
        L = []
        for en, e in self.s['enums'].items():
            vals = e['values']
            ws = [v[0].split('_') for v in vals]
            pre = self.common_prefix(ws) if len(ws) > 1 else ws[0][:-1]
            # never strip a whole name, and never leave a member starting with a digit
            while pre and (any(len(w) == len(pre) for w in ws) or any(w[len(pre)][:1].isdigit() for w in ws)):
                pre = pre[:-1]
            L.append('/// <summary>%s (%s).</summary>' % (en, e['header']))
            L.append('public enum %s : uint' % self.enum_name[en])
            L.append('{')
            for n, v in vals:
                L.append('    /// <summary>%s</summary>' % n)
                L.append('    %s = 0x%X,' % (self.enum_member(pre, n), v & 0xffffffff))
            L.append('}')
        return '\n'.join(L)

    def const_families(self):
        consts = [c for c in self.s['constants'] if not c['name'].startswith(('STATUS_', 'FWP_E_'))
                  and isinstance(c['value'], int)]
        ws = {c['name']: c['name'].split('_') for c in consts}
        fam = {}
        for c in consts:
            w = ws[c['name']]
            best = None
            for k in range(len(w) - 1, 1, -1):
                p = w[:k]
                n = sum(1 for o in consts if len(ws[o['name']]) > k and ws[o['name']][:k] == p)
                if n >= 2:
                    best = p
                    break
            fam.setdefault(tuple(best) if best else None, []).append(c)
        # a family whose prefix extends another family's joins it
        # (FWP_ACTION_FLAG_* into FWP_ACTION_*, IPSEC_AUTH_CONFIG_HMAC_* into IPSEC_AUTH_CONFIG_*)
        changed = True
        while changed:
            changed = False
            for k in sorted((k for k in fam if k), key=len, reverse=True):
                parents = [q for q in fam if q and len(q) < len(k) and k[:len(q)] == q]
                if parents:
                    q = max(parents, key=len)
                    fam[q] += fam.pop(k)
                    changed = True
                    break
        order = {c['name']: i for i, c in enumerate(consts)}
        for k in fam:
            fam[k].sort(key=lambda c: order[c['name']])
        return fam

    def family_name(self, words, keep_prefix=None):
        ws = [w.lower() for w in words]
        if keep_prefix is None:
            # two families that differ only in the API prefix (IKEEXT_POLICY_FLAG,
            # IPSEC_POLICY_FLAG) both keep it
            others = [k for k in self.const_families() if k is not None and tuple(k) != tuple(words)]
            keep_prefix = any(self.family_name(k, False) == self.family_name(words, False) for k in others)
        if ws[0] in API_PREFIX_WORDS and len(ws) > 1 and not keep_prefix:
            ws = ws[1:]
        n = ''.join(word_pascal(w) for w in ws)
        if n.endswith('Flag'):
            n += 's'
        if n in self.used_types or n in names.CSHARP_TAKEN:
            n += 'Type'
        return n

    def emit_constants(self):
        L = ['// Constant families: a #define family of the headers (the longest shared',
             '// name prefix of two or more constants) is a static class of typed constants.']
        for key, cs in self.const_families().items():
            if key is None:
                continue
            name = self.family_name(key)
            L.append('/// <summary>The %s_* constants.</summary>' % '_'.join(key))
            L.append('public static class %s' % name)
            L.append('{')
            for c in cs:
                L.append('    /// <summary>%s (%s)</summary>' % (c['name'], c['header']))
                L.append('    public const %s %s = %s;' % (self.const_type(c['value']), self.enum_member(list(key), c['name']), self.lit(c['value'])))
            L.append('}')
        single = self.const_families().get(None, [])
        L.append('/// <summary>Constants of the headers that belong to no family.</summary>')
        L.append('public static class Fwp')
        L.append('{')
        for c in single:
            ws = c['name'].split('_')
            if ws[0].lower() in API_PREFIX_WORDS:
                ws = ws[1:]
            L.append('    /// <summary>%s (%s)</summary>' % (c['name'], c['header']))
            L.append('    public const %s %s = %s;' % (self.const_type(c['value']), ''.join(word_pascal(w) for w in ws), self.lit(c['value'])))
        L.append('}')
        # status codes
        L.append('public readonly partial struct ErrorCode')
        L.append('{')
        table = []
        for c in self.s['constants']:
            n = c['name']
            if not n.startswith(('STATUS_', 'FWP_E_')):
                continue
            v = c['value'] & 0xffffffff
            member = 'Success' if n == 'STATUS_SUCCESS' else (c_words_pascal(n[6:]) if n.startswith('FWP_E_') else 'Status' + c_words_pascal(n[7:]))
            L.append('    /// <summary>%s (0x%08X)</summary>' % (n, v))
            L.append('    public static readonly ErrorCode %s = new(0x%08X);' % (member, v))
            table.append((v, n))
        L.append('    /// <summary>Every status code of the headers and its C name.</summary>')
        L.append('    internal static readonly System.Collections.Generic.Dictionary<uint, string> Names = new()')
        L.append('    {')
        for v, n in table:
            L.append('        [0x%08X] = "%s",' % (v, n))
        L.append('    };')
        L.append('}')
        # GUIDs
        L.append('/// <summary>Well-known WFP keys (fwpm_guids.h); the C names without FWPM_, in PascalCase.</summary>')
        L.append('public static class FwpmGuids')
        L.append('{')
        for g in self.s['guids']:
            n = g['name']
            short = n[5:] if n.startswith('FWPM_') else n
            L.append('    /// <summary>%s</summary>' % n)
            L.append('    public static readonly Guid %s = new("%s");' % (c_words_pascal(short), g['value']))
        L.append('}')
        return '\n'.join(L)

    @staticmethod
    def const_type(v):
        if -2**31 <= v < 2**31:
            return 'int'
        if 0 <= v < 2**32:
            return 'uint'
        if v < 0:
            return 'long'
        return 'ulong'

    @staticmethod
    def lit(v):
        if v < 0:
            return str(v)
        return '0x%X' % v

    # -- functions -----------------------------------------------------------------
    def emit_engine(self):
        fns = self.s['functions']
        L = []
        a = L.append
        # P/Invoke of every shim: blittable, nothing marshalled
        a('namespace Fwpk.Native')
        a('{')
        a('/// <summary>The fwpkx_* shims (bindings/gen/WIRE.md), one per fwpmk.h function.</summary>')
        a('public static unsafe partial class Shim')
        a('{')
        for f in fns:
            ps = []
            for p in f['params']:
                r = p['role']
                if r == 'null':
                    continue
                if r == 'in_handle':
                    ps.append('ulong %s' % p['name'])
                elif r == 'in_scalar':
                    ps.append('%s %s' % (self.prim(p['node']) if p['node'].get('ctype') != 'BOOL' else 'int', p['name']))
                elif r in ('in_wstr', 'in_struct', 'in_array'):
                    ps.append('byte* %s, uint %s_len' % (p['name'], p['name']))
                elif r == 'out_handle':
                    ps.append('ulong* %s' % p['name'])
                elif r == 'out_scalar':
                    ps.append('%s* %s' % (self.prim(p['node']), p['name']))
                elif r in ('out_block', 'out_page', 'out_struct'):
                    ps.append('FwpkBuf* %s' % p['name'])
            a('    [System.Runtime.InteropServices.DllImport(Lib, EntryPoint = "fwpkx_%s")]' % f['name'])
            a('    public static extern int %s(%s);' % (f['name'], ', '.join(ps)))
        a('}')
        a('}')
        a('')
        a('namespace Fwpk')
        a('{')
        a('public sealed partial class Engine')
        a('{')
        for f in fns:
            self.emit_method(a, f)
        enums = self.enumerations()
        for e in enums:
            self.emit_enumeration_methods(a, e)
        a('}')
        for e in enums:
            self.emit_enumerator_class(a, e)
        a('}')
        return '\n'.join(L)

    def enumerations(self):
        return walk.enumerations(self.s['functions'])

    def enum_page_type(self, f):
        return self.tname[next(p['type'] for p in f['params'] if p['role'] == 'out_page')]

    def emit_enumeration_methods(self, a, e):
        obj, create, enums, destroy = e
        cls = names.pascal(obj) + 'Enumerator'
        tmpl = next(p for p in create['params'] if p['role'] == 'in_struct')
        ttype = self.tname[tmpl['type']]
        cname = names.pascal(names.function_words(create['name'], self.fnames))
        a('    /// <summary>%s (template null = every one); pages of %s.</summary>' % (create['name'], enums[0]['name']))
        a('    public %s Create%s(%s? template = null, int pageSize = 100) => new(this, %s(template), pageSize);' % (
            cls, cls, ttype, cname))
        for i, f in enumerate(enums):
            seq = names.pascal(names.enumerate_words(f['name'], self.fnames))
            t = self.enum_page_type(f)
            meth = names.pascal(names.function_words(f['name'], self.fnames))
            a('    /// <summary>Every entry matching template, paged (%s); the enumeration handle is destroyed after the last page or when the loop is left.</summary>' % f['name'])
            a('    public IEnumerable<%s> %s(%s? template = null, int pageSize = 100) => FwpEnumerator<%s>.Drain(Create%s(template, pageSize), %s);' % (
                t, seq, ttype, self.enum_page_type(enums[0]), cls, meth))

    def emit_enumerator_class(self, a, e):
        obj, create, enums, destroy = e
        cls = names.pascal(obj) + 'Enumerator'
        t = self.enum_page_type(enums[0])
        a('/// <summary>%s / %s (Next)%s / %s.</summary>' % (create['name'], enums[0]['name'],
          ''.join(' / %s (Next%s)' % (f['name'], f['name'][-1]) for f in enums[1:]), destroy['name']))
        a('public sealed class %s : FwpEnumerator<%s>' % (cls, t))
        a('{')
        a('    internal %s(Engine e, ulong h, int pageSize) : base(e, h, "%s", pageSize) { }' % (cls, destroy['name']))
        a('    private protected override IReadOnlyList<%s> Fetch(ulong h, uint count) => _engine.%s(h, count);' % (
            t, names.pascal(names.function_words(enums[0]['name'], self.fnames))))
        a('    private protected override int DestroyNative(ulong e, ulong h) => Native.Shim.%s(e, h);' % destroy['name'])
        for f in enums[1:]:
            v = f['name'][-1]
            a('    /// <summary>One page through %s.</summary>' % f['name'])
            a('    public IReadOnlyList<%s> Next%s(uint numEntriesRequested) => Page(numEntriesRequested, _engine.%s);' % (
                self.enum_page_type(f), v, names.pascal(names.function_words(f['name'], self.fnames))))
        a('}')

    def method_kind(self, f):
        sp = names.split_function(f['name'])
        verb = sp[0] if sp else None
        roles = [p['role'] for p in f['params']]
        if 'out_handle' in roles or verb in ('Open', 'Close', 'DestroyEnumHandle', 'Begin', 'Commit', 'Abort') or 'out_page' in roles:
            return 'internal'
        return 'public'

    def emit_method(self, a, f):
        fname = f['name']
        words = names.function_words(fname, self.fnames)
        if words is None:
            return
        mname = names.pascal(words)
        vis = self.method_kind(f)
        sp = names.split_function(fname)
        if sp and sp[0] in OWNED_VERBS:
            mname += 'Core'   # the hand-written Engine.cs owns the public name
        params = [p for p in f['params'] if p['role'] != 'null']
        handles = [p for p in params if p['role'] == 'in_handle']
        self_handle = handles[0]['name'] if handles and handles[0]['name'] == 'engineHandle' else None
        if self_handle is None:
            vis = 'internal static' if (sp and sp[0] in OWNED_VERBS) else 'public static'
        page = next((p for p in params if p['role'] == 'out_page'), None)
        outs = [p for p in params if p['role'] in ('out_scalar', 'out_handle', 'out_block', 'out_struct')
                and not (page and p['role'] == 'out_scalar' and p['name'] == page.get('count'))]
        ret = None
        if page:
            ret = page
        elif outs:
            ret = outs[-1]
        extra = [p for p in outs if p is not ret]
        sig = []
        first_struct = True
        for p in params:
            r = p['role']
            if r == 'in_handle':
                if p['name'] == self_handle:
                    continue
                sig.append('ulong %s' % p['name'])
            elif r == 'in_scalar':
                if p.get('count_of'):
                    continue  # the length of its array
                sig.append('%s %s' % (self.int_type(p['node']), p['name']))
            elif r == 'in_array':
                sig.append('IReadOnlyList<%s>? %s' % (self.tname[p['type']], p['name']))
            elif r == 'in_wstr':
                sig.append('string? %s' % p['name'])
            elif r == 'in_struct':
                t = self.cs_type({'k': 'struct', 'name': p['type']})
                if t == 'Guid':
                    sig.append('Guid %s' % p['name'])
                else:
                    sig.append('%s? %s%s' % (t.rstrip('?'), p['name'], '' if first_struct else ' = null'))
                    first_struct = False
        # a default only where no required parameter follows
        for i in range(len(sig)):
            if any(' = ' not in x for x in sig[i + 1:]):
                sig[i] = sig[i].replace(' = null', '')
        out_sig = ['out %s %s' % (self.out_type(p), p['name']) for p in extra]
        rtype = 'void' if ret is None else self.out_type(ret)
        # defaults (= null) only at the end of the signature
        full = sig + out_sig
        if out_sig:
            full = [s.replace(' = null', '') for s in sig] + out_sig
        a('    /// <summary>%s.</summary>' % fname)
        a('    %s %s %s(%s)' % (vis, rtype, mname, ', '.join(full)))
        a('    {')
        self.emit_body(a, f, params, self_handle, ret, extra)
        a('    }')
        if extra:
            a('    /// <summary>%s.</summary>' % fname)
            call = [s.split(' ')[-1] if ' = ' not in s else s.split(' ')[-3] for s in sig] + ['out _' for _ in extra]
            a('    %s %s %s(%s) => %s(%s);' % (vis, rtype, mname, ', '.join(sig), mname, ', '.join(call)))

    def out_type(self, p):
        r = p['role']
        if r == 'out_handle':
            return 'ulong'
        if r == 'out_scalar':
            return self.int_type(p['node'])
        if r == 'out_page':
            return 'IReadOnlyList<%s>' % self.tname[p['type']]
        return self.tname[p['type']]

    def emit_body(self, a, f, params, self_handle, ret, extra):
        fname = f['name']
        pre, call, post, fixed = [], [], [], []
        for p in params:
            r, n = p['role'], p['name']
            if r == 'in_handle':
                call.append('h' if n == self_handle else n)
            elif r == 'in_scalar' and p.get('count_of'):
                call.append('(uint)(%s?.Count ?? 0)' % p['count_of'])
            elif r == 'in_scalar':
                node = p['node']
                call.append('(%s)%s' % (self.prim(node) if node.get('ctype') != 'BOOL' else 'int', n) if ('enum' in node or node.get('ctype') == 'BOOL') else n)
                if node.get('ctype') == 'BOOL':
                    call[-1] = '(%s ? 1 : 0)' % n
            elif r in ('in_array', 'in_wstr', 'in_struct'):
                if r == 'in_array':
                    enc = 'Wire.EncodeAll(%s)' % n
                elif r == 'in_wstr':
                    enc = '%s is null ? null : System.Text.Encoding.UTF8.GetBytes(%s)' % (n, n)
                elif self.cs_type({'k': 'struct', 'name': p['type']}) == 'Guid':
                    enc = 'Wire.EncodeGuid(%s)' % n
                else:
                    enc = '%s is null ? null : Wire.Encode(%s)' % (n, n)
                pre.append('byte[]? b_%s = %s;' % (n, enc))
                fixed.append('fixed (byte* p_%s = b_%s)' % (n, n))
                call.append(bytes_arg('b_' + n, 'p_' + n))
            elif r in ('out_handle', 'out_scalar'):
                t = 'ulong' if r == 'out_handle' else self.prim(p['node'])
                pre.append('%s o_%s = 0;' % (t, n))
                call.append('&o_%s' % n)
            elif r in ('out_block', 'out_page', 'out_struct'):
                call.append('buf')
        has_buf = any(p['role'] in ('out_block', 'out_page', 'out_struct') for p in params)
        a('        unsafe')
        a('        {')
        for s in pre:
            a('            ' + s)
        if has_buf:
            a('            Native.FwpkBuf* buf = Native.FwpkBuf.ForThread();')
        a('            bool added = false;' if self_handle else '            bool added = false; _ = added;')
        if has_buf:
            t = self.tname[ret['type']]
            a('            %s? page = null;' % (t + '[]' if ret['role'] == 'out_page' else t))
        a('            int st;')
        a('            try')
        a('            {')
        if self_handle:
            a('                ulong h = Acquire(ref added);')
        ind = '                '
        for fx in fixed:
            a(ind + fx)
        a(ind + 'st = Native.Shim.%s(%s);' % (fname, ', '.join(call)))
        if has_buf:
            a(ind + 'if (st == 0) page = Wire.%s(buf, %s.TypeId, static (b, o) => new %s(b, o));' % (
                'Page' if ret['role'] == 'out_page' else 'Single', t, t))
        a('            }')
        a('            finally')
        a('            {')
        if self_handle:
            a('                Release(added);')
        if has_buf:
            a('                buf->Trim();')
        a('            }')
        a('            if (st != 0) throw new FwpException(st, "%s");' % fname)
        for p in extra:
            a('            %s = %s;' % (p['name'], self.conv_out(p, 'o_' + p['name'])))
        if ret is not None:
            if has_buf:
                a('            return page!;')
            else:
                a('            return %s;' % self.conv_out(ret, 'o_' + ret['name']))
        a('        }')

    def conv_out(self, p, v):
        if p['role'] == 'out_scalar' and 'enum' in p['node']:
            return '(%s)%s' % (self.int_type(p['node']), v)
        return v

    # -- conformance dispatch (tests/conformance/OPS.md) ----------------------------
    def emit_dispatch(self):
        """One entry per shim: parses the op's ARG tokens by role, calls the shim,
        stores the outputs; the hand-written runner does the rest."""
        L = ['namespace Fwpk.Conformance;', '',
             '/// <summary>The shims by fwpmk.h name, for the ops interpreter (OPS.md).</summary>',
             'internal static unsafe partial class Dispatch', '{',
             '    /// <summary>Roles of the shim arguments: h s b (in), H U P (out handle, scalar, page).</summary>',
             '    internal static readonly Dictionary<string, (string Roles, Func<Call, int> Fn)> Table = new()', '    {']
        for f in self.s['functions']:
            params = [p for p in f['params'] if p['role'] != 'null']
            roles = ''
            pre, args, post, fixed = [], [], [], []
            for k, p in enumerate(params):
                r = p['role']
                if r == 'in_handle':
                    roles += 'h'
                    args.append('c.U(%d)' % k)
                elif r == 'in_scalar':
                    roles += 's'
                    t = self.prim(p['node'])
                    args.append('unchecked((%s)c.U(%d))' % (t, k))
                elif r in ('in_wstr', 'in_struct', 'in_array'):
                    roles += 'b'
                    pre.append('var b%d = c.B(%d);' % (k, k))
                    fixed.append('fixed (byte* p%d = b%d)' % (k, k))
                    args.append(bytes_arg('b%d' % k, 'p%d' % k))
                elif r in ('out_handle', 'out_scalar'):
                    roles += 'H' if r == 'out_handle' else 'U'
                    t = 'ulong' if r == 'out_handle' else self.prim(p['node'])
                    pre.append('%s o%d = 0;' % (t, k))
                    args.append('c.Out(%d) ? &o%d : null' % (k, k))
                    post.append('c.SetU(%d, o%d);' % (k, k))
                else:
                    roles += 'P'
                    pre.append('var o%d = default(Native.FwpkBuf);' % k)
                    args.append('c.Out(%d) ? &o%d : null' % (k, k))
                    post.append('c.SetPage(%d, o%d.Len == 0 ? null : o%d.ToArray()); o%d.Free();' % (k, k, k, k))
            body = ' '.join(pre) + ' int st; ' + ' '.join(fixed) + (' ' if fixed else '') + \
                'st = Native.Shim.%s(%s); ' % (f['name'], ', '.join(args)) + ' '.join(post) + ' return st;'
            L.append('        ["%s"] = ("%s", static c => { %s }),' % (f['name'], roles, body))
        L += ['    };', '}']
        return '\n'.join(L)

    # -- files ---------------------------------------------------------------------
    HEADER = ('// <auto-generated> by bindings/gen/emit_csharp.py from the wire schema (include/*.h +\n'
              '// bindings/gen/annotations.toml).  Do not edit: change the headers or the emitter.\n'
              '// </auto-generated>\n#nullable enable\n#pragma warning disable CS1591\n'
              'using System;\nusing System.Collections.Generic;\n')

    def files(self):
        types = [self.HEADER, 'namespace Fwpk;\n']
        for n in self.all:
            if n in self.special:
                continue
            types.append(self.emit_struct(n))
        types.append(self.emit_registry())
        consts = [self.HEADER, 'namespace Fwpk;\n', self.emit_enums(), self.emit_constants()]
        engine = [self.HEADER, self.emit_engine()]
        return {'Fwpk.Conformance.g.cs': self.HEADER + '\n' + self.emit_dispatch() + '\n',
                'Fwpk.Types.g.cs': '\n'.join(types) + '\n',
                'Fwpk.Constants.g.cs': '\n'.join(consts) + '\n',
                'Fwpk.Engine.g.cs': '\n'.join(engine) + '\n'}


def main(argv):
    if len(argv) != 2:
        sys.exit('usage: emit_csharp.py SCHEMA.json OUTDIR')
    with open(argv[0]) as f:
        schema = json.load(f)
    os.makedirs(argv[1], exist_ok=True)
    for name, text in Gen(schema).files().items():
        path = os.path.join(argv[1], name)
        old = None
        if os.path.exists(path):
            with open(path) as f:
                old = f.read()
        if old != text:
            with open(path, 'w') as f:
                f.write(text)


if __name__ == '__main__':
    main(sys.argv[1:])
