#!/usr/bin/env bash
# pkg-config tests.
#   pkgconfig_test.sh uninstalled BUILD_ROOT PROBE.c CC...
#       PKG_CONFIG_PATH=BUILD_ROOT/meson-uninstalled: build PROBE.c with nothing but
#       `pkg-config --cflags --libs fwpkclnt`, run it against the build tree.
#   pkgconfig_test.sh installed BUILD_ROOT PROBE.c MESON CC...
#       `meson install --destdir TMP` (runtime+devel only), then the same against the
#       installed fwpkclnt.pc with PKG_CONFIG_SYSROOT_DIR=TMP.
# Any missing tool fails the test.
set -u
mode=$1 build=$2 probe=$3
shift 3
fail() { echo "FAIL: $*"; exit 1; }
command -v pkg-config >/dev/null 2>&1 || fail "pkg-config not found"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case $mode in
uninstalled)
    cc=("$@")
    export PKG_CONFIG_PATH=$build/meson-uninstalled
    unset PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
    [ -f "$PKG_CONFIG_PATH/fwpkclnt-uninstalled.pc" ] || fail "no $PKG_CONFIG_PATH/fwpkclnt-uninstalled.pc"
    ;;
installed)
    meson=$1; shift
    cc=("$@")
    dest=$tmp/dest
    "$meson" install -C "$build" --destdir "$dest" --no-rebuild --quiet --tags runtime,devel \
        >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "meson install --destdir failed"; }
    pc=$(find "$dest" -name fwpkclnt.pc | head -n 1)
    [ -n "$pc" ] || fail "meson install did not install fwpkclnt.pc"
    find "$dest" -name fwpmk.h | grep -q . || fail "meson install did not install fwpmk.h"
    export PKG_CONFIG_LIBDIR=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$dest
    unset PKG_CONFIG_PATH
    ;;
*) fail "unknown mode $mode" ;;
esac

cflags=$(pkg-config --cflags fwpkclnt) || fail "pkg-config --cflags fwpkclnt failed"
libs=$(pkg-config --libs fwpkclnt) || fail "pkg-config --libs fwpkclnt failed"
echo "cflags: $cflags"
echo "libs:   $libs"
if [ "$mode" = installed ]; then
    case $cflags in *"$dest"*) ;; *) fail "installed cflags do not point into the install tree: $cflags" ;; esac
fi
# shellcheck disable=SC2086
"${cc[@]}" -std=c11 -Wall -Wextra -Werror $cflags -o "$tmp/probe" "$probe" $libs ||
    fail "could not build $probe with pkg-config flags only"
libpath=$(pkg-config --libs-only-L fwpkclnt | sed 's/-L//g' | tr ' ' ':')
LD_LIBRARY_PATH=$libpath${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$tmp/probe" || fail "probe failed to run"
if [ "$mode" = installed ]; then
    # the probe must have loaded the installed copy, not the build tree's
    LD_LIBRARY_PATH=$libpath ldd "$tmp/probe" | grep libfwpkclnt | grep -q "$dest" ||
        fail "probe did not resolve libfwpkclnt from the install tree"
fi
echo "PASS: pkg-config ($mode)"
