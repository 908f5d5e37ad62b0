// fwpk-conformance — the Go conformance runner (tests/conformance/FORMAT.md):
//
//	fwpk-conformance <scenario-dir> <trace-out-dir>
//
// It runs every scenario of <scenario-dir> (byte order, one process, one
// thread) through the Go binding and writes <trace-out-dir>/NAME.trace.
//
//   - scenario.go: the one parse step (lines → declarations and calls), the
//     argument and value forms, variables and GUID literals.
//   - decl.go: declarations → fwpk value types, plus the "lies" the value
//     types cannot carry (counts that differ from slice lengths, {size>0,
//     NULL} blobs), applied to the native structure by the raw path.
//   - calls.go: the one dispatch table of call names.  Each call uses the
//     idiomatic API (fwpk.Engine, fwpk.Iterator) when the step can be
//     expressed with it: live handles the runner opened, no NULL
//     out-pointers, no lies.  Otherwise it calls internal/raw with native
//     structures from internal/bridge (package fwpk's own builders).
//   - print.go: the canonical trace forms (§5).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"fwpkclnt/bindings/go/fwpk"
)

const expireDelay = "500"

func main() {
	if len(os.Args) < 3 || len(os.Args) > 5 {
		fmt.Fprintln(os.Stderr, "usage: fwpk-conformance <scenario-dir> <trace-out-dir>")
		os.Exit(2)
	}
	if os.Getenv("FWPKCLNT_EXPIRE_DELAY_MS") != expireDelay {
		// Go's os.Setenv reaches C's environ when cgo is linked.
		os.Setenv("FWPKCLNT_EXPIRE_DELAY_MS", expireDelay)
	}
	// One thread for the library: every call from the main goroutine's thread.
	runtime.LockOSThread()
	os.Exit(run(os.Args[1], os.Args[2]))
}

func run(scenarioDir, traceDir string) int {
	files, err := filepath.Glob(filepath.Join(scenarioDir, "*.scn"))
	if err != nil || len(files) == 0 {
		fmt.Fprintf(os.Stderr, "fwpk-conformance: no scenarios in %s (%v)\n", scenarioDir, err)
		return 2
	}
	sort.Strings(files)
	if err := os.MkdirAll(traceDir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	r := newRunner()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		name := strings.TrimSuffix(filepath.Base(f), ".scn")
		trace := r.runScenario(name, string(src))
		if err := os.WriteFile(filepath.Join(traceDir, name+".trace"), []byte(trace), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	r.closeAll()
	fmt.Fprintf(os.Stderr, "fwpk-conformance: %d scenario(s) run, traces in %s\n", len(files), traceDir)
	return 0
}

// reset is the untraced isolation step before each scenario (FORMAT.md §1).
func (r *runner) reset() {
	r.closeAll()
	eng, err := fwpk.Open(nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "reset: FwpmEngineOpen0 failed:", err)
		return
	}
	defer eng.Close()
	if it, err := eng.EnumerateSaContexts0(nil, 0); err == nil {
		if page, err := it.NextPage(0xFFFFFFFF); err == nil {
			for _, c := range page {
				_ = eng.DeleteSaContext(c.SaContextID)
			}
		}
		it.Close()
	}
	if it, err := eng.EnumerateFilters(nil, 0); err == nil {
		if page, err := it.NextPage(0xFFFFFFFF); err == nil {
			for _, f := range page {
				_ = eng.DeleteFilter(f.FilterID)
			}
		}
		it.Close()
	}
	if st, err := eng.GetStatistics(); err == nil {
		r.baseAdded = st.AggregateSaStatistics.TotalSasAdded
		r.baseDeleted = st.AggregateSaStatistics.TotalSasDeleted
	}
}

// closeAll closes every engine handle the runner opened (results ignored).
func (r *runner) closeAll() {
	for _, e := range r.opened {
		_ = e.Close()
	}
	for _, h := range r.rawOpened {
		closeRawEngine(h)
	}
	r.opened, r.rawOpened = nil, nil
	r.engines = map[uintptr]*fwpk.Engine{}
	r.iters = map[uintptr]*iterRec{}
}
