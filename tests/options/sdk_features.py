#!/usr/bin/env python3
"""The SDK feature options (meson_options.txt), configured for real.

    sdk_features.py SOURCE_DIR MESON

Each case runs `meson setup` of SOURCE_DIR into a fresh temporary directory
with a PATH from which one SDK's toolchain is removed (a directory of symlinks
to everything else on PATH):

  * -D<lang>=enabled without its toolchain fails the configure and says what
    is missing (never a silently absent SDK);
  * a plain `meson setup` (every SDK `auto`) without any SDK toolchain
    succeeds, configures no SDK test, and conformance-check expects C alone;
  * the deprecated -Dbindings=false with -D<lang>=enabled is refused.
Exits 1 on the first case that does not hold.
"""
import json
import os
import subprocess
import sys
import tempfile

SRC, MESON = sys.argv[1], sys.argv[2]
TOOLS = {'csharp': ['dotnet'], 'java': ['javac', 'java', 'jar'], 'go': ['go']}
TMP = tempfile.TemporaryDirectory(prefix='fwpk-sdk-features-')  # removed at exit
ALL_OFF = ['-Dcsharp=disabled', '-Djava=disabled', '-Dgo=disabled', '-Dabi_checks=false']


def path_without(hidden, root):
    farm = os.path.join(root, 'bin')
    os.makedirs(farm)
    for d in os.environ.get('PATH', '').split(os.pathsep):
        if not os.path.isdir(d):
            continue
        for n in os.listdir(d):
            p, dst = os.path.join(d, n), os.path.join(farm, n)
            if n in hidden or os.path.lexists(dst) or os.path.isdir(p) or not os.access(p, os.X_OK):
                continue
            os.symlink(p, dst)
    return farm


def setup(hidden, options):
    root = tempfile.mkdtemp(dir=TMP.name)
    env = dict(os.environ, PATH=path_without(hidden, root))
    for k in ('JAVA_HOME', 'JAVAC'):
        env.pop(k, None)
    build = os.path.join(root, 'build')
    r = subprocess.run([MESON, 'setup', build, SRC] + options, env=env, cwd=root,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout, build


failures = []


def check(name, ok, detail=''):
    print(('ok   ' if ok else 'FAIL ') + name)
    if not ok:
        print(detail[-3000:])
        failures.append(name)


for lang, tools in TOOLS.items():
    opts = [o for o in ALL_OFF if not o.startswith('-D%s=' % lang)] + ['-D%s=enabled' % lang]
    rc, out, _ = setup(tools, opts)
    want = 'Feature %s cannot be enabled' % lang
    check('-D%s=enabled without %s fails the configure, naming it' % (lang, '/'.join(tools)),
          rc != 0 and want in out and tools[0] in out.split(want, 1)[-1], out)

rc, out, build = setup([t for ts in TOOLS.values() for t in ts], [])
ok = rc == 0
tests = []
if ok:
    r = subprocess.run([MESON, 'introspect', '--tests', build], stdout=subprocess.PIPE, text=True)
    ok = r.returncode == 0
    tests = json.loads(r.stdout) if ok else []
names = {t['name'] for t in tests}
check('plain meson setup without dotnet, a JDK or go succeeds', ok, out)
check('... and configures no SDK test',
      ok and not names & {'csharp', 'java', 'go', 'conformance-csharp', 'conformance-java', 'conformance-go'},
      out + '\n' + ' '.join(sorted(names)))
check_cmd = next((t['cmd'] for t in tests if t['name'] == 'conformance-check'), [])
check('... and conformance-check expects the C trace alone',
      '--languages' in check_cmd and check_cmd[check_cmd.index('--languages') + 1] == 'c', ' '.join(check_cmd))

rc, out, _ = setup([], ['-Dbindings=false', '-Dgo=enabled', '-Dcsharp=disabled', '-Djava=disabled',
                        '-Dabi_checks=false'])
check('-Dbindings=false (deprecated) with -Dgo=enabled is refused',
      rc != 0 and 'contradicts' in out, out)

print('%d failed' % len(failures))
sys.exit(1 if failures else 0)
