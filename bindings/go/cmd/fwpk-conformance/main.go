// Command fwpk-conformance is the Go interpreter of the compiled conformance
// scenarios (tests/conformance/OPS.md):
//
//	fwpk-conformance <ops-dir> <raw-dir>
//
// Each NAME.ops gives NAME.raw.  A call goes through the public SDK (package
// fwpk) when the SDK can express it, else through the raw shims
// (internal/raw); the dispatch table of both is generated (dispatch_gen.go).
// The trace is rendered elsewhere (render.py), from the raw log.
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"fwpkclnt/bindings/go/fwpk"
	"fwpkclnt/bindings/go/fwpk/internal/raw"
)

const forgedHandle = 0x4242424242424242

type patch struct {
	arg, off, width int
	v               string
}

type runner struct {
	vars    map[string]uint64
	opened  []uint64                // engine handles since the last reset
	engines map[uint64]*fwpk.Engine // those opened through the SDK
	keep    []*fwpk.Engine          // never finalised: a raw close must not be repeated by a finalizer
	w       *bufio.Writer
	viaSDK  int // calls the public SDK made
	viaRaw  int // calls that needed the raw shims
}

// call is one `call` op being executed.
type call struct {
	r       *runner
	args    []string
	patches []patch
	binds   map[int]string
	st      int32
	outs    []string
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "fwpk-conformance: "+format+"\n", a...)
	os.Exit(2)
}

func (c *call) number(tok string) uint64 {
	if strings.HasPrefix(tok, "$") {
		v, ok := c.r.vars[tok]
		if !ok {
			fail("unbound variable %s", tok)
		}
		return v
	}
	n, err := strconv.ParseUint(tok, 10, 64)
	if err != nil {
		fail("bad number %q", tok)
	}
	return n
}

func (c *call) handle(i int) uint64 {
	switch c.args[i] {
	case "null":
		return 0
	case "forged":
		return forgedHandle
	}
	return c.number(c.args[i])
}

func (c *call) scalar(i int) uint64 { return c.number(c.args[i]) }

func (c *call) isNull(i int) bool { return c.args[i] == "null" }

// bytes is an in_struct / in_wstr argument with its patches applied (nil = NULL).
func (c *call) bytes(i int) []byte {
	if c.isNull(i) {
		return nil
	}
	b, err := hex.DecodeString(strings.TrimPrefix(c.args[i], "x"))
	if err != nil {
		fail("bad bytes %q", c.args[i])
	}
	for _, p := range c.patches {
		if p.arg == i {
			v := c.number(p.v)
			if p.width == 32 {
				binary.LittleEndian.PutUint32(b[p.off:], uint32(v))
			} else {
				binary.LittleEndian.PutUint64(b[p.off:], v)
			}
		}
	}
	return b
}

func (c *call) wstr(i int) *string {
	if c.isNull(i) {
		return nil
	}
	s := string(c.bytes(i))
	return &s
}

// value decodes argument i into v; false when the bytes do not round-trip
// through the Go value type (then the raw shim takes the op).
func (c *call) value(i int, v interface {
	UnmarshalBinary([]byte) error
	MarshalBinary() ([]byte, error)
}) bool {
	b := c.bytes(i)
	if v.UnmarshalBinary(b) != nil {
		return false
	}
	again, _ := v.MarshalBinary()
	return string(again) == string(b)
}

func (c *call) guid(i int, g *fwpk.GUID) bool {
	if c.isNull(i) {
		return false
	}
	b := c.bytes(i)
	if len(b) != len(g) {
		return false
	}
	copy(g[:], b)
	return true
}

// engine is the SDK engine of argument i, nil if it was not opened through the SDK.
func (c *call) engine(i int) *fwpk.Engine {
	if !strings.HasPrefix(c.args[i], "$") {
		return nil
	}
	return c.r.engines[c.handle(i)]
}

func (c *call) opened(e *fwpk.Engine) uint64 {
	if e == nil {
		return 0
	}
	c.r.engines[e.Handle()] = e
	c.r.keep = append(c.r.keep, e)
	return e.Handle()
}

// allOut: the output arguments pass storage (the SDK cannot pass NULL).
func (c *call) allOut(outs ...int) bool {
	for _, i := range outs {
		if c.args[i] != "out" {
			return false
		}
	}
	return true
}

func (c *call) outU64(i int) *uint64 {
	if c.isNull(i) {
		return nil
	}
	return new(uint64)
}

func (c *call) outU32(i int) *uint32 {
	if c.isNull(i) {
		return nil
	}
	return new(uint32)
}

func (c *call) outPage(i int) *[]byte {
	if c.isNull(i) {
		return nil
	}
	return new([]byte)
}

func (c *call) setStatus(st int32) { c.st = st }

func (c *call) bind(i int, v uint64) {
	if name, ok := c.binds[i]; ok {
		if c.st != 0 {
			v = 0
		}
		c.r.vars[name] = v
	}
}

func (c *call) handleResult(i int, p *uint64) {
	var v uint64
	if p != nil {
		v = *p
	}
	c.bind(i, v)
	if p != nil && c.st == 0 {
		if v != 0 {
			c.outs = append(c.outs, "handle")
		} else {
			c.outs = append(c.outs, "null")
		}
	}
}

func (c *call) scalarResult64(i int, p *uint64) {
	var v uint64
	if p != nil {
		v = *p
	}
	c.bind(i, v)
	if p != nil && c.st == 0 {
		c.outs = append(c.outs, strconv.FormatUint(v, 10))
	}
}

func (c *call) scalarResult32(i int, p *uint32) {
	var v *uint64
	if p != nil {
		x := uint64(*p)
		v = &x
	}
	c.scalarResult64(i, v)
}

func (c *call) pageResult(i int, p *[]byte) {
	if p != nil && c.st == 0 {
		if len(*p) == 0 {
			c.outs = append(c.outs, "null")
		} else {
			c.outs = append(c.outs, "x"+hex.EncodeToString(*p))
		}
	}
}

// statusOf is the library's status of an SDK error; anything else is runner trouble.
func statusOf(err error) int32 {
	if err == nil {
		return 0
	}
	var fe *fwpk.Error
	if !errors.As(err, &fe) {
		fail("%v", err)
	}
	return int32(fe.Code)
}

// viewsPage re-encodes an enumeration the SDK returned as the page the shim gives.
func viewsPage[V interface{ Bytes() []byte }](typeName string, views []V) []byte {
	recs := make([][]byte, len(views))
	for i, v := range views {
		recs[i] = v.Bytes()
	}
	return fwpk.AppendPage(nil, typeName, recs...)
}

// blockPage encodes a value the SDK returned (with the generated encoder) as a page of one.
func blockPage(typeName string, v interface{ MarshalBinary() ([]byte, error) }, isNil bool) []byte {
	if isNil {
		return fwpk.AppendPage(nil, typeName, nil)
	}
	b, err := v.MarshalBinary()
	if err != nil {
		fail("%v", err)
	}
	return fwpk.AppendPage(nil, typeName, b)
}

func (r *runner) reset() {
	for _, h := range r.opened {
		raw.Fwpkx_FwpmEngineClose0(h)
	}
	r.opened, r.vars, r.engines = nil, map[string]uint64{}, map[uint64]*fwpk.Engine{}
	e, err := fwpk.Open(nil)
	if err != nil {
		fail("reset: %v", err)
	}
	defer e.Close()
	if h, err := e.CreateSaContextEnumHandle(nil); err == nil {
		cs, _ := e.EnumSaContext(h, 0xFFFFFFFF)
		for _, c := range cs {
			e.DeleteSaContext(c.SaContextId())
		}
		e.DestroySaContextEnumHandle(h)
	}
	if h, err := e.CreateFilterEnumHandle(nil); err == nil {
		fs, _ := e.EnumFilter(h, 0xFFFFFFFF)
		for _, f := range fs {
			e.DeleteFilter(f.FilterId())
		}
		e.DestroyFilterEnumHandle(h)
	}
	s, err := e.GetStatistics()
	if err != nil {
		fail("reset: %v", err)
	}
	fmt.Fprintf(r.w, "reset %d %d %d\n", s.AggregateSaStatistics.TotalSasAdded, s.AggregateSaStatistics.TotalSasDeleted, os.Getpid())
}

// special runs the calls that are not shims (no status).
func (r *runner) special(fn string, args []string) bool {
	var out string
	switch fn {
	case "FwpkStatusName":
		n, _ := strconv.ParseUint(args[0], 10, 32)
		if name := fwpk.StatusName(int32(uint32(n))); name != "" {
			out = " x" + hex.EncodeToString([]byte(name))
		} else {
			out = " null"
		}
	case "FwpkLibVersion":
		out = " x" + hex.EncodeToString([]byte(fwpk.LibVersion()))
	case "FwpkLibVersionNumber":
		out = " " + strconv.Itoa(fwpk.LibVersionNumber())
	case "FwpmFreeMemory0": // Go cannot express it: nothing happens
	default:
		return false
	}
	fmt.Fprintf(r.w, "-%s\n", out)
	return true
}

func (r *runner) call(toks []string) {
	fn := toks[0]
	if r.special(fn, toks[1:]) {
		return
	}
	c := &call{r: r, binds: map[int]string{}}
	rest := toks[1:]
	for len(rest) > 0 && rest[0] != "patch" && rest[0] != "bind" {
		c.args, rest = append(c.args, rest[0]), rest[1:]
	}
	for len(rest) > 0 {
		switch {
		case rest[0] == "patch" && len(rest) >= 5:
			arg, _ := strconv.Atoi(rest[1])
			off, _ := strconv.Atoi(rest[2])
			w := 64
			if rest[3] == "u32" {
				w = 32
			}
			c.patches = append(c.patches, patch{arg, off, w, rest[4]})
			rest = rest[5:]
		case rest[0] == "bind" && len(rest) >= 3:
			i, _ := strconv.Atoi(rest[1])
			c.binds[i] = rest[2]
			rest = rest[3:]
		default:
			fail("bad op tail %v", rest)
		}
	}
	if sdk, ok := sdkCalls[fn]; ok && sdk(c) {
		r.viaSDK++
	} else {
		r.viaRaw++
		rawCall, ok := rawCalls[fn]
		if !ok {
			fail("unknown function %s", fn)
		}
		c.outs, c.st = nil, 0
		rawCall(c)
	}
	if fn == "FwpmEngineOpen0" && c.st == 0 {
		for i, a := range c.args {
			if a == "out" && c.binds[i] != "" {
				r.opened = append(r.opened, r.vars[c.binds[i]])
			}
		}
	}
	line := fmt.Sprintf("%08x", uint32(c.st))
	if c.st == 0 && len(c.outs) > 0 {
		line += " " + strings.Join(c.outs, " ")
	}
	fmt.Fprintln(r.w, line)
}

func (r *runner) scenario(opsPath, rawPath string) {
	data, err := os.ReadFile(opsPath)
	if err != nil {
		fail("%v", err)
	}
	f, err := os.Create(rawPath)
	if err != nil {
		fail("%v", err)
	}
	r.w = bufio.NewWriter(f)
	for _, line := range strings.Split(string(data), "\n") {
		toks := strings.Split(line, " ")
		switch toks[0] {
		case "", "#", "lit":
		case "reset":
			r.reset()
		case "sleep":
			ms, _ := strconv.Atoi(toks[1])
			time.Sleep(time.Duration(ms) * time.Millisecond)
		case "call":
			r.call(toks[1:])
		case "error":
			r.w.Flush()
			f.Close()
			return
		default:
			fail("unknown op %q", toks[0])
		}
	}
	r.w.Flush()
	f.Close()
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: fwpk-conformance <ops-dir> <raw-dir>")
	}
	ops, _ := filepath.Glob(filepath.Join(os.Args[1], "*.ops"))
	sort.Strings(ops)
	if len(ops) == 0 {
		fail("no .ops files in %s", os.Args[1])
	}
	if err := os.MkdirAll(os.Args[2], 0o755); err != nil {
		fail("%v", err)
	}
	r := &runner{vars: map[string]uint64{}, engines: map[uint64]*fwpk.Engine{}}
	for _, p := range ops {
		r.scenario(p, filepath.Join(os.Args[2], strings.TrimSuffix(filepath.Base(p), ".ops")+".raw"))
	}
	for _, h := range r.opened {
		raw.Fwpkx_FwpmEngineClose0(h)
	}
	fmt.Fprintf(os.Stderr, "fwpk-conformance: %d scenarios, %d calls through the SDK, %d through the raw shims\n",
		len(ops), r.viaSDK, r.viaRaw)
}
