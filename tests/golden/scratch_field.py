"""gen-scratch-field: adding a member to a structure in the headers (plus one
annotation line when it is an array count) makes it appear, encoded, decoded
and compared, everywhere — with no other edit.

On a scratch copy of include/ and of annotations.toml this test adds
  - a scalar member `scratchScalar` at the end of IPSEC_SA_DETAILS1, and
  - a counted array `numScratchIds` / `scratchIds` to FWPM_FILTER0
    (+ one line in the [count] table),
then:
  1. builds the schema and checks both members are in it with the right form;
  2. runs emit_c.py, compiles the generated C codec with the scratch headers
     and round-trips sample values carrying the new members through C and
     the Python reference codec, byte for byte;
  3. runs every SDK emitter (bindings/gen/emit_<lang>.py <schema> <out>) and
     checks that the member's SDK name occurs in its output at least four
     times (declaration, decoder, encoder, equality / text).

    scratch_field.py <source-root> <c-compiler> <work-dir>
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.abspath(sys.argv[1])
CC = sys.argv[2]
WORK = os.path.abspath(sys.argv[3])
GEN = os.path.join(ROOT, 'bindings', 'gen')
sys.path.insert(0, GEN)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'golden'))

import names  # noqa: E402
import values  # noqa: E402
import wire  # noqa: E402

failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg)


def add_member(text, struct, decl):
    """Insert `decl` before the closing brace of `typedef struct STRUCT_ {...}`."""
    m = re.search(r'typedef\s+struct\s+%s_\s*\{' % struct, text)
    if not m:
        raise SystemExit('scratch_field: %s not found' % struct)
    depth, i = 0, m.end() - 1
    while True:
        if text[i] == '{':
            depth += 1
        elif text[i] == '}':
            depth -= 1
            if depth == 0:
                break
        i += 1
    return text[:i] + '    ' + decl + '\n' + text[i:]


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    inc = os.path.join(WORK, 'include')
    shutil.copytree(os.path.join(ROOT, 'include'), inc)
    p = os.path.join(inc, 'ipsectypes.h')
    text = add_member(open(p).read(), 'IPSEC_SA_DETAILS1', 'UINT32 scratchScalar;')
    open(p, 'w').write(text)
    p = os.path.join(inc, 'fwpmtypes.h')
    text = add_member(open(p).read(), 'FWPM_FILTER0', 'UINT32 numScratchIds;\n    UINT64 *scratchIds;')
    open(p, 'w').write(text)
    ann_path = os.path.join(WORK, 'annotations.toml')
    ann = open(os.path.join(GEN, 'annotations.toml')).read()
    ann = ann.replace('[count]\n', '[count]\n"FWPM_FILTER0.scratchIds" = "numScratchIds"\n', 1)
    open(ann_path, 'w').write(ann)

    # 1. the schema
    schema = wire.Schema(inc, wire.load_annotations(ann_path)).to_json()
    sj = os.path.join(WORK, 'schema.json')
    json.dump(schema, open(sj, 'w'))
    det = {m['name']: m for m in schema['structs']['IPSEC_SA_DETAILS1']['members']}
    flt = {m['name']: m for m in schema['structs']['FWPM_FILTER0']['members']}
    if det.get('scratchScalar', {}).get('node', {}).get('k') != 'int':
        fail('scratchScalar is not an integer member of IPSEC_SA_DETAILS1 in the schema')
    if flt.get('scratchIds', {}).get('node', {}).get('k') != 'counted':
        fail('scratchIds is not a counted array of FWPM_FILTER0 in the schema')
    if flt.get('numScratchIds', {}).get('count_of') != 'scratchIds':
        fail('numScratchIds is not known as the count of scratchIds')

    # 2. C codec, compiled against the scratch headers, against the reference codec
    cdir = os.path.join(WORK, 'c')
    subprocess.run([sys.executable, os.path.join(GEN, 'emit_c.py'), inc, cdir, '--annotations', ann_path], check=True)
    tool = os.path.join(cdir, 'roundtrip')
    subprocess.run([CC, '-std=gnu11', '-D_GNU_SOURCE', '-I' + inc, '-I' + GEN, '-I' + cdir,
                    os.path.join(ROOT, 'tests', 'golden', 'roundtrip_c.c'), os.path.join(cdir, 'fwpk_codec.c'),
                    os.path.join(GEN, 'fwpk_wire.c'), '-o', tool], check=True)
    codec = wire.Codec(schema)
    gen = values.Values(schema, seed=7)
    lines, want = [], []
    seen = {'scratchScalar': 0, 'scratchIds': 0}
    for tname in ('IPSEC_SA_DETAILS1', 'FWPM_FILTER0', 'IPSEC_SA_CONTEXT1'):
        for v in gen.samples(tname, 12):
            b = codec.encode(tname, v)
            back = codec.decode(tname, b)
            text = json.dumps(back, default=repr)
            for k in seen:
                if '"%s"' % k in text:
                    seen[k] += 1
            lines.append('%s %s' % (tname, b.hex()))
            want.append(b.hex())
    out = subprocess.run([tool], input='\n'.join(lines) + '\n', capture_output=True, text=True, check=True).stdout.split('\n')
    for line, w, o in zip(lines, want, out):
        if w != o:
            fail('C codec and reference codec differ on %s' % line.split()[0])
    for k, n in seen.items():
        if not n:
            fail('no sample carried %s through the codecs' % k)
    c_src = open(os.path.join(cdir, 'fwpk_codec.c')).read()
    for k in ('scratchScalar', 'scratchIds'):
        if c_src.count(k) < 2:
            fail('the generated C codec does not encode and decode %s' % k)

    # 3. every SDK emitter
    emitters = sorted(glob.glob(os.path.join(GEN, 'emit_*.py')))
    for em in emitters:
        lang = os.path.basename(em)[5:-3]
        if lang == 'c':
            continue
        odir = os.path.join(WORK, lang)
        r = subprocess.run([sys.executable, em, sj, odir], capture_output=True, text=True)
        if r.returncode != 0:
            fail('%s emitter failed on the scratch schema: %s' % (lang, r.stderr.strip()[-400:]))
            continue
        text = ''
        for root, _, files in os.walk(odir):
            for f in files:
                text += open(os.path.join(root, f), encoding='utf-8', errors='replace').read()
        for member in ('scratchScalar', 'scratchIds'):
            spellings = {member, names.member_pascal(member), names.member_camel(member)}
            n = sum(len(re.findall(r'\b%s\b' % re.escape(s), text)) for s in spellings)
            if n < 4:
                fail('%s: %s appears %d time(s) in the generated code (want declaration, decoder, encoder, '
                     'equality/text: >= 4)' % (lang, member, n))
            else:
                print('%s: %s appears %d times' % (lang, member, n))
    print('%d emitter(s) checked; %d failure(s)' % (len(emitters), len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
