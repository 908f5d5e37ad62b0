// fwpk-conformance — the Go conformance runner (tests/conformance/FORMAT.md):
//
//	fwpk-conformance <scenario-dir> <trace-out-dir>
//
// STATUS: scaffold only.  It reads the scenarios in byte order and writes one
// trace per scenario, but does not interpret the scenario language yet: every
// trace is the single line `1 <first call> RUNNER_ERROR` (FORMAT.md §5.4), so
// the checker reports every Go trace as different — loudly, never a skip.
// The plan for the full runner (see bindings/go/README.md): build inputs as
// fwpk value types, call through fwpk.Engine where the idiomatic API can
// express the step and through internal/raw (nil out-pointers, forged or
// foreign handles, lying counts) where it cannot.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: fwpk-conformance <scenario-dir> <trace-out-dir>")
		os.Exit(2)
	}
	if os.Getenv("FWPKCLNT_EXPIRE_DELAY_MS") == "" {
		// Go's os.Setenv reaches C's environ when cgo is linked.
		os.Setenv("FWPKCLNT_EXPIRE_DELAY_MS", "500")
	}
	os.Exit(run(os.Args[1], os.Args[2]))
}
