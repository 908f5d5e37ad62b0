#!/usr/bin/env python3
"""Drives dotnet for the C# SDK from Meson; every output stays in the build dir.

    dotnet_build.py build --build-dir B --source-dir S --gen-dir G --version V
                          --lib LIBFWPKCLNT --glue LIBFWPKCLNT_CS --stamp STAMP
    dotnet_build.py test  --build-dir B --source-dir S       (dotnet test --no-build)
    dotnet_build.py run   --build-dir B PROJECT [ARGS...]    (dotnet B/bin/PROJECT/.../PROJECT.dll)

`build` copies the native libraries into B/native, builds fwpk.slnx (the SDK,
its xunit tests, the conformance runner and examples/csharp) offline from
/opt/nuget/packages, packs the NuGet package Fwpk.V.nupkg into B/nupkg (V is
meson.project_version(): a rebuilt release gets a new version, so a consumer's
NuGet cache cannot serve a stale copy under the same name) and checks that the
package carries the native libraries under runtimes/linux-x64/native.
A missing dotnet fails loudly.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import zipfile

CONFIG = 'Release'
TFM = 'net10.0'
NUGET_SOURCE = '/opt/nuget/packages'


def dotnet_env(build_dir, source_dir=None, gen_dir=None):
    env = dict(os.environ)
    env.update({
        'DOTNET_CLI_TELEMETRY_OPTOUT': '1',
        'DOTNET_NOLOGO': '1',
        'DOTNET_SKIP_FIRST_TIME_EXPERIENCE': '1',
        'DOTNET_GENERATE_ASPNET_CERTIFICATE': 'false',
        'DOTNET_CLI_HOME': os.path.join(build_dir, 'dotnet-home'),
        'NUGET_PACKAGES': os.path.join(build_dir, 'nuget-packages'),
        'NUGET_HTTP_CACHE_PATH': os.path.join(build_dir, 'nuget-http-cache'),
        'NUGET_PLUGINS_CACHE_PATH': os.path.join(build_dir, 'nuget-plugins-cache'),
        'DOTNET_CLI_USE_MSBUILD_SERVER': '0',
        'MSBUILDDISABLENODEREUSE': '1',
        'UseSharedCompilation': 'false',
        'FWPK_CS_BUILD_DIR': build_dir,
        'FwpkBuildDir': build_dir,
        'FwpkNativeDir': os.path.join(build_dir, 'native'),
    })
    if gen_dir:
        env['FwpkGenDir'] = gen_dir
    native = os.path.join(build_dir, 'native')
    env['LD_LIBRARY_PATH'] = native + (':' + env['LD_LIBRARY_PATH'] if env.get('LD_LIBRARY_PATH') else '')
    return env


def find_dotnet():
    d = shutil.which('dotnet')
    if not d:
        sys.exit('dotnet_build.py: dotnet (the .NET SDK) is required for the C# SDK and was not found')
    return d


def run(cmd, env, cwd=None):
    print('+ ' + ' '.join(cmd), flush=True)
    p = subprocess.run(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        sys.exit('dotnet_build.py: command failed with status %d: %s' % (p.returncode, ' '.join(cmd)))


def write_nuget_config(build_dir):
    path = os.path.join(build_dir, 'nuget.config')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n'
                '    <clear />\n    <add key="offline" value="%s" />\n  </packageSources>\n'
                '</configuration>\n' % NUGET_SOURCE)
    return path


def cmd_build(a):
    dotnet = find_dotnet()
    if not a.version:
        sys.exit('dotnet_build.py build: --version (meson.project_version()) is required')
    b = os.path.abspath(a.build_dir)
    native = os.path.join(b, 'native')
    os.makedirs(native, exist_ok=True)
    for src, names in ((a.lib, ['libfwpkclnt.so', 'libfwpkclnt.so.1']), (a.glue, ['libfwpkclnt_cs.so'])):
        for n in names:
            dst = os.path.join(native, n)
            if os.path.lexists(dst):
                os.remove(dst)
            shutil.copyfile(os.path.realpath(src), dst)
    env = dotnet_env(b, a.source_dir, os.path.abspath(a.gen_dir))
    cfg = write_nuget_config(b)
    common = ['-c', CONFIG, '-nodeReuse:false', '-p:UseSharedCompilation=false',
              '-p:RestoreConfigFile=' + cfg, '-p:RestoreIgnoreFailedSources=false',
              '-p:FwpkVersion=' + a.version]
    run([dotnet, 'build', os.path.join(a.source_dir, 'fwpk.slnx')] + common, env)
    nupkg_dir = os.path.join(b, 'nupkg')
    # One package in the folder: an older version left there would be what
    # `dotnet add package Fwpk` picks up if the new one failed to pack.
    if os.path.isdir(nupkg_dir):
        for old in glob.glob(os.path.join(nupkg_dir, 'Fwpk.*.nupkg')):
            os.remove(old)
    run([dotnet, 'pack', os.path.join(a.source_dir, 'Fwpk', 'Fwpk.csproj'), '--no-build', '--no-restore',
         '-o', nupkg_dir] + common, env)
    pkg = os.path.join(nupkg_dir, 'Fwpk.%s.nupkg' % a.version)
    if not os.path.isfile(pkg):
        sys.exit('dotnet_build.py: dotnet pack did not produce %s' % pkg)
    with zipfile.ZipFile(pkg) as z:
        names = set(z.namelist())
    for need in ('runtimes/linux-x64/native/libfwpkclnt.so', 'runtimes/linux-x64/native/libfwpkclnt.so.1',
                 'runtimes/linux-x64/native/libfwpkclnt_cs.so', 'lib/%s/Fwpk.dll' % TFM):
        if need not in names:
            sys.exit('dotnet_build.py: %s lacks %s' % (pkg, need))
    print('packed %s' % pkg)
    with open(a.stamp, 'w', encoding='utf-8') as f:
        f.write(pkg + '\n')


def cmd_test(a):
    dotnet = find_dotnet()
    b = os.path.abspath(a.build_dir)
    env = dotnet_env(b, a.source_dir, a.gen_dir and os.path.abspath(a.gen_dir))
    if a.golden:
        env['FWPK_GOLDEN_CORPUS'] = os.path.abspath(a.golden)
    run([dotnet, 'test', os.path.join(a.source_dir, 'Fwpk.Tests', 'Fwpk.Tests.csproj'), '--no-build',
         '-c', CONFIG, '-nodeReuse:false', '--logger', 'console;verbosity=normal'], env)


def cmd_run(a):
    dotnet = find_dotnet()
    b = os.path.abspath(a.build_dir)
    env = dotnet_env(b)
    if not a.project:
        sys.exit('dotnet_build.py run: PROJECT is required')
    dll = os.path.join(b, 'bin', a.project, CONFIG, TFM, a.project + '.dll')
    p = subprocess.run([dotnet, dll] + a.args, env=env, stdin=subprocess.DEVNULL)
    sys.exit(p.returncode)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('mode', choices=['build', 'test', 'run'])
    ap.add_argument('--build-dir', required=True)
    ap.add_argument('--source-dir')
    ap.add_argument('--gen-dir', help='the directory of the generated *.g.cs (emit_csharp.py)')
    ap.add_argument('--golden', help='the golden corpus (tests/golden) for the test run')
    ap.add_argument('--lib')
    ap.add_argument('--glue')
    ap.add_argument('--stamp')
    ap.add_argument('--version', help='the package version: meson.project_version()')
    a, rest = ap.parse_known_args()
    a.project = rest[0] if rest else None
    a.args = rest[1:]
    {'build': cmd_build, 'test': cmd_test, 'run': cmd_run}[a.mode](a)


if __name__ == '__main__':
    main()
