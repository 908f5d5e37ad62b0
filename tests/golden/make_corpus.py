"""Writes the golden corpus (README.md here): one item per line,
`TYPE HEX` (one encoded structure of schema type TYPE) or `page HEX`.

    make_corpus.py <schema.json> <engine-pages.txt> <out corpus.txt>

The structure samples come from the schema (values.py: every union arm, NULL
and non-NULL pointers, empty and filled arrays, non-ASCII text), so a member
added to a header is in the corpus without an edit here; the pages are real
library results (engine_pages.c).  Every item is checked with the Python
reference codec before it is written: decode + re-encode gives the same bytes.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', '..', 'bindings', 'gen'))
import values  # noqa: E402
import wire  # noqa: E402


def main(schema_path, engine_pages, out_path):
    schema = json.load(open(schema_path))
    codec = wire.Codec(schema)
    gen = values.Values(schema, seed=20261203)
    lines = []
    for name in schema['structs']:
        samples = gen.samples(name, 8)
        for v in samples:
            b = codec.encode(name, v)
            if codec.encode(name, codec.decode(name, b)) != b:
                sys.exit('make_corpus: the reference codec does not round-trip %s' % name)
            lines.append('%s %s' % (name, b.hex()))
        lines.append('page %s' % codec.page(name, samples[:3] + [None]).hex())
    for line in open(engine_pages):
        line = line.strip()
        if not line:
            continue
        kind, hexdata = line.split(' ', 1)
        data = bytes.fromhex(hexdata)
        tname, recs = codec.read_page(data)
        if codec.page(tname, recs) != data:
            sys.exit('make_corpus: the reference codec does not round-trip a %s page from the engine' % tname)
        lines.append(line)
    with open(out_path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main(*sys.argv[1:4])
