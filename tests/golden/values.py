"""Schema-driven sample values for the golden corpus: for every structure of
the wire schema, values that visit each union arm, NULL and non-NULL pointers,
empty and non-empty arrays and strings (with non-ASCII text).  Deterministic
(seeded), so the corpus is the same on every run and every machine.
"""

import random


class Values:
    def __init__(self, schema, seed=1, max_depth=6):
        self.s = schema
        self.rng = random.Random(seed)
        self.max_depth = max_depth  # pointers deeper than this are NULL

    def samples(self, name, n=6):
        """n values of structure `name`; sample i selects union arm i (mod the arms)."""
        return [self.struct(name, i, depth=0) for i in range(n)]

    def struct(self, name, variant, depth, sel=None):
        """sel: {tag: value} a holder selects this structure's unions with
        ([select]); the structure's own tag is then left 0, as C callers leave it."""
        if name == 'GUID':
            r = self.rng
            return '%08x-%04x-%04x-%04x-%012x' % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(16),
                                                  r.getrandbits(16), r.getrandbits(48))
        st = self.s['structs'][name]
        v = {}
        held = {}  # holder member -> the value that selects a member structure's unions
        for m in st['members']:
            for tag, x in m['node'].get('select', {}).items():
                u = next(n['node'] for n in self.s['structs'][m['node']['name']]['members']
                         if n['node']['k'] == 'union' and n['node']['tag'] == tag)
                vals = [val for val, _ in u['arms']] + ([max(a for a, _ in u['arms']) + 1] if u['arms'] else [0])
                held[x['by']] = vals[variant % len(vals)]
        for m in st['members']:
            node = m['node']
            if node.get('select'):
                v[m['name']] = self.struct(node['name'], variant + self.rng.randint(0, 40), depth + 1,
                                           {t: held[x['by']] for t, x in node['select'].items()})
                continue
            if node['k'] == 'union':
                choices = [(val, arm) for val, arm in node['arms']]
                if node['tag'] is None:
                    arm = node['default']
                elif sel and node['tag'] in sel:
                    arm = next((a for val, a in choices if val == sel[node['tag']]), node['default'])
                    v[node['tag']] = 0
                else:
                    if choices and (variant % (len(choices) + 1)) < len(choices):
                        val, arm = choices[variant % (len(choices) + 1)]
                        tag = val if node['mask'] is None else (v.get(node['tag'], 0) & ~node['mask']) | val
                    else:
                        # a value no arm names: the default arm, or nothing
                        arm = node['default']
                        tag = v.get(node['tag'], 0)
                        if node['mask'] is not None:
                            tag &= ~node['mask']
                        else:
                            used = {a for a, _ in choices}
                            tag = max(used) + 1 if used else 0
                    v[node['tag']] = tag
                if arm:
                    mm = next(x for x in node['members'] if x['name'] == arm)
                    if mm['node']['k'] == 'group':
                        for g in mm['node']['members']:
                            if not g.get('count_of'):
                                v[g['name']] = self.value(g['node'], v, variant, depth)
                        for g in mm['node']['members']:
                            if g.get('count_of'):
                                arr = v.get(g['count_of'])
                                v[g['name']] = 0 if arr is None else len(arr)
                    else:
                        v[arm] = self.value(mm['node'], v, variant, depth)
                continue
            if m.get('count_of'):
                continue  # set with its array below
            v[m['name']] = held[m['name']] if m['name'] in held else self.value(node, v, variant, depth)
        for m in st['members']:
            if m.get('count_of'):
                arr = v.get(m['count_of'])
                v[m['name']] = 0 if arr is None else len(arr)
        # keep member order as in C (counts come first)
        order = []
        for m in st['members']:
            if m['node']['k'] == 'union':
                for x in m['node']['members']:
                    if x['node']['k'] == 'group':
                        order += [g['name'] for g in x['node']['members']]
                    else:
                        order.append(x['name'])
                order += [m['node']['tag']] if m['node']['tag'] else []
            else:
                order.append(m['name'])
        return {k: v[k] for k in sorted(v, key=lambda k: order.index(k) if k in order else 999)}

    def value(self, node, parent, variant, depth):
        r = self.rng
        k = node['k']
        if k == 'int':
            if node['size'] == 1 and 'enum' not in node:
                return r.getrandbits(7) if node['signed'] else r.getrandbits(8)
            bits = node['size'] * 8
            x = r.getrandbits(bits - 1 if node['signed'] else bits)
            if node['signed'] and r.random() < 0.3:
                x = -x
            return x
        if k == 'float':
            return float(r.randint(-1000, 1000)) / 4
        if k == 'handle':
            return r.getrandbits(64)
        if k == 'struct':
            return self.struct(node['name'], variant + r.randint(0, 40), depth + 1)
        if k == 'array':
            if node['of']['k'] == 'int' and node['of']['size'] == 1 and 'enum' not in node['of']:
                return bytes(r.getrandbits(8) for _ in range(node['n']))
            return [self.value(node['of'], parent, variant, depth + 1) for _ in range(node['n'])]
        if k == 'opt':
            if depth > self.max_depth or r.random() < 0.25:
                return None
            return self.value(node['of'], parent, variant, depth + 1)
        if k == 'counted':
            if depth > self.max_depth or r.random() < 0.2:
                return None
            n = r.choice([0, 1, 2, 3])
            return self._items(node['of'], n, parent, variant, depth)
        if k == 'flex':
            n = r.choice([1, 2, 5])
            parent[node['count']] = n
            return self._items(node['of'], n, parent, variant, depth)
        if k == 'wstr':
            return r.choice([None, '', 'filter', 'Zürich ✓ 𝄞', 'x' * 40])
        if k == 'astr':
            return r.choice([None, '', '1.3.6.1.5.5.7.3.1', 'x' * 30])
        if k == 'skip':
            return None
        raise ValueError(k)

    def _items(self, of, n, parent, variant, depth):
        if of['k'] == 'int' and of['size'] == 1 and 'enum' not in of:
            return bytes(self.rng.getrandbits(8) for _ in range(n))
        return [self.value(of, parent, variant + i, depth + 1) for i in range(n)]
