#!/usr/bin/env python3
"""Follows an SDK README's install walk-through literally, as a new user would.

    readme_install.py LANG README BUILD_ROOT

The walk-through is the README's fenced blocks that carry a marker on the line
just above the opening fence, in document order:

    <!-- install-test: sh -->            commands, run by bash -e
    <!-- install-test: file NAME -->     a file the reader saves as NAME
                                         (relative to the directory the
                                         commands above have cd'ed into)
    <!-- install-test: output -->        what the commands since the previous
                                         output block print (it ends their output)

Every "/path/to/build" in them becomes BUILD_ROOT (the README tells the reader
to substitute their Meson build directory).  The blocks become one bash script,
run in a new empty temporary directory with HOME pointing into it and nothing
from the caller's environment that could stand in for a README step: no
CGO_* flags, LD_LIBRARY_PATH, PKG_CONFIG_PATH, CLASSPATH, GOFLAGS or
FWPK_*/NuGet settings.  The test passes when the script succeeds and the
output before each output block ends with that block.  Only machine hygiene is added, per LANG:
no network for Go (GOPROXY=off), the NuGet global packages folder and CLI
home inside the temporary directory for C# (so no cached Fwpk package can
stand in for the one just built), no telemetry or build servers.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

MARK = re.compile(r'^<!--\s*install-test:\s*(sh|file\s+\S+|output)\s*-->\s*$')
PLACEHOLDER = '/path/to/build'
DROP = ('CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_CXXFLAGS', 'CGO_LDFLAGS', 'LD_LIBRARY_PATH',
        'LD_PRELOAD', 'PKG_CONFIG_PATH', 'PKG_CONFIG_LIBDIR', 'PKG_CONFIG_SYSROOT_DIR',
        'CLASSPATH', 'JAVA_TOOL_OPTIONS', 'GOFLAGS', 'GOPATH', 'GOMODCACHE', 'GOCACHE',
        'GOPROXY', 'GOWORK', 'NUGET_PACKAGES', 'NUGET_HTTP_CACHE_PATH', 'DOTNET_CLI_HOME',
        'RestoreConfigFile')


def fail(msg):
    sys.exit('readme_install: FAIL: ' + msg)


def blocks(readme):
    """[(kind, arg, text)] of the marked fenced blocks, in order."""
    lines = open(readme, encoding='utf-8').read().split('\n')
    out = []
    i = 0
    while i < len(lines):
        m = MARK.match(lines[i])
        if not m:
            i += 1
            continue
        if i + 1 >= len(lines) or not lines[i + 1].startswith('```'):
            fail('%s:%d: marker not followed by a fenced block' % (readme, i + 1))
        j = i + 2
        while j < len(lines) and lines[j].rstrip() != '```':
            j += 1
        if j == len(lines):
            fail('%s:%d: unterminated fenced block' % (readme, i + 2))
        kind, _, arg = m.group(1).partition(' ')
        out.append((kind, arg.strip(), '\n'.join(lines[i + 2:j]) + '\n'))
        i = j + 1
    return out


CHECKPOINT = '@@install-test output %d@@'


def script_of(bs, build):
    """The bash script, and the lines each output block expects: the output
    of the commands since the previous output block must end with them."""
    parts = ['set -euo pipefail']
    expected = []
    for kind, arg, text in bs:
        text = text.replace(PLACEHOLDER, build)
        if kind == 'sh':
            parts.append(text)
        elif kind == 'file':
            if 'FWPK_README_EOF' in text:
                fail('block for %s contains the heredoc terminator' % arg)
            parts.append("cat > '%s' <<'FWPK_README_EOF'\n%sFWPK_README_EOF" % (arg, text))
        else:
            parts.append("echo '%s'" % (CHECKPOINT % len(expected)))
            expected.append([l for l in text.split('\n') if l.strip()])
    if not any(k == 'sh' for k, _, _ in bs) or not expected or not all(expected):
        fail('the README has no marked commands or no (or an empty) marked output')
    return '\n'.join(parts) + '\n', expected


def environment(lang, tmp, build):
    env = {k: v for k, v in os.environ.items() if k not in DROP and not k.startswith(('FWPK', 'Fwpk'))}
    home = os.path.join(tmp, 'home')
    os.makedirs(home)
    env['HOME'] = home
    if lang == 'go':
        # A fresh build cache: Go keys cached cgo packages without the
        # output of pkg-config, so a shared cache could hide a wrong .pc.
        env.update({'GOCACHE': os.path.join(tmp, 'gocache'),
                    'GOPATH': os.path.join(tmp, 'gopath'), 'GOPROXY': 'off',
                    'GOSUMDB': 'off', 'GOTOOLCHAIN': 'local', 'GOTELEMETRY': 'off'})
    elif lang == 'csharp':
        # NUGET_PACKAGES is the default (~/.nuget/packages, which the README
        # names), made explicit.  NuGetAudit=false: restore asks nuget.org
        # for vulnerability data, which is no install step.
        env.update({'DOTNET_CLI_HOME': home,
                    'NUGET_PACKAGES': os.path.join(home, '.nuget', 'packages'),
                    'NuGetAudit': 'false',
                    'NUGET_HTTP_CACHE_PATH': os.path.join(tmp, 'nuget-http-cache'),
                    'NUGET_PLUGINS_CACHE_PATH': os.path.join(tmp, 'nuget-plugins-cache'),
                    'DOTNET_CLI_TELEMETRY_OPTOUT': '1', 'DOTNET_NOLOGO': '1',
                    'DOTNET_SKIP_FIRST_TIME_EXPERIENCE': '1',
                    'DOTNET_GENERATE_ASPNET_CERTIFICATE': 'false',
                    'DOTNET_CLI_USE_MSBUILD_SERVER': '0', 'MSBUILDDISABLENODEREUSE': '1',
                    'UseSharedCompilation': 'false'})
    return env


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('go', 'csharp', 'java'):
        sys.exit(__doc__)
    lang, readme, build = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
    script, expected = script_of(blocks(readme), build)
    tmp = tempfile.mkdtemp(prefix='fwpk-readme-%s-' % lang)
    work = os.path.join(tmp, 'work')
    os.makedirs(work)
    env = environment(lang, tmp, build)
    print('--- script (from %s), run in %s\n%s---' % (readme, work, script), flush=True)
    p = subprocess.run(['bash', '-c', script], cwd=work, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, text=True)
    sys.stdout.write(p.stdout)
    if p.returncode != 0:
        fail('the README steps failed (status %d); left in %s' % (p.returncode, tmp))
    rest = p.stdout
    for i, want in enumerate(expected):
        seg, sep, rest = rest.partition(CHECKPOINT % i + '\n')
        got = [l for l in seg.split('\n') if l.strip()]
        if not sep or got[-len(want):] != want:
            fail('output %d does not end with the README\'s:\n%s\n(left in %s)' % (i + 1, '\n'.join(want), tmp))
    shutil.rmtree(tmp, ignore_errors=True)
    print('PASS: %s README install steps' % lang)


if __name__ == '__main__':
    main()
