#!/usr/bin/env python3
"""Writes random values of every schema structure, encoded by the reference
codec (bindings/gen/wire.py Codec), for the Go codec test (wire_test.go):
    wire_corpus.py SCHEMA.json OUTDIR [N]
OUTDIR/manifest.json lists {"type": C name, "file": name, "page": bool}."""
import json, os, random, sys, uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'gen'))
import wire  # noqa: E402


def main():
    schema = json.load(open(sys.argv[1]))
    out = sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    rnd = random.Random(9)
    codec = wire.Codec(schema)
    structs = schema['structs']

    def val(node, parent, depth):
        k = node['k']
        if k == 'int':
            bits = node['size'] * 8
            if 'enum' in node:
                return rnd.randrange(0, 8)
            return rnd.randrange(-(1 << (bits - 1)), 1 << (bits - 1)) if node['signed'] else rnd.randrange(0, 1 << bits)
        if k == 'float':
            return rnd.choice([0.0, 1.5, -2.25])
        if k == 'handle':
            return rnd.randrange(0, 1 << 64)
        if k == 'struct':
            return struct(node['name'], depth + 1)
        if k == 'array':
            if codec._is_bytes(node['of']):
                return bytes(rnd.randrange(256) for _ in range(node['n']))
            return [val(node['of'], parent, depth) for _ in range(node['n'])]
        if k == 'opt':
            return None if rnd.random() < 0.3 or depth > 4 else val(node['of'], parent, depth)
        if k in ('counted', 'flex'):
            if k == 'counted' and (rnd.random() < 0.25 or depth > 4):
                return None
            m = rnd.randrange(0, 4)
            if codec._is_bytes(node['of']):
                return bytes(rnd.randrange(256) for _ in range(m))
            return [val(node['of'], parent, depth) for _ in range(m)]
        if k == 'wstr':
            return rnd.choice([None, '', 'abc', 'h\u00e9\u4e2d'])
        if k == 'skip':
            return None
        raise ValueError(k)

    def struct(name, depth=0):
        if name == 'GUID':
            return str(uuid.UUID(int=rnd.randrange(1 << 128)))
        v = {}
        for m in structs[name]['members']:
            node = m['node']
            if node['k'] == 'union':
                if node['tag'] is not None:
                    choices = [a for a, _ in node['arms']] + [rnd.randrange(0, 64)]
                    t = rnd.choice(choices)
                    v[node['tag']] = t if node['mask'] is None else (v.get(node['tag'], 0) & ~node['mask']) | t
                arm = codec._arm(node, v)
                if arm:
                    mm = next(x for x in node['members'] if x['name'] == arm)
                    v[arm] = val(mm['node'], v, depth)
                continue
            if m['count_of']:
                continue
            v[m['name']] = val(node, v, depth)
            if node['k'] == 'flex':
                v[node['count']] = len(v[m['name']])
        return v

    os.makedirs(out, exist_ok=True)
    manifest = []
    for name in structs:
        for i in range(n):
            data = codec.encode(name, struct(name))
            codec.decode(name, data)  # the reference reads its own bytes
            f = '%s_%d.bin' % (name, i)
            open(os.path.join(out, f), 'wb').write(data)
            manifest.append({'type': name, 'file': f, 'page': False})
        vals = [struct(name) if rnd.random() < 0.8 else None for _ in range(3)]
        f = '%s_page.bin' % name
        open(os.path.join(out, f), 'wb').write(codec.page(name, vals))
        manifest.append({'type': name, 'file': f, 'page': True})
    json.dump(manifest, open(os.path.join(out, 'manifest.json'), 'w'), indent=0)


if __name__ == '__main__':
    main()
