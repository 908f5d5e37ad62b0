#!/usr/bin/env python3
"""Drives the Go SDK for Meson (Meson has no Go support).

  gobuild.py MODE --src <repo root> --build <meson build root> --go <go> [--swig <swig>] [--stamp F] [args...]

MODE
  build    stage the module into <build>/bindings/go/stage (mirroring the repo
           layout: bindings/go, bindings/common -- the page codec that package
           fwpk compiles in -- and examples/go), generate internal/raw with
           swig, `go vet` + `go build` everything, write the stamp.
  test     go test ./... in the staged module (suite 'go').
  example  run the staged example (suite 'examples').
  runner   run the conformance runner: runner <scenario-dir> <trace-dir>.
  bench    run the example in bench mode.

All Go state (GOCACHE, GOPATH, module cache) stays inside the build dir;
GOPROXY=off and GOFLAGS=-mod=mod: no network.  A missing toolchain fails.
"""
import argparse, os, shutil, subprocess, sys


def env_for(a):
    stage = os.path.join(a.build, 'bindings', 'go', 'stage')
    gohome = os.path.join(a.build, 'bindings', 'go', 'gohome')
    e = dict(os.environ)
    # Build the way a user does (bindings/go/README.md): pkg-config alone
    # finds the headers, the library and (rpath in the uninstalled .pc) the
    # library at run time.  Flags or a library path inherited from the caller
    # would hide a package that lacks `#cgo pkg-config: fwpkclnt`.
    for k in ('CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_LDFLAGS', 'LD_LIBRARY_PATH'):
        e.pop(k, None)
    pc = os.path.join(a.build, 'meson-uninstalled')
    e.update({
        'GOCACHE': os.path.join(gohome, 'cache'),
        'GOPATH': os.path.join(gohome, 'path'),
        'GOMODCACHE': os.path.join(gohome, 'path', 'pkg', 'mod'),
        'GOFLAGS': '-mod=mod',
        'GOPROXY': 'off',
        'GOSUMDB': 'off',
        'GOTOOLCHAIN': 'local',
        'GO111MODULE': 'on',
        'CGO_ENABLED': '1',
        'PKG_CONFIG_PATH': pc + (os.pathsep + e['PKG_CONFIG_PATH'] if e.get('PKG_CONFIG_PATH') else ''),
    })
    return stage, e


def run(cmd, cwd, env):
    print('+', ' '.join(cmd), flush=True)
    r = subprocess.run(cmd, cwd=cwd, env=env)
    if r.returncode != 0:
        sys.exit(r.returncode)


def copytree(src, dst, skip=(), exts=('.go', '.mod', '.md')):
    for root, dirs, files in os.walk(src):
        rel = os.path.relpath(root, src)
        dirs[:] = [d for d in dirs if not d.startswith('.')]
        out = os.path.normpath(os.path.join(dst, rel))
        os.makedirs(out, exist_ok=True)
        for f in files:
            if f.endswith(exts) and f not in skip:
                sp, dp = os.path.join(root, f), os.path.join(out, f)
                with open(sp, 'rb') as i:
                    data = i.read()
                if not os.path.exists(dp) or open(dp, 'rb').read() != data:
                    with open(dp, 'wb') as o:
                        o.write(data)


def stage_module(a, stage, env):
    mod = os.path.join(stage, 'bindings', 'go')
    ex = os.path.join(stage, 'examples', 'go')
    copytree(os.path.join(a.src, 'bindings', 'go'), mod)
    # The page codec: pages.go #includes ../common/fwpk_pages.c.
    copytree(os.path.join(a.src, 'bindings', 'common'), os.path.join(stage, 'bindings', 'common'),
             exts=('.c', '.h', '.md'))
    copytree(os.path.join(a.src, 'examples', 'go'), ex)
    rawdir = os.path.join(mod, 'internal', 'raw')
    os.makedirs(rawdir, exist_ok=True)
    run([a.swig, '-go', '-cgo', '-intgosize', '64', '-package', 'raw',
         '-I' + os.path.join(a.src, 'include'), '-I' + os.path.join(a.src, 'bindings'),
         '-outdir', rawdir, '-o', os.path.join(rawdir, 'fwpk_wrap.c'),
         os.path.join(a.src, 'bindings', 'go', 'fwpk_go.i')], stage, env)
    return mod, ex


def main():
    p = argparse.ArgumentParser()
    p.add_argument('mode')
    p.add_argument('--src', required=True)
    p.add_argument('--build', required=True)
    p.add_argument('--go', required=True)
    p.add_argument('--swig')
    p.add_argument('--stamp')
    argv = sys.argv[1:]
    extra = []
    if '--' in argv:
        i = argv.index('--')
        argv, extra = argv[:i], argv[i + 1:]
    a = p.parse_args(argv)
    a.rest = extra
    stage, env = env_for(a)
    env['PATH'] = os.path.dirname(a.go) + os.pathsep + env.get('PATH', '')
    mod = os.path.join(stage, 'bindings', 'go')
    ex = os.path.join(stage, 'examples', 'go')
    if a.mode == 'build':
        if not a.swig:
            sys.exit('gobuild.py: --swig is required for build')
        mod, ex = stage_module(a, stage, env)
        run([a.go, 'vet', '.', './cmd/...'], mod, env)
        run([a.go, 'build', './...'], mod, env)
        os.makedirs(os.path.join(stage, 'bin'), exist_ok=True)
        run([a.go, 'build', '-o', os.path.join(stage, 'bin', 'fwpk-conformance'), './cmd/fwpk-conformance'], mod, env)
        run([a.go, 'vet', '.'], ex, env)
        run([a.go, 'build', '-o', os.path.join(stage, 'bin', 'manual_keying'), '.'], ex, env)
        with open(a.stamp, 'w') as f:
            f.write('ok\n')
    elif a.mode == 'test':
        run([a.go, 'test', '-count=1', '-timeout', '300s'] + a.rest + ['./...'], mod, env)
    elif a.mode == 'example':
        run([os.path.join(stage, 'bin', 'manual_keying')] + a.rest, ex, env)
    elif a.mode == 'runner':
        run([os.path.join(stage, 'bin', 'fwpk-conformance')] + a.rest, mod, env)
    elif a.mode == 'bench':
        run([os.path.join(stage, 'bin', 'manual_keying'), 'bench'] + a.rest, ex, env)
    else:
        sys.exit('gobuild.py: unknown mode ' + a.mode)


if __name__ == '__main__':
    main()
