"""Writes `TYPE HEX` lines of FWPM_PROVIDER_CONTEXT0..3 samples for
provider_context_corpus.c: values.py samples (as in the golden corpus), 40
per version so that every context type's union arm is visited.

    provider_context_samples.py <schema.json> <out.txt>
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


def main(schema_path, out_path):
    schema = json.load(open(schema_path))
    codec = wire.Codec(schema)
    gen = values.Values(schema, seed=20261203)
    lines = []
    for v in range(4):
        name = 'FWPM_PROVIDER_CONTEXT%d' % v
        for s in gen.samples(name, 40):
            lines.append('%s %s' % (name, codec.encode(name, s).hex()))
    with open(out_path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main(*sys.argv[1:3])
