#!/usr/bin/env python3
"""Prints the bench command a binding's README documents, made runnable from
the repository root against build dir argv[2]; prints nothing if none.

A command is the first `backticked` span that has a standalone `bench`
argument (not `-bench`) and starts like a program invocation (dotnet, java,
python3, <build>/..., build/..., ./...).  `<build>` and a leading `build/`
become the build dir; an optional-argument group such as
`[page-size|bench [--profile]]` becomes `bench`."""
import re
import sys


def collapse_groups(cmd):
    """Replaces each outermost [...] group that mentions bench by 'bench'."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(cmd):
        if ch == '[':
            if depth == 0:
                start = i
            depth += 1
        elif ch == ']' and depth:
            depth -= 1
            if depth == 0:
                group = cmd[start:i + 1]
                out.append('bench' if re.search(r'(?<![-\w])bench\b', group) else group)
            continue
        if depth == 0:
            out.append(ch)
    return ''.join(out)


readme, build = sys.argv[1], sys.argv[2]
try:
    text = open(readme, encoding='utf-8').read()
except OSError:
    sys.exit(0)
for span in re.findall(r'`([^`\n]+)`', text):
    if not re.search(r'(?<![-\w])bench\b', span):
        continue
    if not re.match(r'\s*(dotnet|java|python3|<build>/|build/|\./)', span):
        continue
    cmd = collapse_groups(span.replace('<build>', build))
    cmd = re.sub(r'(?<![\w./-])build/', build + '/', cmd)
    cmd = cmd.replace('$(which go)', '"$(command -v go)"')
    print(cmd.strip())
    break
