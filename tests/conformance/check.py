#!/usr/bin/env python3
"""Conformance checker for fwpkclnt (see FORMAT.md).

    check.py [--languages c,csharp,java,go] [--traces ROOT] [--trace LANG=DIR ...]
             [--raw ROOT --ops DIR [--schema S.json]]
             [--expected DIR] [--scenarios DIR] [--known-failures DIR] [--self-check-only]

0. Rendering (OPS.md): for each language with a raw-log directory ROOT/LANG,
   render.py writes its traces into the trace directory first (a language
   whose runner still writes traces itself has no raw directory).

1. Self-check: every scenarios/NAME.scn has expected/NAME.trace and the
   annotations (`-> ...`) of its calls agree with that file line by line.
2. For each language: its trace directory (ROOT/LANG unless --trace LANG=DIR)
   must exist and hold traces (missing or empty FAILS, never skips); every
   trace is compared with the expected one (unified diff on mismatch), honouring
   known_failures/LANG.txt: a listed scenario that fails is tolerated, a listed
   scenario that passes FAILS ("stale known failure"), a listed name that is no
   scenario FAILS.
3. Cross-language: the traces of every two languages must be identical, and
   so must their raw logs up to run-dependent values (render.compare_raw); a
   difference is tolerated only for a scenario known-failing in both languages
   of the pair (it is still printed).
Exit status 0 = all good.
"""
import argparse
import difflib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LANGS = ["c", "csharp", "java", "go"]
DECLS = {"cond", "filter", "ftmpl", "traffic", "getspi", "sa", "bundle", "details", "ctxval", "ctmpl", "sleep"}


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def annotations(scn_path):
    """Expected trace derived from the `->` annotations of a scenario."""
    out, problems = [], []
    n = 0
    for lineno, raw in enumerate(read(scn_path).split("\n"), 1):
        line = raw.rstrip("\r")
        toks = line.split()
        body, ann = [], None
        for i, t in enumerate(toks):
            if t.startswith("#"):
                break
            if t == "->":
                rest = toks[i + 1:]
                # annotation runs to a comment token or end of line
                cut = [j for j, x in enumerate(rest) if x.startswith("#")]
                ann = " ".join(rest[:cut[0]] if cut else rest)
                break
            body.append(t)
        if not body:
            continue
        i = 2 if (body[0].startswith("$") and len(body) > 1 and body[1] == "=") else 0
        if i >= len(body):
            problems.append("%s:%d: binding without a call" % (scn_path, lineno))
            continue
        verb = body[i]
        if verb in DECLS:
            if ann is not None:
                problems.append("%s:%d: annotation on a declaration" % (scn_path, lineno))
            continue
        n += 1
        if ann is None or ann == "":
            problems.append("%s:%d: call without '-> RESULT' annotation" % (scn_path, lineno))
            ann = "?"
        out.append("%d %s %s" % (n, verb, ann))
    return "".join(l + "\n" for l in out), problems


def read_known(path):
    names = []
    if not os.path.exists(path):
        return None
    for line in read(path).split("\n"):
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def udiff(a, b, an, bn):
    return "".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True), an, bn, n=2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--languages", default=",".join(LANGS),
                    help="comma list; the full run (meson) always uses all four")
    ap.add_argument("--traces", default=None, help="root holding one directory per language")
    ap.add_argument("--trace", action="append", default=[], help="LANG=DIR override")
    ap.add_argument("--expected", default=os.path.join(HERE, "expected"))
    ap.add_argument("--scenarios", default=os.path.join(HERE, "scenarios"))
    ap.add_argument("--known-failures", default=os.path.join(HERE, "known_failures"))
    ap.add_argument("--self-check-only", action="store_true")
    ap.add_argument("--write-expected", action="store_true",
                    help="(authoring aid) write expected/NAME.trace from the hand-written annotations")
    ap.add_argument("--raw", default=None, help="root holding one raw-log directory per language (OPS.md)")
    ap.add_argument("--ops", default=None, help="compiled ops directory (compile.py output)")
    ap.add_argument("--schema", default=None, help="schema JSON (default: read include/ now)")
    ap.add_argument("--quiet", action="store_true", help="no diffs for tolerated (known) failures")
    args = ap.parse_args()

    errors = []
    notes = []

    # ---- 1. self-check
    scen = sorted(f[:-4] for f in os.listdir(args.scenarios) if f.endswith(".scn"))
    if not scen:
        errors.append("no scenarios in %s" % args.scenarios)
    for name in scen:
        if not re.fullmatch(r"[a-z0-9_]+", name):
            errors.append("bad scenario name %r" % name)
    exp_names = sorted(f[:-6] for f in os.listdir(args.expected) if f.endswith(".trace"))
    for name in sorted(set(exp_names) - set(scen)):
        errors.append("expected/%s.trace has no scenario" % name)
    expected = {}
    for name in scen:
        derived, problems = annotations(os.path.join(args.scenarios, name + ".scn"))
        errors.extend(problems)
        ep = os.path.join(args.expected, name + ".trace")
        if args.write_expected and not problems:
            with open(ep, "w") as f:
                f.write(derived)
        if not os.path.exists(ep):
            errors.append("missing expected/%s.trace" % name)
            continue
        expected[name] = read(ep)
        if derived != expected[name]:
            errors.append("self-check: annotations of %s.scn disagree with expected/%s.trace:\n%s"
                          % (name, name, udiff(expected[name], derived, "expected/" + name + ".trace",
                                               "scenarios/" + name + ".scn annotations")))
    if args.self_check_only:
        for e in errors:
            print("FAIL:", e)
        print("self-check: %d scenarios, %s" % (len(scen), "FAILED" if errors else "ok"))
        return 1 if errors else 0

    # ---- 2. per language
    langs = [l for l in args.languages.split(",") if l]
    overrides = dict(x.split("=", 1) for x in args.trace)
    raw_dirs, renderer = {}, None
    if args.raw:
        if not args.ops:
            errors.append("--raw needs --ops")
        else:
            sys.path.insert(0, HERE)
            import render
            import tables
            renderer = render.Renderer(tables.load_schema(args.schema))
            for lang in langs:
                rd = os.path.join(args.raw, lang)
                if not os.path.isdir(rd):
                    continue
                raws = [f for f in os.listdir(rd) if f.endswith(".raw")]
                if not raws:
                    continue  # reported below as an empty trace directory
                raw_dirs[lang] = rd
                td = overrides.get(lang) or (os.path.join(args.traces, lang) if args.traces else None)
                if not td:
                    errors.append("%s: --traces is needed to render raw logs" % lang)
                    continue
                os.makedirs(td, exist_ok=True)
                for f in os.listdir(td):
                    if f.endswith(".trace"):
                        os.unlink(os.path.join(td, f))
                for name in scen:
                    rp = os.path.join(rd, name + ".raw")
                    op = os.path.join(args.ops, name + ".ops")
                    if not os.path.exists(rp) or not os.path.exists(op):
                        continue  # reported below as "no trace written"
                    try:
                        trace = renderer.render(read(op), read(rp))
                    except Exception as e:  # a malformed raw log is the runner's fault
                        errors.append("%s: %s: cannot render %s: %s: %s" % (lang, name, rp, type(e).__name__, e))
                        continue
                    with open(os.path.join(td, name + ".trace"), "w") as f:
                        f.write(trace)
    traces, known = {}, {}
    summary = []
    for lang in langs:
        d = overrides.get(lang) or (os.path.join(args.traces, lang) if args.traces else None)
        kn = read_known(os.path.join(args.known_failures, lang + ".txt"))
        if kn is None:
            errors.append("%s: missing known_failures/%s.txt" % (lang, lang))
            kn = []
        known[lang] = set(kn)
        for k in kn:
            if k not in scen:
                errors.append("%s: known_failures/%s.txt names unknown scenario %r" % (lang, lang, k))
        if not d or not os.path.isdir(d):
            errors.append("%s: trace directory %s is missing (the %s runner did not run)" % (lang, d, lang))
            summary.append((lang, "MISSING"))
            continue
        files = [f for f in os.listdir(d) if f.endswith(".trace")]
        if not files:
            errors.append("%s: trace directory %s is empty" % (lang, d))
            summary.append((lang, "EMPTY"))
            continue
        traces[lang] = {}
        npass = nfail = nknown = nstale = 0
        for name in scen:
            tp = os.path.join(d, name + ".trace")
            got = read(tp) if os.path.exists(tp) else None
            traces[lang][name] = got
            exp = expected.get(name)
            ok = got is not None and exp is not None and got == exp
            if name in known[lang]:
                if ok:
                    nstale += 1
                    errors.append("%s: stale known failure: %s now passes; remove it from known_failures/%s.txt"
                                  % (lang, name, lang))
                else:
                    nknown += 1
                    if not args.quiet and exp is not None:
                        notes.append("%s: %s fails as listed in known_failures/%s.txt:\n%s" % (
                            lang, name, lang, udiff(exp, got or "", "expected/%s.trace" % name,
                                                    "%s/%s.trace" % (lang, name)) if got is not None
                            else "  (no trace written)"))
            elif ok:
                npass += 1
            else:
                nfail += 1
                if got is None:
                    errors.append("%s: %s: no trace written (%s)" % (lang, name, tp))
                elif exp is not None:
                    errors.append("%s: %s: trace differs from expected:\n%s" % (
                        lang, name, udiff(exp, got, "expected/%s.trace" % name, "%s/%s.trace" % (lang, name))))
        extra = sorted(f[:-6] for f in files if f[:-6] not in scen)
        for x in extra:
            notes.append("%s: trace %s.trace has no scenario (ignored)" % (lang, x))
        summary.append((lang, "%d pass, %d fail, %d known-failing, %d stale" % (npass, nfail, nknown, nstale)))

    # ---- 3. cross-language
    have = [l for l in langs if l in traces]
    for i, a in enumerate(have):
        for b in have[i + 1:]:
            for name in scen:
                ta, tb = traces[a].get(name), traces[b].get(name)
                if ta is None or tb is None or ta == tb:
                    continue
                diff = udiff(ta, tb, "%s/%s.trace" % (a, name), "%s/%s.trace" % (b, name))
                if name in known[a] and name in known[b]:
                    notes.append("cross-language difference (known-failing in both) %s vs %s, %s:\n%s"
                                 % (a, b, name, diff))
                else:
                    errors.append("cross-language difference %s vs %s in %s:\n%s" % (a, b, name, diff))

    have_raw = [l for l in langs if l in raw_dirs]
    for i, a in enumerate(have_raw):
        for b in have_raw[i + 1:]:
            for name in scen:
                pa = os.path.join(raw_dirs[a], name + ".raw")
                pb = os.path.join(raw_dirs[b], name + ".raw")
                if not (os.path.exists(pa) and os.path.exists(pb)):
                    continue
                msg = render.compare_raw(renderer, read(os.path.join(args.ops, name + ".ops")), read(pa), read(pb))
                if msg is None:
                    continue
                if name in known[a] and name in known[b]:
                    notes.append("raw-log difference (known-failing in both) %s vs %s, %s: %s" % (a, b, name, msg))
                else:
                    errors.append("raw-log difference %s vs %s in %s: %s" % (a, b, name, msg))

    for n_ in notes:
        print("note:", n_)
    for e in errors:
        print("FAIL:", e)
    print("\nconformance summary (%d scenarios):" % len(scen))
    for lang, s in summary:
        print("  %-7s %s" % (lang, s))
    print("RESULT: %s (%d problem(s))" % ("FAIL" if errors else "PASS", len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
