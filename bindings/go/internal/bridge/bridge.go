// Package bridge lets code inside this module (the conformance runner,
// cmd/fwpk-conformance) reach what package fwpk keeps unexported: the
// builders of native input structures and the native layout.  Package fwpk
// fills the variables in its init; nothing here is public API.
//
// The runner builds its inputs as fwpk values and calls through internal/raw
// when a step cannot be expressed with the idiomatic API (NULL pointers,
// lying counts, {size>0, NULL} blobs, forged handles): Native gives it the
// native structure of a value, Offset the places it then overwrites.
package bridge

import "unsafe"

// Native builds the native structure of v in C memory and returns it with
// the function that frees it.  v is a pointer to an fwpk input type
// (Filter, FilterEnumTemplate, Session, GUID, SaContextEnumTemplate,
// SessionEnumTemplate, SaEnumTemplate, VirtualIfTunnelInfo, SaContext →
// IPSEC_SA_CONTEXT1; Traffic, GetSpi, SaBundle in the given version 0 or 1)
// or a *string (a wchar_t string).  A nil pointer gives nil.
var Native func(v any, version int) (p unsafe.Pointer, free func())

// Offset is offsetof("TYPE.member") or sizeof("TYPE") of a native structure.
var Offset func(name string) uintptr

// Go converts a native structure returned by the library (kind is its C
// type name: FWPM_FILTER0 → *fwpk.Filter, FWPM_SESSION0 → fwpk.Session,
// IPSEC_SA_CONTEXT0/1 → fwpk.SaContext, IPSEC_SA_DETAILS0/1 →
// *fwpk.SaDetails, IPSEC_STATISTICS0/1 → fwpk.Statistics, read from a buffer
// of Offset("IPSEC_STATISTICS1") bytes) while the block is alive.
var Go func(p unsafe.Pointer, kind string) any
