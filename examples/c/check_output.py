#!/usr/bin/env python3
"""Runs an example and compares its output with a committed expectation.

    check_output.py EXPECTED -- PROGRAM [ARGS...]

Everything must match line for line except the inbound SPIs, which the engine
chooses at random: they are replaced by <spi> before comparing.  The random
SPIs are still checked: each is >= 256, the inbound SPIs of different SA
contexts differ, and an SPI printed by manual_keying for context N equals the
one the dump prints for context N.
"""
import difflib
import re
import subprocess
import sys

SPI_KEYING = re.compile(r'^SA context (\d+): .*inbound SPI (0x[0-9A-F]{8})')
SPI_DUMP = re.compile(r'^    inbound  SA\[(\d+)\] spi (0x[0-9A-F]{8})')
CTX_DUMP = re.compile(r'^  SA context (\d+)$')


def main():
    if len(sys.argv) < 4 or sys.argv[2] != '--':
        sys.exit('usage: check_output.py EXPECTED -- PROGRAM [ARGS...]')
    expected_path, cmd = sys.argv[1], sys.argv[3:]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    out = p.stdout
    sys.stdout.write(out)
    sys.stderr.write(p.stderr)
    errors = []
    if p.returncode != 0:
        errors.append('%s exited with status %d' % (cmd[0], p.returncode))

    keyed, dumped, ctx = {}, {}, None
    for line in out.splitlines():
        m = SPI_KEYING.match(line)
        if m:
            keyed[m.group(1)] = int(m.group(2), 16)
        m = CTX_DUMP.match(line)
        if m:
            ctx = m.group(1)
        m = SPI_DUMP.match(line)
        if m and ctx is not None:
            dumped.setdefault(ctx, set()).add(int(m.group(2), 16))
    for c, spis in dumped.items():
        if len(spis) != 1:
            errors.append('SA context %s: the SAs of its inbound bundle carry different SPIs %s' % (c, spis))
        for s in spis:
            if s < 256:
                errors.append('SA context %s: inbound SPI 0x%08X is below 256' % (c, s))
    firsts = [min(s) for s in dumped.values()]
    if len(set(firsts)) != len(firsts):
        errors.append('two SA contexts share an inbound SPI')
    for c, s in keyed.items():
        if c in dumped and dumped[c] != {s}:
            errors.append('SA context %s: keying printed SPI 0x%08X, the dump shows %s' % (c, s, dumped[c]))

    def normalise(text):
        text = re.sub(r'(inbound SPI )0x[0-9A-F]{8}', r'\1<spi>', text)
        text = re.sub(r'(inbound  SA\[\d+\] spi )0x[0-9A-F]{8}', r'\1<spi>', text)
        return text.splitlines()

    got = normalise(out)
    want = open(expected_path, encoding='utf-8').read().splitlines()
    if got != want:
        errors.append('output differs from %s:\n%s' % (expected_path, '\n'.join(
            difflib.unified_diff(want, got, 'expected', 'actual', lineterm=''))))
    if errors:
        for e in errors:
            print('FAIL: ' + e)
        sys.exit(1)
    print('PASS: output matches %s' % expected_path)


if __name__ == '__main__':
    main()
