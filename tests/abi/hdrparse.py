"""Mechanical extraction of the public declarations in include/*.h.

Used by the ABI tests so that a struct, field, enumerator or constant added to
the public headers is picked up without anyone editing a list by hand.  The
parser is deliberately strict: anything inside a struct body that it does not
recognise is an error, never silently skipped.
"""

import os
import re

# Order in which the headers are read (the rest follow alphabetically).
HEADER_ORDER = ['fwpk_base.h', 'fwpk_errors.h', 'fwpk_version.h', 'fwptypes.h',
                'iketypes.h', 'ipsectypes.h', 'fwpmtypes.h', 'fwpm_guids.h', 'fwpmk.h']

IDENT = r'[A-Za-z_][A-Za-z0-9_]*'


class ParseError(Exception):
    pass


def header_files(include_dir):
    names = sorted(n for n in os.listdir(include_dir) if n.endswith('.h'))
    ordered = [n for n in HEADER_ORDER if n in names]
    ordered += [n for n in names if n not in ordered]
    return [os.path.join(include_dir, n) for n in ordered]


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', lambda m: ' ' * len(m.group(0)) if '\n' not in m.group(0)
                  else '\n' * m.group(0).count('\n'), text, flags=re.S)
    text = re.sub(r'//[^\n]*', '', text)
    return text


def strip_preprocessor(text):
    """Drop preprocessor lines (with continuations) so only C declarations remain."""
    out = []
    cont = False
    for line in text.split('\n'):
        if cont or line.lstrip().startswith('#'):
            cont = line.rstrip().endswith('\\')
            out.append('')
            continue
        out.append(line)
    return '\n'.join(out)


def match_brace(text, open_pos):
    depth = 0
    for i in range(open_pos, len(text)):
        c = text[i]
        if c == '{':
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                return i
    raise ParseError('unbalanced braces')


def parse_members(body, where):
    """Member names of a struct/union body; anonymous union/struct members are
    flattened (they are accessed directly, e.g. offsetof(T, localV4Address))."""
    names = []
    pos = 0
    body = body.strip()
    while True:
        m = re.compile(r'\s*').match(body, pos)
        pos = m.end()
        if pos >= len(body):
            break
        m = re.compile(r'(?:__extension__\s+)?(union|struct)\s*(' + IDENT + r')?\s*\{').match(body, pos)
        if m:
            close = match_brace(body, m.end() - 1)
            inner = parse_members(body[m.end():close], where)
            tail = re.compile(r'\s*(' + IDENT + r')?\s*;').match(body, close + 1)
            if not tail:
                raise ParseError('%s: cannot parse after nested %s' % (where, m.group(1)))
            if tail.group(1):           # named nested member: only its name counts
                names.append(tail.group(1))
            else:                        # anonymous: members belong to the parent
                names.extend(inner)
            pos = tail.end()
            continue
        semi = body.find(';', pos)
        if semi < 0:
            raise ParseError('%s: member without ";": %r' % (where, body[pos:pos + 60]))
        decl = ' '.join(body[pos:semi].split())
        dm = re.fullmatch(r'(?:const\s+)?(?:(?:struct|union|enum)\s+)?' + IDENT +
                          r'(?:\s*\*+\s*|\s+)(' + IDENT + r')\s*(\[\s*[A-Za-z0-9_]+\s*\])?', decl)
        if not dm:
            raise ParseError('%s: unrecognised member declaration %r' % (where, decl))
        names.append(dm.group(1))
        pos = semi + 1
    return names


def parse_structs(include_dir):
    """[(typedef_name, header_basename, [member names])] in header order.

    Every `struct X {` in the headers must be a `typedef struct X {...} Name...;`
    (otherwise ParseError), so no struct can escape the tests."""
    result = []
    for path in header_files(include_dir):
        text = strip_preprocessor(strip_comments(open(path, encoding='utf-8').read()))
        base = os.path.basename(path)
        typedef_starts = set()
        for m in re.finditer(r'typedef\s+struct\s+(' + IDENT + r')?\s*\{', text):
            typedef_starts.add(m.end() - 1)
            close = match_brace(text, m.end() - 1)
            tail = re.compile(r'\s*(' + IDENT + r')\s*(,[^;]*)?;').match(text, close + 1)
            if not tail:
                raise ParseError('%s: typedef struct %s without a name' % (base, m.group(1)))
            name = tail.group(1)
            members = parse_members(text[m.end():close], '%s:%s' % (base, name))
            result.append((name, base, members))
        # any struct/union definition that is not the body of a typedef'd struct
        # (or an anonymous member inside one) is a struct we would miss
        for m in re.finditer(r'\b(struct|union)\s*(' + IDENT + r')?\s*\{', text):
            if m.end() - 1 in typedef_starts:
                continue
            inside = any(s < m.start() < match_brace(text, s) for s in typedef_starts)
            if not inside:
                raise ParseError('%s: %s %s { ... } is not a "typedef struct X_ {...} X;"'
                                 % (base, m.group(1), m.group(2) or '(anonymous)'))
    return result


def parse_enums(include_dir):
    """[(enum typedef name, header, [(enumerator, expr)])]"""
    result = []
    for path in header_files(include_dir):
        text = strip_preprocessor(strip_comments(open(path, encoding='utf-8').read()))
        base = os.path.basename(path)
        for m in re.finditer(r'typedef\s+enum\s+(' + IDENT + r')?\s*\{', text):
            close = match_brace(text, m.end() - 1)
            tail = re.compile(r'\s*(' + IDENT + r')').match(text, close + 1)
            items = []
            for part in text[m.end():close].split(','):
                part = part.strip()
                if not part:
                    continue
                pm = re.fullmatch(r'(' + IDENT + r')\s*(?:=\s*(.+))?', part, flags=re.S)
                if not pm:
                    raise ParseError('%s: bad enumerator %r' % (base, part))
                items.append((pm.group(1), (pm.group(2) or '').strip()))
            result.append((tail.group(1) if tail else m.group(1), base, items))
    return result


def parse_macros(include_dir):
    """Object-like macros with a value: [(name, header, kind, value text)].

    kind: 'int' (an integer constant expression), 'init' (a brace initialiser),
    'string', or 'other' (annotations etc.).  `static const TYPE NAME = {...};`
    objects (the IPSEC_*_TRANSFORM_ID_* constants, declared as the SDK does)
    are listed as kind 'initobj' with their initialiser text as value."""
    result = []
    for path in header_files(include_dir):
        text = strip_comments(open(path, encoding='utf-8').read())
        base = os.path.basename(path)
        joined = re.sub(r'\\\n', ' ', text)
        for line in joined.split('\n'):
            m = re.match(r'\s*#\s*define\s+(' + IDENT + r')(\(?)\s*(.*)$', line)
            if not m or m.group(2):      # function-like macro
                continue
            name, value = m.group(1), m.group(3).strip()
            if not value:
                continue
            if value.startswith('{'):
                kind = 'init'
            elif value.startswith('"'):
                kind = 'string'
            elif re.fullmatch(r'[\sA-Za-z0-9_()|+\-<>~]+', value) and not re.fullmatch(IDENT, value):
                kind = 'int'
            else:
                kind = 'other'
            result.append((name, base, kind, value))
        for m in re.finditer(r'^\s*static\s+const\s+' + IDENT + r'\s+(' + IDENT + r')\s*=\s*(\{[^;]*\})\s*;',
                             strip_preprocessor(text), re.M):
            result.append((m.group(1), base, 'initobj', ' '.join(m.group(2).split())))
    return result


def parse_guids(include_dir):
    """[(name, header, (d1, d2, d3, [8 bytes]))] for FWPK_DEFINE_GUID / DEFINE_GUID uses
    (lines that define a macro of that name are preprocessor lines, not uses)."""
    result = []
    for path in header_files(include_dir):
        text = strip_preprocessor(strip_comments(open(path, encoding='utf-8').read()))
        base = os.path.basename(path)
        for m in re.finditer(r'\b(?:FWPK_)?DEFINE_GUID\s*\(([^)]*)\)\s*;', text):
            parts = [p.strip() for p in m.group(1).split(',')]
            if len(parts) != 12:
                raise ParseError('%s: bad GUID definition %r' % (base, m.group(0)))
            vals = [int(p.rstrip('uUlL'), 0) for p in parts[1:]]
            result.append((parts[0], base, (vals[0], vals[1], vals[2], vals[3:])))
    return result


def parse_functions(include_dir):
    """[(name, header, return type, [parameter declarations])] for every FWPK_API function."""
    result = []
    for path in header_files(include_dir):
        text = strip_preprocessor(strip_comments(open(path, encoding='utf-8').read()))
        base = os.path.basename(path)
        for m in re.finditer(r'\bFWPK_API\s+([^;{(]*?)\s*\b(' + IDENT + r')\s*\(([^;{]*?)\)\s*;', text, flags=re.S):
            ret = ' '.join(m.group(1).replace('NTAPI', '').split())
            params = [' '.join(p.split()) for p in m.group(3).split(',')]
            params = [re.sub(r'\b_(In|Out|Inout)(_opt)?_\s*', '', p) for p in params]
            result.append((m.group(2), base, ret, params))
    return result
