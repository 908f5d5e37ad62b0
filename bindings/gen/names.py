"""One naming scheme for the three SDKs (docs/sdk-naming.md), computed from
the C names so that a new structure or function is named without a table.

Every function returns WORDS (lists of lower-case words with their natural
capitalisation kept for initialisms); each language joins them in its own
casing: C# and Go PascalCase (`pascal`), Java camelCase (`camel`).  Go may
upper-case initialisms (`go_pascal`).

Types: the typedef name without its API prefix (FWPM_, FWP_, IPSEC_, IKEEXT_),
in words; a trailing version digit is kept only when a newer version of the
same structure exists ("newest unsuffixed, older suffixed"):
    IPSEC_SA_CONTEXT1 -> SaContext        IPSEC_SA_CONTEXT0 -> SaContext0
    FWPM_FILTER0      -> Filter           IPSEC_V4_UDP_ENCAPSULATION0 -> V4UdpEncapsulation
Functions: Verb + Object, the same rule for versions; ById is dropped and
ByKey is kept only where a language cannot overload (Go):
    IPsecSaContextGetById1 -> GetSaContext   FwpmFilterDeleteByKey0 -> DeleteFilter / DeleteFilterByKey
"""

import re

PREFIXES = ('FWPM_', 'FWP_', 'IPSEC_', 'IKEEXT_')
# Names that would be ambiguous or empty without their prefix.
KEEP_PREFIX = {'IPSEC_ID0': ['ipsec', 'id'], 'IPSEC_STATISTICS0': ['statistics'],
               'IPSEC_STATISTICS1': ['statistics'], 'IPSEC_TOKEN0': ['token'],
               'IPSEC_GETSPI0': ['get', 'spi'], 'IPSEC_GETSPI1': ['get', 'spi'],
               'IPSEC_KEYMODULE_STATE0': ['key', 'module', 'state']}
# Trailing digits that are part of the name, not a version.
NOT_VERSIONED = {'FWP_BYTE_ARRAY6', 'FWP_BYTE_ARRAY16', 'FWP_BITMAP_ARRAY64'}

INITIALISMS = {'id', 'ip', 'sa', 'spi', 'guid', 'udp', 'esp', 'ah', 'nd', 'nap', 'pfs', 'luid', 'sid', 'ike', 'mm', 'qm', 'em'}

FUNC_PREFIXES = ('Fwpm', 'IPsec', 'Fwpk')
VERBS = ['CreateEnumHandle', 'DestroyEnumHandle', 'SubscribeChanges', 'UnsubscribeChanges',
         'SubscriptionsGet', 'AddInbound', 'AddOutbound', 'GetSpi', 'SetSpi', 'GetOption', 'SetOption',
         'GetSecurityInfo', 'SetSecurityInfo', 'GetStatistics',
         'Add', 'Create', 'Delete', 'Get', 'Set', 'Update', 'Expire', 'Enum', 'Begin', 'Commit', 'Abort',
         'Open', 'Close']
# Verbs that already name what they act on: the method is the verb alone.
SELF_NAMED = {'AddInbound', 'AddOutbound', 'GetSpi', 'SetSpi', 'GetStatistics'}


def split_type(cname):
    """(base words, version or None) of a C typedef name."""
    if cname in KEEP_PREFIX:
        words, name = list(KEEP_PREFIX[cname]), cname
    else:
        name = cname
        for p in PREFIXES:
            if name.startswith(p):
                name = name[len(p):]
                break
        words = [w.lower() for w in name.split('_') if w]
    version = None
    m = re.match(r'^(.*[A-Z])(\d)$', cname)
    if m and cname not in NOT_VERSIONED:
        version = int(m.group(2))
        last = words[-1]
        if last.endswith(str(version)):
            words[-1] = last[:-1]
            if not words[-1]:
                words.pop()
    return words, version


def type_words(cname, all_cnames):
    """Words of the SDK type name of C structure `cname`, given every C
    structure name the schema has (to know whether a newer version exists)."""
    words, version = split_type(cname)
    # Two APIs naming the same thing (IKEEXT_PROPOSAL0, IPSEC_PROPOSAL0): both keep their prefix.
    if any(c != cname and split_type(c) == (words, version) for c in all_cnames):
        words = [p.rstrip('_').lower() for p in PREFIXES if cname.startswith(p)][:1] + words
    if version is None:
        return words
    newer = [c for c in all_cnames if c != cname and split_type(c)[0] == words
             and (split_type(c)[1] or 0) > version]
    return words + [str(version)] if newer else words


# C#: type names that would collide with a type of the System namespace (which
# nearly every C# file imports) keep their API prefix word.
CSHARP_TAKEN = {'Action', 'Range', 'Index', 'Version', 'Attribute', 'Delegate', 'Exception', 'Buffer',
                'Array', 'Type', 'Object', 'String', 'Enum', 'Random', 'Half', 'Tuple', 'Memory', 'Span'}


def csharp_type_words(cname, all_cnames):
    """type_words, but a name that System already uses keeps its API prefix
    (FWPM_ACTION0 -> FwpmAction, FWP_RANGE0 -> FwpRange)."""
    words = type_words(cname, all_cnames)
    if pascal(words) in CSHARP_TAKEN:
        first = cname.split('_')[0].lower()
        if first + '_' in [p.lower() for p in PREFIXES]:
            return [first] + words
    return words


def split_function(cname):
    """(verb, object words, by, version) of an fwpmk.h function name, or None
    when it does not follow the Prefix-Object-Verb-[By]-Version pattern."""
    rest = cname
    for p in FUNC_PREFIXES:
        if rest.startswith(p):
            rest = rest[len(p):]
            break
    m = re.match(r'^(.*?)(\d)$', rest)
    if not m:
        return None
    rest, version = m.group(1), int(m.group(2))
    by = None
    for b in ('ById', 'ByKey'):
        if rest.endswith(b):
            by, rest = b[2:].lower(), rest[:-len(b)]
    for v in VERBS:
        if rest.endswith(v):
            obj = rest[:-len(v)]
            return v, [w.lower() for w in re.findall(r'[A-Z][a-z0-9]*', obj)], by, version
    return None


def function_words(cname, all_functions, overloads=True):
    """Words of the SDK method name of C function `cname`; `all_functions` is
    every C function name (for the version rule); overloads=False (Go) keeps
    ByKey."""
    sp = split_function(cname)
    if sp is None:
        return None
    verb, obj, by, version = sp
    verb_words = [w.lower() for w in re.findall(r'[A-Z][a-z0-9]*', verb)]
    if verb in SELF_NAMED:
        words = verb_words
    elif verb in ('CreateEnumHandle', 'DestroyEnumHandle'):
        words = verb_words[:1] + obj + verb_words[1:]      # CreateSaContextEnumHandle
    else:
        words = verb_words + obj
    if by == 'key' and not overloads:
        words = words + ['by', 'key']
    newer = [f for f in all_functions if f != cname and (lambda s: s and s[:3] == sp[:3] and s[3] > version)(split_function(f))]
    if newer:
        words = words + [str(version)]
    return words


def enumerate_words(enum_cname, all_functions):
    """Words of the idiomatic sequence method built on an Enum function:
    Enumerate + plural object (+ version when a newer Enum exists)."""
    verb, obj, _, version = split_function(enum_cname)
    words = ['enumerate'] + plural(obj)
    newer = [f for f in all_functions if f != enum_cname and (lambda s: s and s[:3] == (verb, obj, None) and s[3] > version)(split_function(f))]
    return words + [str(version)] if newer else words


def constant_words(cname):
    """Words of a #define, enum value or GUID name: the C name without its API
    prefix (FWPM_LAYER_IPSEC_V4 -> layer ipsec v4, IPSEC_PFS_1 -> pfs 1)."""
    name = cname
    for p in PREFIXES:
        if name.startswith(p):
            name = name[len(p):]
            break
    return [w.lower() for w in name.split('_') if w]


def plural(words):
    return words[:-1] + [words[-1] + 's'] if words else words


def member_pascal(cmember):
    """C# / Go member name: the C name with its first letter upper-cased."""
    return cmember[:1].upper() + cmember[1:]


def member_camel(cmember):
    """Java member name: the C name with its first letter lower-cased."""
    return cmember[:1].lower() + cmember[1:]


def pascal(words):
    return ''.join(w[:1].upper() + w[1:] for w in words)


def camel(words):
    s = pascal(words)
    return s[:1].lower() + s[1:]


def go_pascal(words):
    return ''.join(w.upper() if w in INITIALISMS else w[:1].upper() + w[1:] for w in words)


if __name__ == '__main__':
    import sys
    import json
    sys.path.insert(0, __import__('os').path.dirname(__file__))
    import wire
    s = wire.Schema(sys.argv[1]).to_json()
    names = list(s['structs'])
    fns = [f['name'] for f in s['functions']]
    for n in names:
        print('%-40s %s' % (n, pascal(type_words(n, names))))
    for f in fns:
        w = function_words(f, fns)
        e = split_function(f)
        extra = ('  seq: ' + pascal(enumerate_words(f, fns))) if e and e[0] == 'Enum' else ''
        print('%-40s %s / %s%s' % (f, w and pascal(w), w and pascal(function_words(f, fns, overloads=False)), extra))
