"""The C data model of the public headers, read with libclang.

The headers in include/ are the one source of the data model.  This module
turns them into a plain, language-neutral description (structs, enums,
integer constants, GUIDs, functions) that every emitter of bindings/gen/
reads; nothing else in the repository declares a structure again.

    python3 cmodel.py <include-dir> [out.json]      # dump the model

Types are dicts with a kind "k":
  int    {size, signed, name}       every integer typedef (UINT8 .. UINT64, BOOL, NTSTATUS)
  float  {size}                     float / double
  enum   {name}                     a typedef'd enum (4 bytes)
  struct {name}                     a struct by value (typedef name)
  array  {n, of}                    T[n]
  ptr    {to, const}                T *
  wstr   {const}                    wchar_t * (text)
  astr   {const}                    char * (8-bit text: certificate EKU object identifiers)
  handle {}                         HANDLE (an opaque pointer-sized value)
  void   {}                         the target of void *
  union  {members}                  an anonymous union member, inline
  group  {members}                  an anonymous struct that is one arm of such a union
  funcptr {}                        a callback
"""

import json
import os
import re
import sys

HEADER_ORDER = ['fwpk_base.h', 'fwpk_errors.h', 'fwpk_version.h', 'fwptypes.h',
                'iketypes.h', 'ipsectypes.h', 'fwpmtypes.h', 'fwpm_guids.h', 'fwpmk.h']


def _import_clang():
    try:
        import clang.cindex as ci  # noqa: F401
    except ImportError:
        # Debian's python3-clang-14 installs into the system dist-packages,
        # which a pyenv or venv interpreter does not search.
        for d in ('/usr/lib/python3/dist-packages',):
            if os.path.isdir(os.path.join(d, 'clang')) and d not in sys.path:
                sys.path.append(d)
        try:
            import clang.cindex as ci  # noqa: F401
        except ImportError:
            sys.exit('cmodel: the libclang Python bindings are missing '
                     '(apt-get install python3-clang-14; scripts/bootstrap.sh does it)')
    import clang.cindex as ci
    if not getattr(ci.Config, 'loaded', False):
        for lib in ('/usr/lib/llvm-14/lib/libclang.so.1', '/usr/lib/x86_64-linux-gnu/libclang-14.so.1'):
            if os.path.exists(lib):
                try:
                    ci.Config.set_library_file(lib)
                except Exception:
                    pass
                break
    return ci


ci = _import_clang()
K = ci.CursorKind
T = ci.TypeKind

INT_KINDS = {
    T.CHAR_U: (1, False), T.UCHAR: (1, False), T.CHAR_S: (1, True), T.SCHAR: (1, True),
    T.USHORT: (2, False), T.SHORT: (2, True), T.UINT: (4, False), T.INT: (4, True),
    T.ULONG: (8, False), T.LONG: (8, True), T.ULONGLONG: (8, False), T.LONGLONG: (8, True),
    T.BOOL: (1, False),
}


class ModelError(Exception):
    pass


class Model:
    def __init__(self, include_dir):
        self.include_dir = os.path.abspath(include_dir)
        self.structs = {}     # typedef name -> {name, tag, header, size, members}
        self.enums = {}       # typedef name -> {name, header, values: [[n, v]]}
        self.constants = []   # [{name, header, value}]
        self.guids = []       # [{name, header, value}]
        self.functions = []   # [{name, header, ret, params}]
        self._tag_to_name = {}
        self._parse()

    # -- parsing -------------------------------------------------------------
    def _header(self, cursor):
        f = cursor.location.file
        if f is None:
            return None
        p = os.path.abspath(f.name)
        if os.path.dirname(p) != self.include_dir:
            return None
        return os.path.basename(p)

    def _tu(self, extra_source='', extra_args=()):
        src = '#include <fwpmk.h>\n' + extra_source
        args = ['-x', 'c', '-std=c11', '-I' + self.include_dir] + list(extra_args)
        tu = ci.Index.create().parse('fwpk_model.c', args=args, unsaved_files=[('fwpk_model.c', src)],
                                     options=ci.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD)
        errors = [d for d in tu.diagnostics if d.severity >= ci.Diagnostic.Error]
        if errors:
            raise ModelError('; '.join(str(d) for d in errors[:5]))
        return tu

    def _parse(self):
        tu = self._tu()
        top = list(tu.cursor.get_children())
        # typedef names of struct and enum tags first, so members can name them
        for c in top:
            if c.kind == K.TYPEDEF_DECL and self._header(c):
                u = c.underlying_typedef_type.get_canonical()
                if u.kind in (T.RECORD, T.ENUM):
                    decl = u.get_declaration()
                    self._tag_to_name.setdefault(decl.spelling or decl.type.spelling, c.spelling)
        for c in top:
            h = self._header(c)
            if not h:
                continue
            if c.kind == K.STRUCT_DECL and c.is_definition() and c.spelling:
                name = self._tag_to_name.get(c.spelling, c.spelling)
                if name in self.structs:
                    continue
                self.structs[name] = {'name': name, 'tag': c.spelling, 'header': h,
                                      'size': c.type.get_size(), 'members': self._members(c)}
            elif c.kind == K.ENUM_DECL and c.is_definition():
                name = self._tag_to_name.get(c.spelling, c.spelling)
                if not name:
                    continue
                self.enums[name] = {'name': name, 'header': h,
                                    'values': [[e.spelling, e.enum_value] for e in c.get_children()
                                               if e.kind == K.ENUM_CONSTANT_DECL]}
            elif c.kind == K.FUNCTION_DECL:
                self.functions.append({
                    'name': c.spelling, 'header': h, 'ret': self._type(c.result_type),
                    'params': [{'name': a.spelling, 'type': self._type(a.type)} for a in c.get_arguments()]})
        self._parse_constants(tu)
        self._parse_guids()
        order = {n: i for i, n in enumerate(HEADER_ORDER)}
        self.functions.sort(key=lambda f: order.get(f['header'], 99))

    def _members(self, rec, in_union=False):
        out = []
        for f in rec.get_children():
            if f.kind == K.FIELD_DECL:
                t = f.type
                decl = t.get_declaration()
                if decl.kind in (K.UNION_DECL, K.STRUCT_DECL) and decl.is_anonymous():
                    if decl.kind != K.UNION_DECL:
                        if not in_union:
                            raise ModelError('%s: anonymous struct member' % rec.spelling)
                        out.append(self._group(decl))
                        continue
                    out.append({'name': f.spelling or None, 'type': {'k': 'union', 'members': self._members(decl, True)},
                                'offset': f.get_field_offsetof() // 8})
                else:
                    out.append({'name': f.spelling, 'type': self._type(t), 'offset': f.get_field_offsetof() // 8})
            elif f.kind in (K.UNION_DECL, K.STRUCT_DECL) and f.is_anonymous():
                # members of an anonymous union are reached through the FIELD_DECL
                # libclang also reports (C11 anonymous members) — or not at all:
                nxt = [g for g in rec.get_children() if g.kind == K.FIELD_DECL and g.type.get_declaration() == f]
                if not nxt:
                    if f.kind != K.UNION_DECL:
                        if not in_union:
                            raise ModelError('%s: anonymous struct member' % rec.spelling)
                        out.append(self._group(f))
                        continue
                    ms = self._members(f, True)
                    off = rec.type.get_offset(ms[0]['name']) if ms and ms[0]['name'] else -1
                    out.append({'name': None, 'type': {'k': 'union', 'members': ms}, 'offset': off // 8 if off >= 0 else None})
        return out

    def _group(self, decl):
        """An anonymous structure that is one arm of an anonymous union (its
        members are reached directly, C11): the arm is named after its last
        member (the array its count precedes)."""
        members = self._members(decl)
        if not members:
            raise ModelError('empty anonymous structure')
        return {'name': members[-1]['name'], 'type': {'k': 'group', 'members': members}}

    def _type(self, t):
        sp = t.spelling.replace('const ', '').strip()
        if t.kind == T.TYPEDEF:
            name = t.get_typedef_name() if hasattr(t, 'get_typedef_name') else sp
            if name in ('HANDLE', 'PVOID_HANDLE'):
                return {'k': 'handle'}
            if name in ('LPWSTR', 'PWSTR', 'LPCWSTR', 'PCWSTR'):
                return {'k': 'wstr', 'const': t.is_const_qualified() or name.startswith('LPC') or name.startswith('PC')}
            c = t.get_canonical()
            if c.kind in INT_KINDS:
                size, signed = INT_KINDS[c.kind]
                return {'k': 'int', 'size': size, 'signed': signed, 'name': name}
            if c.kind == T.POINTER and c.get_pointee().get_canonical().kind == T.VOID:
                return {'k': 'ptr', 'to': {'k': 'void'}, 'const': False, 'name': name}
            if c.kind == T.POINTER:
                return self._type(c)
            return self._type(c) if c.kind not in (T.RECORD, T.ENUM) else self._named(c)
        if t.kind == T.ELABORATED:
            inner = t.get_named_type()
            if inner.kind == T.TYPEDEF:
                return self._type(inner)
            return self._named(t.get_canonical())
        if t.kind in (T.RECORD, T.ENUM):
            return self._named(t)
        if t.kind in INT_KINDS:
            size, signed = INT_KINDS[t.kind]
            return {'k': 'int', 'size': size, 'signed': signed, 'name': sp}
        if t.kind == T.WCHAR or (t.kind == T.INT and sp == 'wchar_t'):
            return {'k': 'int', 'size': 4, 'signed': True, 'name': 'wchar_t'}
        if t.kind == T.FLOAT:
            return {'k': 'float', 'size': 4}
        if t.kind == T.DOUBLE:
            return {'k': 'float', 'size': 8}
        if t.kind == T.VOID:
            return {'k': 'void'}
        if t.kind == T.CONSTANTARRAY:
            return {'k': 'array', 'n': t.element_count, 'of': self._type(t.element_type)}
        if t.kind == T.POINTER:
            p = t.get_pointee()
            if p.kind == T.FUNCTIONPROTO or p.get_canonical().kind == T.FUNCTIONPROTO:
                return {'k': 'funcptr'}
            inner = self._type(p)
            if inner.get('k') == 'int' and inner.get('name') in ('wchar_t', 'WCHAR'):
                return {'k': 'wstr', 'const': p.is_const_qualified()}
            if inner.get('k') == 'int' and inner.get('name') == 'char':
                return {'k': 'astr', 'const': p.is_const_qualified()}
            return {'k': 'ptr', 'to': inner, 'const': p.is_const_qualified()}
        raise ModelError('unsupported C type %r (kind %s)' % (t.spelling, t.kind))

    def _named(self, t):
        decl = t.get_declaration()
        tag = decl.spelling or decl.type.spelling
        name = self._tag_to_name.get(tag, tag)
        if t.kind == T.ENUM:
            return {'k': 'enum', 'name': name}
        return {'k': 'struct', 'name': name}

    # Integer macros: values come from the compiler (through an enum), never
    # from re-reading the macro text.
    def _parse_constants(self, tu):
        cands = []
        for c in tu.cursor.get_children():
            if c.kind != K.MACRO_DEFINITION:
                continue
            h = self._header(c)
            if not h or c.spelling.startswith('_') or c.spelling.endswith('_H'):
                continue
            toks = [t.spelling for t in c.get_tokens()][1:]
            if not toks or toks[0] == '(' and len(toks) > 1 and toks[1] == ')':
                continue
            text = ' '.join(toks)
            if '{' in text or '"' in text or not re.search(r'\d', text):
                continue
            if re.search(r'\b(FWPK_API|NTAPI|__attribute__|extern|sizeof|static)\b', text):
                continue
            # function-like macros: the token after the name is '(' with no space
            ext = c.extent
            src = open(c.location.file.name, encoding='utf-8').read().split('\n')[ext.start.line - 1]
            if re.search(r'#\s*define\s+' + re.escape(c.spelling) + r'\(', src):
                continue
            cands.append((c.spelling, h))
        if not cands:
            return
        src = ''.join('enum { fwpk_model_c_%d = (long long)(%s) & 0x7fffffffffffffffLL };\n'
                      'enum { fwpk_model_n_%d = (long long)(%s) < 0 };\n' % (i, n, i, n)
                      for i, (n, _) in enumerate(cands))
        # evaluate one by one so a macro that is not an integer drops out alone
        ok = []
        for i, (n, h) in enumerate(cands):
            try:
                t2 = self._tu('enum { fwpk_model_v = (long long)(%s) };\n' % n, ['-Wno-everything'])
            except ModelError:
                continue
            ok.append((n, h))
        src = ''.join('enum fwpk_model_e%d { fwpk_model_v%d = (long long)(%s) };\n' % (i, i, n)
                      for i, (n, _) in enumerate(ok))
        t3 = self._tu(src, ['-Wno-everything'])
        vals = {}
        for c in t3.cursor.walk_preorder():
            if c.kind == K.ENUM_CONSTANT_DECL and c.spelling.startswith('fwpk_model_v'):
                vals[int(c.spelling[len('fwpk_model_v'):])] = c.enum_value
        for i, (n, h) in enumerate(ok):
            self.constants.append({'name': n, 'header': h, 'value': vals[i]})

    def _parse_guids(self):
        tu = self._tu('', ['-DINITGUID', '-Wno-everything'])
        for c in tu.cursor.get_children():
            h = self._header(c)
            if not h or c.kind != K.VAR_DECL:
                continue
            if self._type(c.type) != {'k': 'struct', 'name': 'GUID'}:
                continue
            # the declaration comes from a DEFINE_GUID expansion: its arguments
            # are literals on the invocation line
            line = open(c.location.file.name, encoding='utf-8').read().split('\n')[c.location.line - 1]
            m = re.search(r'DEFINE_GUID\s*\(\s*' + re.escape(c.spelling) + r'\s*,([^)]*)\)', line)
            if not m:
                continue
            lits = [int(x.strip().rstrip('uUlL'), 0) for x in m.group(1).split(',')]
            if len(lits) != 11:
                raise ModelError('%s: bad DEFINE_GUID' % c.spelling)
            d1, d2, d3 = lits[:3]
            d4 = lits[3:]
            value = '%08x-%04x-%04x-%02x%02x-%s' % (d1, d2, d3, d4[0], d4[1], ''.join('%02x' % b for b in d4[2:]))
            if all(g['name'] != c.spelling for g in self.guids):
                self.guids.append({'name': c.spelling, 'header': h, 'value': value})

    def to_json(self):
        return {'structs': self.structs, 'enums': self.enums, 'constants': self.constants,
                'guids': self.guids, 'functions': self.functions}


def load(include_dir):
    return Model(include_dir)


if __name__ == '__main__':
    m = Model(sys.argv[1])
    text = json.dumps(m.to_json(), indent=1, sort_keys=True)
    if len(sys.argv) > 2:
        open(sys.argv[2], 'w').write(text)
    else:
        print(text)
