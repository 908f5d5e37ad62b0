"""Every structure the headers declare — not only those a function reaches
today — has a wire schema: a counted array, a union whose arms differ or an
untyped pointer without its annotations.toml entry fails here, before a
function that reaches the structure is added.  Each structure's schema-driven
samples (values.py: every union arm) must also round-trip through the Python
reference codec.

    all_structs.py <include-dir>
"""

import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', '..', 'bindings', 'gen'))
import values  # noqa: E402
import wire  # noqa: E402


def main(include_dir):
    schema = wire.Schema(include_dir)
    failures = []
    for name in sorted(schema.model.structs):
        try:
            schema.struct(name)
        except wire.SchemaError as e:
            failures.append('%s: %s' % (name, e))
    if failures:
        sys.exit('FAIL: structures without a wire schema:\n  ' + '\n  '.join(failures))
    js = json.loads(json.dumps(schema.to_json()))
    codec = wire.Codec(js)
    gen = values.Values(js, seed=7)
    for name in sorted(js['structs']):
        for v in gen.samples(name, 12):
            b = codec.encode(name, v)
            if codec.encode(name, codec.decode(name, b)) != b:
                sys.exit('FAIL: %s does not round-trip through the reference codec' % name)
    print('%d structures: schema built and round-tripped' % len(js['structs']))


if __name__ == '__main__':
    main(sys.argv[1])
