"""The schema walk every emitter shares (wire.py builds the schema): node
sizes, fixed offsets, union arms, member kinds.  An emitter keeps only its
language's spelling of each node."""

import names


def is_bytes(node):
    """UINT8 (not an enum, not signed): arrays of it are byte strings."""
    return node['k'] == 'int' and node['size'] == 1 and not node['signed'] and 'enum' not in node


def arm(node, name):
    """The member (name, node) of union `node` called `name`."""
    return next(a for a in node['members'] if a['name'] == name)


def fixed_size(structs, node):
    """Encoded size of node when it does not depend on the value, else None."""
    k = node['k']
    if k in ('int', 'float'):
        return node['size']
    if k == 'handle':
        return 8
    if k == 'skip':
        return 0
    if k == 'array':
        n = fixed_size(structs, node['of'])
        return None if n is None else n * node['n']
    if k in ('struct', 'group'):
        members = node['members'] if k == 'group' else structs[node['name']]['members']
        total = 0
        for m in members:
            n = fixed_size(structs, m['node'])
            if n is None:
                return None
            total += n
        return total
    if k == 'union':
        if node.get('whole'):
            return node['whole']
        if node['tag'] is None:
            return fixed_size(structs, arm(node, node['default'])['node'])
        # every outcome of the tag: a selected arm, the default, or nothing
        names = {a for _, a in node['arms']} | ({node['default']} if node['default'] else set())
        sizes = {fixed_size(structs, arm(node, a)['node']) for a in names}
        if node['default'] is None:
            sizes.add(0)
        return sizes.pop() if len(sizes) == 1 and None not in sizes else None
    return None


def select_targets(structs):
    """{structure: [tags]}: the structures some holder's member selects the
    unions of ([select]), and those unions' tag members, in a stable order.
    Their codecs take the selecting values as parameters."""
    out = {}
    for st in structs.values():
        for m in st['members']:
            for tag in m['node'].get('select', {}):
                tags = out.setdefault(m['node']['name'], [])
                if tag not in tags:
                    tags.append(tag)
    return {k: sorted(v) for k, v in out.items()}


def selected_by(node, targets, sname):
    """The tag of union `node` of structure sname when a holder may select it, else None."""
    tag = node.get('tag')
    return tag if tag is not None and tag in targets.get(sname, ()) else None


def returned(schema):
    """The structures a function returns (a page, a block or a caller's
    structure), in order of first use: they get page views."""
    out = []
    for f in schema['functions']:
        for p in f['params']:
            if p['role'] in ('out_page', 'out_block', 'out_struct') and p['type'] not in out:
                out.append(p['type'])
    return out


def arm_cases(node, decl=False):
    """[(arm, [tag values])] of a tagged union: in the order the annotation
    names them, or (decl) in the union's declaration order."""
    by = {}
    for val, a in node['arms']:
        by.setdefault(a, []).append(val)
    if decl:
        return [(a['name'], by[a['name']]) for a in node['members'] if a['name'] in by]
    return list(by.items())


def enumerations(functions):
    """[(object words, create, [Enum functions, newest first], destroy)]: every
    CreateEnumHandle / Enum / DestroyEnumHandle trio of the headers."""
    by = {}
    for f in functions:
        sp = names.split_function(f['name'])
        if sp:
            by.setdefault((tuple(sp[1]), sp[0]), []).append((sp[3], f))
    out = []
    for (obj, verb), fs in by.items():
        if verb != 'CreateEnumHandle' or (obj, 'Enum') not in by or (obj, 'DestroyEnumHandle') not in by:
            continue
        enums = [f for _, f in sorted(by[(obj, 'Enum')], key=lambda x: -x[0])]
        out.append((list(obj), fs[0][1], enums, by[(obj, 'DestroyEnumHandle')][0][1]))
    return out


def enum_partners(functions):
    """{Enum function name: (its CreateEnumHandle, its DestroyEnumHandle)}."""
    return {e['name']: (create, destroy) for _, create, enums, destroy in enumerations(functions) for e in enums}
