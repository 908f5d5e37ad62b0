package fwpk

// The cgo files of this package include <fwpmk.h> and call libfwpkclnt.
// cgo flags are package-wide, so this one directive serves them all: a user
// module needs only PKG_CONFIG_PATH (the installed fwpkclnt.pc, or
// <build>/meson-uninstalled, whose Libs carry an rpath into the build tree),
// never CGO_CFLAGS/CGO_LDFLAGS.  internal/raw carries the same directive.

// #cgo pkg-config: fwpkclnt
import "C"
