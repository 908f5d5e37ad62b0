#!/usr/bin/env python3
"""Source compatibility with the reference's own code samples.

Every C/C++ code block of the reference (REFERENCE/wfp/**/*.md, fenced as c,
cpp or C++) is extracted at test time — Microsoft's code never enters this
repository — and named PAGE#INDEX, PAGE being the page's path under wfp/
without .md and INDEX the 0-based position of the block among the page's
C/C++ blocks (e.g. functions/nf-fwpmk-fwpmfilteradd0#0).

A sample's *functions* are the API functions it names (Fwpm*/Fwps*/IPsec*/
Ikeext* identifiers ending in a version digit); a block that names none (a
callback prototype, say) stands for the function its page documents (front
matter api_name).  A sample is *runnable* when libfwpkclnt.so exports all of
its functions.

  * runnable and not in waiting.txt: it is compiled unchanged, as C11 and as
    C++17, by every compiler given, with -Wall -Wextra -Werror, linked against
    the library and run; it must exit 0 and every API call it makes must
    return STATUS_SUCCESS or the status expected.txt records for it;
  * listed in waiting.txt: it must NOT be runnable — once all its functions
    exist the test fails until the line is removed (so it starts being run);
  * neither: the test fails (a new sample must be run or listed).

How a sample is wrapped (the only changes; the sample's text is otherwise
compiled byte for byte):
  1. `#include` lines of Windows-only headers (windows.h, fwpmu.h, winsock2.h,
     ...) become one `#include <fwpmk.h>`, and those of Winsock headers one
     `#include <fwpk_winsock.h>` too; other includes stay.  Lines
     `#pragma comment(lib, ...)` (MSVC's way to name a link library; ours is
     -lfwpkclnt on the command line) are dropped.
  2. A prelude is put in front: <fwpmk.h>, <stdio.h>, <stdlib.h>, <string.h>
     (a fragment's page assumes a Windows program, whose headers bring the C
     library in), and for each NTSTATUS-returning API function the sample
     calls, a function-like macro of the same name that calls the real
     function and records `NAME -> STATUS` on stdout (a macro does not expand
     inside itself, so the call reaches the library unchanged).
  3. Shape:
     - a *fragment* (no function definition at file scope) becomes the body of
       `static void fwpk_sample_body(HANDLE engineHandle)`; if it uses `result`
       without declaring it, `DWORD result = ERROR_SUCCESS;` is declared first
       (the type Windows samples give it).  The generated main opens an engine
       session with FwpmEngineOpen0, passes it in, and closes it;
     - a *program* (defines main/wmain) has main renamed by `#define main
       fwpk_sample_main` before it, and the generated main calls it;
     - a sample that only defines other functions, or only declares one (a
       callback prototype), needs a driver,
       drivers/<PAGE with / as __>_<INDEX>.c, written here (our code), which
       calls them; without one the test fails.
  4. Compiler flags beyond -Wall -Wextra -Werror: only those in DIALECT (what
     MSVC accepts by default and the samples rely on) and, per sample, those
     recorded in flags.txt with the reason.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LANGS = {'c', 'cpp', 'c++'}
# Winsock headers: they become <fwpk_winsock.h> (the socket-address names) besides <fwpmk.h>.
SOCKET_HEADERS = {'winsock2.h', 'ws2ipdef.h', 'ws2tcpip.h', 'mstcpip.h'}
WINDOWS_HEADERS = {'windows.h', 'winsock2.h', 'ws2ipdef.h', 'ws2tcpip.h', 'mstcpip.h', 'fwpmu.h',
                   'fwpmk.h', 'fwpsk.h', 'fwpmtypes.h', 'fwptypes.h', 'ipsectypes.h', 'iketypes.h',
                   'ntddk.h', 'wdm.h', 'ntifs.h', 'guiddef.h', 'initguid.h', 'rpc.h', 'winerror.h'}
API_FUNC = re.compile(r'\b((?:Fwpm|Fwps|IPsec|Ikeext)[A-Za-z]+\d)\b')
# MSVC (default /Zc:strictStrings-) lets a string literal initialise a non-const
# wchar_t*, and the SDK declares e.g. FWPM_DISPLAY_DATA0.name as wchar_t*.
DIALECT = {('gcc', 'c++'): ['-Wno-write-strings'], ('clang', 'c++'): ['-Wno-writable-strings']}
LANG_FLAGS = {'c': ['-x', 'c', '-std=c11'], 'c++': ['-x', 'c++', '-std=c++17']}
COMMON = ['-Wall', '-Wextra', '-Werror', '-O2']


def fail(msg):
    print('FAIL: ' + msg)
    sys.exit(1)


def extract(reference):
    """[(name, page_path, code)] for every C/C++ block, in page order."""
    wfp = os.path.join(reference, 'wfp')
    if not os.path.isdir(wfp):
        fail('reference not found at %s (CI keeps shared/ beside the clone; this test never skips)'
             % wfp)
    samples = []
    for path in sorted(glob.glob(os.path.join(wfp, '**', '*.md'), recursive=True)):
        page = os.path.relpath(path, wfp)[:-3]
        lines = open(path, encoding='utf-8').read().split('\n')
        index, i = 0, 0
        while i < len(lines):
            m = re.match(r'^\s*```\s*([A-Za-z+]*)\s*$', lines[i])
            if not m:
                i += 1
                continue
            j = i + 1
            while j < len(lines) and not re.match(r'^\s*```\s*$', lines[j]):
                j += 1
            if m.group(1).lower() in LANGS:
                samples.append(('%s#%d' % (page, index), path, '\n'.join(lines[i + 1:j]) + '\n'))
                index += 1
            i = j + 1
    return samples


def page_functions(path):
    text = open(path, encoding='utf-8').read()
    m = re.search(r'^api_name:\s*\n((?:\s+-\s*\S+\s*\n)+)', text, re.M)
    return re.findall(r'-\s*(\S+)', m.group(1)) if m else []


def strip_comments_strings(code):
    code = re.sub(r'/\*.*?\*/', ' ', code, flags=re.S)
    code = re.sub(r'//[^\n]*', ' ', code)
    return re.sub(r'L?"(?:\\.|[^"\\])*"', '""', code)


def file_scope_prototypes(code):
    """Names of functions only declared at file scope: a statement of type
    words, a name and a parameter list, with no '=' and no body (a call
    statement has no type words before the name)."""
    text = strip_comments_strings(code)
    text = '\n'.join('' if l.lstrip().startswith('#') else l for l in text.split('\n'))
    if '{' in text:
        return []
    names = []
    for stmt in text.split(';'):
        if '=' in stmt:
            continue
        m = re.fullmatch(r'\s*(?:[A-Za-z_]\w*\s+)+\**\s*(\w+)\s*\([^()]*\)\s*', stmt, re.S)
        words = stmt.split()
        if m and not set(words[:-1]) & {'return', 'else', 'if', 'case', 'goto'}:
            names.append(m.group(1))
    return names


def file_scope_functions(code):
    """Names of functions defined at file scope (a '{' at depth 0 right after ')')."""
    text = strip_comments_strings(code)
    text = '\n'.join('' if l.lstrip().startswith('#') else l for l in text.split('\n'))
    names, depth = [], 0
    for i, ch in enumerate(text):
        if ch == '{':
            if depth == 0:
                before = text[:i].rstrip()
                if before.endswith(')'):
                    # walk back to the matching '('
                    d, k = 0, len(before) - 1
                    while k >= 0:
                        if before[k] == ')':
                            d += 1
                        elif before[k] == '(':
                            d -= 1
                            if d == 0:
                                break
                        k -= 1
                    m = re.search(r'(\w+)\s*$', before[:k])
                    if m and m.group(1) not in ('if', 'while', 'for', 'switch'):
                        names.append(m.group(1))
            depth += 1
        elif ch == '}':
            depth -= 1
    return names


def exported_functions(lib):
    if shutil.which('nm') is None:
        fail('nm not found (this test never skips)')
    p = subprocess.run(['nm', '-D', '--defined-only', lib], stdout=subprocess.PIPE, text=True)
    if p.returncode:
        fail('nm -D %s failed' % lib)
    return {l.split()[-1].split('@')[0] for l in p.stdout.splitlines() if len(l.split()) >= 3}


TABLES = HERE


def load_table(name, ncols):
    """{sample: [[fields after the name]]} from a table file: 'SAMPLE FIELD... | reason'
    lines (the reason is required), '#' comment lines.  With ncols None, any number of
    fields (at least one)."""
    rows = {}
    for n, line in enumerate(open(os.path.join(TABLES, name), encoding='utf-8'), 1):
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        fields, bar, reason = line.partition('|')
        parts = fields.split()
        if not bar or not reason.strip():
            fail('%s:%d: every line needs "| reason": %r' % (name, n, line.rstrip()))
        if (ncols is not None and len(parts) != ncols) or (ncols is None and len(parts) < 2):
            fail('%s:%d: expected %s fields before "|": %r' % (name, n, ncols or '2 or more', line.rstrip()))
        rows.setdefault(parts[0], []).append(parts[1:])
    return rows


def ntstatus_functions(include):
    sys.path.insert(0, os.path.join(HERE, '..', 'abi'))
    import hdrparse
    return {name for name, _, ret, _ in hdrparse.parse_functions(include) if ret == 'NTSTATUS'}


def wrap(name, code, functions, traced):
    """The translation unit for one runnable sample (see the module doc)."""
    out_lines, swapped, sockets = [], False, False
    for line in code.split('\n'):
        m = re.match(r'\s*#\s*include\s*[<"]([^>"]+)[>"]', line)
        if m and m.group(1).lower() in WINDOWS_HEADERS:
            out_lines.append('' if swapped else '#include <fwpmk.h>')
            swapped = True
            if m.group(1).lower() in SOCKET_HEADERS and not sockets:
                out_lines.append('#include <fwpk_winsock.h>')
                sockets = True
            continue
        if re.match(r'\s*#\s*pragma\s+comment\s*\(\s*lib\b', line):
            out_lines.append('')
            continue
        out_lines.append(line)
    body = '\n'.join(out_lines)
    defined = file_scope_functions(code) + file_scope_prototypes(code)
    driver = os.path.join(HERE, 'drivers', name.replace('/', '__').replace('#', '_') + '.c')
    driver_text = open(driver).read() if defined and os.path.isfile(driver) else ''
    # traced: the API functions the sample (or its driver) calls
    called = sorted(f for f in set(functions) | set(API_FUNC.findall(strip_comments_strings(driver_text)))
                    if f in traced and re.search(r'\b%s\s*\(' % f, code + driver_text))
    pre = ['/* generated by tests/samples/run_samples.py from the reference sample %s */' % name,
           '#include <fwpmk.h>', '#include <stdio.h>', '#include <stdlib.h>', '#include <string.h>']
    if called:
        pre += ['static inline NTSTATUS fwpk_sample_trace(const char *fn, NTSTATUS st)',
                '{',
                '    const char *s = FwpkStatusName(st);',
                '    if (s) printf("FWPK-CALL %s -> %s\\n", fn, s);',
                '    else printf("FWPK-CALL %s -> 0x%08X\\n", fn, (unsigned)st);',
                '    return st;',
                '}']
        pre += ['#define %s(...) fwpk_sample_trace("%s", (%s)(__VA_ARGS__))' % (f, f, f) for f in called]
    clean = strip_comments_strings(code)
    if any(d in ('main', 'wmain', '_tmain') for d in defined):
        entry = [d for d in defined if d in ('main', 'wmain', '_tmain')][0]
        pre.append('#define %s fwpk_sample_main' % entry)
        post = ['#undef %s' % entry, 'int main(void)', '{', '    fwpk_sample_main();',
                '    return 0;', '}']
        return '\n'.join(pre) + '\n#line 1 "%s"\n' % name + body + '\n' + '\n'.join(post) + '\n'
    if defined:
        if not driver_text:
            return None
        return ('\n'.join(pre) + '\n#line 1 "%s"\n' % name + body +
                '\n#line 1 "%s"\n' % os.path.basename(driver) + driver_text)
    head = ['static void fwpk_sample_body(HANDLE engineHandle)', '{']
    if re.search(r'\bresult\b', clean) and not re.search(r'\b(?!return\b)\w+\s+result\s*[;=]', clean):
        head += ['    DWORD result = ERROR_SUCCESS;']
    if not re.search(r'\bengineHandle\b', clean):
        head += ['    (void)engineHandle;']
    post = ['}', 'int main(void)', '{', '    HANDLE engineHandle = NULL;',
            '    NTSTATUS st = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &engineHandle);',
            '    if (!NT_SUCCESS(st)) { printf("FwpmEngineOpen0 failed\\n"); return 1; }',
            '    fwpk_sample_body(engineHandle);',
            '    return NT_SUCCESS(FwpmEngineClose0(engineHandle)) ? 0 : 1;', '}']
    return ('\n'.join(pre + head) + '\n#line 1 "%s"\n' % name + body + '\n' + '\n'.join(post) + '\n')


def compiler_family(words):
    p = subprocess.run(words + ['--version'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return 'clang' if 'clang' in p.stdout.lower() else 'gcc'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--reference', required=True)
    ap.add_argument('--include', required=True)
    ap.add_argument('--lib', required=True)
    ap.add_argument('--workdir', required=True)
    ap.add_argument('--sanitize', default='none')
    ap.add_argument('--compiler', action='append', required=True, help='LANG=COMMAND (c or c++)')
    ap.add_argument('--tables', default=HERE,
                    help='self-test only: directory of waiting.txt / expected.txt / flags.txt')
    ap.add_argument('--pretend-exported', action='append', default=[],
                    help='self-test only: treat this function as exported by the library')
    args = ap.parse_args()
    global TABLES
    TABLES = args.tables
    os.makedirs(args.workdir, exist_ok=True)
    libdir = os.path.dirname(os.path.abspath(args.lib))
    sanitize = [] if args.sanitize in ('', 'none') else ['-fsanitize=' + args.sanitize]

    samples = extract(args.reference)
    if not samples:
        fail('no C/C++ code block found under %s/wfp: has the reference changed shape?' % args.reference)
    waiting = load_table('waiting.txt', 1)    # SAMPLE | what it waits for
    expected = load_table('expected.txt', 4)   # SAMPLE FUNCTION -> STATUS | reason
    flags = load_table('flags.txt', None)      # SAMPLE gcc|clang FLAG... | reason
    exported = exported_functions(args.lib) | set(args.pretend_exported)
    traced = ntstatus_functions(args.include)
    names = {s[0] for s in samples}
    errors = []
    for table, tname in ((waiting, 'waiting.txt'), (expected, 'expected.txt'), (flags, 'flags.txt')):
        for n in sorted(set(table) - names):
            errors.append('%s names %s, which is not a sample of the reference' % (tname, n))

    compilers = []
    for spec in args.compiler:
        lang, _, cmd = spec.partition('=')
        words = cmd.split()
        if lang not in LANG_FLAGS or not words:
            fail('bad --compiler %r' % spec)
        if shutil.which(words[0]) is None:
            fail('compiler %r not found (this test never skips)' % words[0])
        compilers.append((lang, words, compiler_family(words)))

    ran = 0
    for name, path, code in samples:
        funcs = sorted(set(API_FUNC.findall(strip_comments_strings(code))))
        if not funcs:
            funcs = page_functions(path)
        missing = [f for f in funcs if f not in exported]
        if missing:
            if name in waiting:
                print('waiting  %s (needs %s)' % (name, ', '.join(missing)))
            else:
                errors.append('%s needs %s, which the library lacks: list it in tests/samples/waiting.txt'
                              % (name, ', '.join(missing)))
            continue
        if name in waiting:
            errors.append('%s is listed in waiting.txt but every function it needs (%s) now exists: '
                          'remove the line so it is compiled and run' % (name, ', '.join(funcs) or 'none'))
            continue
        src = wrap(name, code, funcs, traced)
        if src is None:
            errors.append('%s defines functions but has no driver in tests/samples/drivers/' % name)
            continue
        stem = re.sub(r'[^A-Za-z0-9]+', '_', name)
        src_path = os.path.join(args.workdir, stem + '.c')
        open(src_path, 'w').write(src)
        allowed = {}
        for fn, arrow, st in expected.get(name, []):
            if arrow != '->':
                errors.append('expected.txt: bad line for %s' % name)
            allowed.setdefault(fn, set()).add(st)
        extra = {}
        for row in flags.get(name, []):
            if row[0] not in ('gcc', 'clang'):
                errors.append('flags.txt: %s: compiler family must be gcc or clang, not %r' % (name, row[0]))
            extra.setdefault(row[0], []).extend(row[1:])
        for lang, words, family in compilers:
            tag = '%s %s (%s)' % (name, lang, os.path.basename(words[-1]))
            exe = os.path.join(args.workdir, '%s-%s-%s' % (stem, lang.replace('+', 'x'), family))
            cmd = (words + LANG_FLAGS[lang] + COMMON + DIALECT.get((family, lang), []) + extra.get(family, []) +
                   sanitize + ['-I', args.include, src_path, '-x', 'none', '-L', libdir, '-lfwpkclnt',
                               '-Wl,-rpath,' + libdir, '-o', exe])
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if p.returncode or p.stdout.strip():
                errors.append('%s does not compile cleanly (%s):\n%s' % (tag, ' '.join(cmd), p.stdout))
                continue
            r = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=60)
            calls = re.findall(r'^FWPK-CALL (\S+) -> (\S+)$', r.stdout, re.M)
            bad = [(f, s) for f, s in calls if s != 'STATUS_SUCCESS' and s not in allowed.get(f, ())]
            unseen = [f for f in allowed if f not in {c[0] for c in calls}]
            if r.returncode:
                errors.append('%s: exit status %d\n%s' % (tag, r.returncode, r.stdout))
            elif funcs and not calls:
                errors.append('%s: ran but made no API call\n%s' % (tag, r.stdout))
            elif bad:
                errors.append('%s: unexpected status %s\n%s' % (tag, ', '.join('%s -> %s' % b for b in bad),
                                                               r.stdout))
            elif unseen:
                errors.append('%s: expected.txt lists %s, never called' % (tag, ', '.join(unseen)))
            else:
                ran += 1
                print('ran      %s: %s' % (tag, ', '.join('%s -> %s' % c for c in calls) or 'no API call'))
    for e in errors:
        print('FAIL: ' + e)
    print('%d sample(s) in the reference, %d waiting, %d compiled and ran (%d build variants each), '
          '%d error(s)' % (len(samples), len(waiting), ran // max(len(compilers), 1), len(compilers),
                           len(errors)))
    sys.exit(1 if errors else 0)


if __name__ == '__main__':
    main()
