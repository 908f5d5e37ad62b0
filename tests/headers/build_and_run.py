#!/usr/bin/env python3
"""Build a small program against include/ and libfwpkclnt.so with each compiler
given, as C11 or C++17 under -Wall -Wextra -Wpedantic -Werror -O2, and run it.

  build_and_run.py --include DIR --lib LIBFILE --workdir DIR --sources A.c [B.c ...]
                   --compiler c=gcc --compiler c++=g++ --compiler c=clang ...

Every compiler/language variant must compile without a diagnostic, link and
exit 0; a missing compiler fails (nothing is skipped).  With --sanitize the
programs are built with the library's sanitizers (meson passes only its own
C/C++ compilers then: gcc's and clang's ASan runtimes cannot share a process).  C++ variants compile
the same .c files with -x c++, as Windows code is often built both ways.
"""
import argparse
import os
import shutil
import subprocess
import sys

FLAGS = {
    'c': ['-std=c11', '-Wall', '-Wextra', '-Wpedantic', '-Werror', '-O2'],
    'c++': ['-x', 'c++', '-std=c++17', '-Wall', '-Wextra', '-Wpedantic', '-Werror', '-O2'],
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--include', required=True)
    ap.add_argument('--lib', required=True, help='path of the built libfwpkclnt.so')
    ap.add_argument('--sanitize', default='none', help="meson's b_sanitize: build the programs the same way")
    ap.add_argument('--workdir', required=True)
    ap.add_argument('--sources', nargs='+', required=True)
    ap.add_argument('--compiler', action='append', required=True, help='LANG=COMMAND (LANG: c or c++)')
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    libdir = os.path.dirname(os.path.abspath(args.lib))
    extra = [] if args.sanitize in ('', 'none') else ['-fsanitize=' + args.sanitize]
    failures = 0
    for spec in args.compiler:
        lang, _, cmd = spec.partition('=')
        words = cmd.split()
        if lang not in FLAGS or not words:
            sys.exit('bad --compiler %r' % spec)
        if shutil.which(words[0]) is None:
            print('FAIL: compiler %r not found (this test never skips)' % words[0])
            failures += 1
            continue
        tag = '%s-%s' % (os.path.basename(words[-1]), lang)
        exe = os.path.join(args.workdir, 'prog-' + tag)
        build = (words + FLAGS[lang] + extra + ['-I', args.include] + args.sources +
                 ['-x', 'none', '-L', libdir, '-lfwpkclnt', '-Wl,-rpath,' + libdir, '-o', exe])
        p = subprocess.run(build, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode or p.stdout.strip():
            print('FAIL [%s] build (%s):\n%s' % (tag, ' '.join(build), p.stdout))
            failures += 1
            continue
        r = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
        sys.stdout.write(''.join('[%s] %s\n' % (tag, l) for l in r.stdout.splitlines()))
        if r.returncode:
            print('FAIL [%s] run: exit status %d' % (tag, r.returncode))
            failures += 1
        else:
            print('ok [%s]' % tag)
    print('%d variant(s), %d failed' % (len(args.compiler), failures))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
