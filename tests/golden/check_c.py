"""golden-c: the generated C codec decodes every corpus item and encodes it
back to the same bytes (roundtrip_c), and so does the Python reference codec.

    check_c.py <roundtrip_c> <schema.json> <corpus.txt>
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'bindings', 'gen'))
import wire  # noqa: E402


def main(tool, schema_path, corpus):
    items = [l.rstrip('\n') for l in open(corpus) if l.strip()]
    codec = wire.Codec(json.load(open(schema_path)))
    out = subprocess.run([tool], input='\n'.join(items) + '\n', capture_output=True, text=True, check=True).stdout.split('\n')
    bad = 0
    kinds = set()
    for item, got in zip(items, out):
        kind, hexdata = item.split(' ', 1)
        kinds.add(kind)
        if got != hexdata:
            bad += 1
            print('C codec mismatch on %s item: %s...' % (kind, hexdata[:80]))
        data = bytes.fromhex(hexdata)
        if kind == 'page':
            name, recs = codec.read_page(data)
            again = codec.page(name, recs)
        else:
            again = codec.encode(kind, codec.decode(kind, data))
        if again != data:
            bad += 1
            print('Python codec mismatch on %s item' % kind)
    if len(out) < len(items):
        bad += 1
        print('roundtrip_c answered %d of %d items' % (len(out), len(items)))
    print('%d corpus items (%d structure types + pages), %d mismatches' % (len(items), len(kinds) - 1, bad))
    return 1 if bad or not items else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:4]))
