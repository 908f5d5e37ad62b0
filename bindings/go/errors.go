package fwpk

/*
#include <fwpmk.h>
*/
import "C"

import "fmt"

// Status is an NTSTATUS / FWP_E_* code as the library returns it.
type Status int32

// Name is the symbolic name of the code (the headers' table, consts_gen.go),
// or "" for a code the headers do not define.
func (s Status) Name() string { return statusNames[s] }

func (s Status) String() string {
	if n := s.Name(); n != "" {
		return n
	}
	return fmt.Sprintf("0x%08X", uint32(s))
}

// StatusName is the name of a code or "" for an unknown one.
func StatusName(code int32) string { return statusNames[Status(code)] }

// LibVersion is FwpkLibVersion (the loaded library's version string).
func LibVersion() string { return C.GoString(C.FwpkLibVersion()) }

// LibVersionNumber is FwpkLibVersionNumber.
func LibVersionNumber() int { return int(C.FwpkLibVersionNumber()) }

// VersionNumber is FWPKCLNT_VERSION_NUMBER of the headers this package was built against.
const VersionNumber = FwpkclntVersionNumber

// Error is every failure of a call: the exact code the library returned, its
// symbolic name and the function that failed.  Compare with errors.Is
// against the Err* sentinels (consts_gen.go, one per code), or read Code
// with errors.As.
type Error struct {
	Code Status // the NTSTATUS / FWP_E_* value
	Name string // e.g. "FWP_E_NOT_FOUND"
	Op   string // the C function that failed, e.g. "IPsecSaContextGetById1" ("" for sentinels)
}

func (e *Error) Error() string {
	if e.Op == "" {
		return fmt.Sprintf("fwpk: %s (0x%08X)", e.Code, uint32(e.Code))
	}
	return fmt.Sprintf("fwpk: %s: %s (0x%08X)", e.Op, e.Code, uint32(e.Code))
}

// Is makes errors.Is(err, fwpk.ErrNotFound) true for any *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// check turns a returned status into nil or an *Error.
func check(op string, st int32) error {
	if st == 0 {
		return nil
	}
	return &Error{Code: Status(st), Name: statusNames[Status(st)], Op: op}
}
