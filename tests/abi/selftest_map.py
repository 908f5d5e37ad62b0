#!/usr/bin/env python3
"""selftest_map.py IN.map OUT.map SYMBOL: copy the version script, adding SYMBOL to its first node (FWPKCLNT_1.0)."""
import sys
src, dst, sym = sys.argv[1:4]
text = open(src).read()
if 'global:' not in text:
    sys.exit('no "global:" in ' + src)
open(dst, 'w').write(text.replace('global:', 'global:\n    %s;' % sym, 1))
