#!/usr/bin/env python3
"""Build steps of the Java SDK that Meson's custom_target()s run (Meson has no SWIG/javac support).

  jbuild.py swig SWIG INTERFACE WRAP_C NATIV_DIR STAMP [swig args...]
  jbuild.py jar --javac JAVAC --jar JAR --out OUT.jar --classes DIR [--src DIR]... [--cp PATH]...
                [--native FILE=NAME]... [--main CLASS] [--version V] [--listed-from DIR]...
                SOURCE.java...
The SOURCEs are the files listed in meson.build (--listed-from: a .java file under DIR that is
not among them is an error, not a silently missing class); --src adds every .java under a
generated directory (SWIG's).  --native packs a library under native/linux-x86_64/NAME; --version writes
Implementation-Title/Version (meson.project_version()) into the manifest.  Why this and not
Meson's jar(): see meson.build.  Every failure exits non-zero.
"""
import argparse
import os
import shutil
import subprocess
import sys


def run(cmd):
    r = subprocess.run(cmd)
    if r.returncode != 0:
        sys.exit("jbuild: command failed (%d): %s" % (r.returncode, " ".join(cmd)))


def swig(argv):
    swig_exe, interface, wrap_c, nativ_dir, stamp = argv[:5]
    shutil.rmtree(nativ_dir, ignore_errors=True)
    os.makedirs(nativ_dir)
    run([swig_exe, "-java", "-package", "org.fwpkclnt.nativ", "-outdir", nativ_dir, "-o", wrap_c]
        + argv[5:] + [interface])
    with open(stamp, "w") as f:
        f.write("\n".join(sorted(os.listdir(nativ_dir))) + "\n")


def java_files(dirs):
    out = []
    for d in dirs:
        for root, _, files in os.walk(d):
            out += [os.path.join(root, f) for f in files if f.endswith(".java")]
    return sorted(out)


def jar(argv):
    p = argparse.ArgumentParser()
    for opt in ("--javac", "--jar", "--out", "--classes"):
        p.add_argument(opt, required=True)
    for opt in ("--src", "--cp", "--native", "--listed-from"):  # repeatable; see the docstring
        p.add_argument(opt, action="append", default=[])
    p.add_argument("--main")
    p.add_argument("--version")
    p.add_argument("sources", nargs="*")
    a = p.parse_args(argv)
    shutil.rmtree(a.classes, ignore_errors=True)
    os.makedirs(a.classes)
    listed = {os.path.realpath(f) for f in a.sources}
    for f in java_files(a.listed_from):
        if os.path.realpath(f) not in listed:
            sys.exit("jbuild: %s is not listed in bindings/java/meson.build (files())" % f)
    srcs = sorted(a.sources) + java_files(a.src)
    if not srcs:
        sys.exit("jbuild: no Java sources in %s" % a.src)
    cmd = [a.javac, "--release", "17", "-encoding", "UTF-8", "-Xlint:all", "-Xlint:-serial", "-Xlint:-try",
           "-d", a.classes]
    if a.cp:
        cmd += ["-cp", os.pathsep.join(a.cp)]
    run(cmd + srcs)
    for spec in a.native:
        path, name = spec.split("=", 1)
        dst = os.path.join(a.classes, "native", "linux-x86_64")
        os.makedirs(dst, exist_ok=True)
        shutil.copyfile(path, os.path.join(dst, name))
    tmp = a.out + ".tmp"
    cmd = [a.jar, "--create", "--file", tmp]
    if a.main:
        cmd += ["--main-class", a.main]
    if a.version:
        manifest = a.classes + ".MF"
        with open(manifest, "w", encoding="utf-8") as f:
            f.write("Implementation-Title: fwpkclnt\nImplementation-Version: %s\n" % a.version)
        cmd += ["--manifest", manifest]
    run(cmd + ["-C", a.classes, "."])
    os.replace(tmp, a.out)


if __name__ == "__main__":
    {"swig": swig, "jar": jar}[sys.argv[1]](sys.argv[2:])
